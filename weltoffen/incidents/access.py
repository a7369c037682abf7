"""Loading an incident for the current user, and its sealed contents.

`get_incident_or_404` is the only way views load an incident: it answers 404 both
for an id that does not exist and for one the user may not see, so ids cannot be
probed. A shredded incident answers 410 ("deleted") to its reporter, 404 to
everyone else.

Sealing purposes used by the core (see sealing.py): "incident" for Incident.sealed,
f"entry:{entry.id}" for TimelineEntry.sealed.
"""

from flask import abort, make_response, render_template
from flask_login import current_user

from .. import permissions
from ..extensions import db
from . import sealing
from .models import Incident


def get_incident_or_404(incident_id: int, *, write: bool = False, manage: bool = False) -> Incident:
    """The incident if the current user may see it (and change it with `write`,
    manage it with `manage`); otherwise 404, the same as for a missing id."""
    incident = db.session.get(Incident, incident_id)
    if incident is None:
        abort(404)
    access = permissions.incident_access(current_user, incident)
    if access is None:
        abort(404)
    if incident.shredded:
        if access == "owner":
            abort(make_response(render_template("incidents/deleted.html"), 410))
        abort(404)
    if manage and not permissions.can_manage_incident(current_user, incident):
        abort(404)
    if write and not permissions.can_edit_incident(current_user, incident):
        abort(404)
    return incident


def open_contents(incident: Incident) -> dict:
    """The sealed contents of the incident as a dict ({} before anything was saved);
    raises sealing.Shredded once the key is gone."""
    if incident.shredded:
        raise sealing.Shredded(incident.id)
    return sealing.open_json(incident, incident.sealed, "incident")


def save_contents(incident: Incident, contents: dict) -> None:
    """Seal `contents` into Incident.sealed (creating the data key if needed)."""
    if incident.id is None:
        db.session.flush()
    if incident.wrapped_key is None:
        if incident.shredded_at is not None:
            raise sealing.Shredded(incident.id)
        sealing.create_key(incident)
    incident.sealed = sealing.seal_json(incident, contents, "incident")
