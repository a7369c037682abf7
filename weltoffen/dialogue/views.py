"""The team's process pages: list, record, change, publish (sessions: session_views.py)."""

from flask import render_template
from flask_login import current_user

from .. import permissions
from . import access, bp, catalogue, labels, public_bp, services


@bp.context_processor
@public_bp.context_processor
def _labels() -> dict:
    return labels.context()


@bp.route("/municipalities/<int:municipality_id>/processes")
def index(municipality_id: int):
    municipality = access.municipality_or_404(municipality_id)
    return render_template(
        "dialogue/index.html",
        municipality=municipality,
        processes=services.processes_of(municipality.id),
        formats=catalogue.formats(),
        can_edit=permissions.can_edit_dialogue(current_user, municipality),
    )


@bp.route("/processes/<int:process_id>")
def process(process_id: int):
    process = access.process_or_404(process_id)
    return render_template("dialogue/process.html", process=process, format=catalogue.get(process.format_key))
