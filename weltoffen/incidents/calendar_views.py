"""The criminal-complaint deadline of an incident as a calendar file (.ics), for the
reporter alone. The event says nothing about the incident: a neutral title, the
deadline's day, a reminder and a link to the incident page by its number only.
Built with platform/calendar_files.py; private, never cached."""

from flask import abort, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..platform.calendar_files import Deadline, calendar_response, uid
from . import bp, timeline
from .access import get_incident_or_404

#: The reminder comes this many days before the last day (time to file the complaint).
REMIND_DAYS = 7


def complaint_deadline_entry(incident, entry_id: int):
    """The incident's complaint-deadline entry `entry_id`, or None (another kind of
    entry, another deadline, no date, or not this incident's)."""
    entry = next((e for e in incident.entries if e.id == entry_id), None)
    if entry is None or entry.kind != "deadline" or entry.due_on is None:
        return None
    if timeline.open_entry(incident, entry).get("deadline") != "complaint":
        return None
    return entry


@bp.route("/<int:incident_id>/timeline/<int:entry_id>/deadline.ics")
def deadline_calendar(incident_id: int, entry_id: int):
    incident = get_incident_or_404(incident_id)
    if not permissions.can_download_incident_deadline(current_user, incident):
        abort(404)  # as for an incident the user may not see: nothing to probe
    entry = complaint_deadline_entry(incident, entry_id)
    if entry is None:
        abort(404)
    deadline = Deadline(
        uid=uid("incident-deadline", entry.id),
        day=entry.due_on,
        summary=_("Deadline: check the criminal complaint"),
        url=url_for("incidents.incident", incident_id=incident.id, _external=True),
        remind_days_before=REMIND_DAYS,
    )
    return calendar_response([deadline], "weltoffen", f"frist-{entry.id}.ics", private=True)
