"""Adding and removing timeline entries (the reporter and trust persons who may change
the incident)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from . import bp, timeline
from .access import get_incident_or_404, open_contents
from .forms import EntryForm
from .models import ENTRY_KINDS


@bp.route("/<int:incident_id>/timeline", methods=["GET", "POST"])
def add_entry(incident_id: int):
    item = get_incident_or_404(incident_id, write=True)
    form = EntryForm()
    if request.method == "GET" and request.args.get("kind") in ENTRY_KINDS:
        form.kind.data = request.args["kind"]
    if form.validate_on_submit():
        timeline.add_entry(item, current_user, form.kind.data, form.data_for(),
                           due_on=form.due_on.data if form.kind.data == "deadline" else None)
        db.session.commit()
        flash(_("The entry was added to the timeline."), "success")
        return redirect(url_for("incidents.incident", incident_id=item.id) + "#timeline")
    status = 422 if request.method == "POST" else 200
    return render_template("incidents/timeline_new.html", incident=item, contents=open_contents(item),
                           form=form), status


@bp.route("/<int:incident_id>/timeline/<int:entry_id>/delete", methods=["POST"])
def delete_entry(incident_id: int, entry_id: int):
    item = get_incident_or_404(incident_id, write=True)
    entry = next((e for e in item.entries if e.id == entry_id), None)
    if entry is None:
        abort(404)
    timeline.delete_entry(entry, current_user)
    db.session.commit()
    flash(_("The entry was removed from the timeline."), "success")
    return redirect(url_for("incidents.incident", incident_id=item.id) + "#timeline")
