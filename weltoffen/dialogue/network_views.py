"""The coordinators' overview of dialogue in their network (network staff only)."""

from flask import render_template

from .. import permissions
from ..network.services import get_network_or_404
from . import bp, catalogue, network_figures


@bp.route("/networks/<int:network_id>/overview")
def overview(network_id: int):
    network = get_network_or_404(network_id, permissions.can_view_dialogue_overview)
    return render_template(
        "dialogue/overview.html", network=network, data=network_figures.overview(network),
        formats=catalogue.formats(),
    )
