"""The coordinators' overview of dialogue in their network (network staff only). The
figures are computed once per network, version and day (versions.py) and kept per
process; a page shows 50 municipalities."""

from datetime import date

from flask import render_template, request

from .. import permissions
from ..network.services import get_network_or_404
from ..platform.cache import Cache
from . import bp, catalogue, network_figures, versions

PAGE_SIZE = 50
_OVERVIEWS = Cache(max_entries=32, max_size=200_000,
                   size=lambda o: 1 + len(o.municipalities) + len(o.flagged))


def cached_overview(network, today: date) -> network_figures.Overview:
    key = (network.id, versions.token(network.id), today.isoformat())
    data = _OVERVIEWS.get(key)
    if data is None:
        data = network_figures.overview(network, today)
        _OVERVIEWS.put(key, data)
    return data


@bp.route("/networks/<int:network_id>/overview")
def overview(network_id: int):
    network = get_network_or_404(network_id, permissions.can_view_dialogue_overview)
    data = cached_overview(network, date.today())
    pages = max(1, -(-len(data.municipalities) // PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template(
        "dialogue/overview.html", network=network, data=data, page=page, page_size=PAGE_SIZE,
        rows=data.municipalities[(page - 1) * PAGE_SIZE:page * PAGE_SIZE],
        format_names={key: str(f.name) for key, f in catalogue.formats().items()},
    )
