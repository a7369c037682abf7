"""The timeline of an incident: notes, police contact, the complaint with its case
number, deadlines with reminders, prosecution, support and consequences.

Everything an entry says is sealed under the purpose f"entry:{entry.id}"; only the
kind and a deadline's date are in the clear (the reminder job needs the date)."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..platform.dates import add_months
from ..platform.db.columns import utcnow
from . import sealing
from .models import ENTRY_KINDS, Incident, TimelineEntry

CONSEQUENCES = ("strain", "changed_behaviour", "considering_quitting")
SUPPORT_STATES = ("sought", "received")


def add_entry(incident: Incident, user, kind: str, data: dict, due_on: date | None = None) -> TimelineEntry:
    """Add one entry; `data` (date, text, case number, status ...) is sealed."""
    if kind not in ENTRY_KINDS:
        raise ValueError(kind)
    entry = TimelineEntry(kind=kind, author_id=getattr(user, "id", None), sealed=b"",
                          due_on=due_on if kind == "deadline" else None)
    incident.entries.append(entry)
    db.session.flush()
    entry.sealed = sealing.seal_json(incident, data, f"entry:{entry.id}")
    incident.updated_at = utcnow()
    db.session.flush()
    audit.record("incident.entry_added", actor=user, obj=incident, entry=entry.id, kind=kind)
    return entry


def delete_entry(entry: TimelineEntry, user) -> None:
    incident = entry.incident
    entry_id, kind = entry.id, entry.kind
    incident.entries.remove(entry)
    db.session.flush()
    audit.record("incident.entry_deleted", actor=user, obj=incident, entry=entry_id, kind=kind)


def open_entry(incident: Incident, entry: TimelineEntry) -> dict:
    return sealing.open_json(incident, entry.sealed, f"entry:{entry.id}")


def entries_of(incident: Incident) -> list[tuple[TimelineEntry, dict]]:
    """Entries with their opened contents, in the order of their date, then of entry."""
    rows = [(e, open_entry(incident, e)) for e in incident.entries]
    return sorted(rows, key=lambda row: (row[1].get("date") or "", row[0].id))


def complaint_deadline(day: date) -> date:
    """Last day for the criminal complaint: three months after the incident."""
    return add_months(day, 3)


def suggest_complaint_deadline(incident: Incident, user, day: date) -> TimelineEntry | None:
    """For insult-type forms: a deadline entry three months after the incident, unless
    the incident already has a deadline or a filed complaint."""
    if any(e.kind in ("deadline", "complaint_filed") for e in incident.entries):
        return None
    due = complaint_deadline(day)
    return add_entry(incident, user, "deadline", {"date": date.today().isoformat(), "deadline": "complaint",
                                                  "suggested": True}, due_on=due)


def _window_start(due_on: date, days_left: int, thresholds: list[int]) -> date | None:
    """Start of the reminder window the deadline is in (the smallest threshold not
    below the days left), or None outside every window."""
    reached = [t for t in thresholds if days_left <= t]
    return due_on - timedelta(days=min(reached)) if reached else None


def due_reminders(today: date | None = None) -> list[TimelineEntry]:
    """Deadlines of open incidents that entered a reminder window (INCIDENT_REMINDER_DAYS,
    e.g. 14 and 3 days before) and have not been reminded in that window."""
    today = today or date.today()
    thresholds = sorted(int(t) for t in current_app.config["INCIDENT_REMINDER_DAYS"])
    horizon = today + timedelta(days=max(thresholds))
    candidates = db.session.scalars(
        select(TimelineEntry).join(Incident, Incident.id == TimelineEntry.incident_id).where(
            TimelineEntry.due_on.is_not(None), TimelineEntry.due_on >= today, TimelineEntry.due_on <= horizon,
            Incident.status == "open", Incident.wrapped_key.is_not(None),
        ).order_by(TimelineEntry.due_on, TimelineEntry.id)
    ).all()
    due = []
    for entry in candidates:
        start = _window_start(entry.due_on, (entry.due_on - today).days, thresholds)
        if start is not None and (entry.reminded_at is None or entry.reminded_at.date() < start):
            due.append(entry)
    return due


def mark_reminded(entry: TimelineEntry) -> None:
    entry.reminded_at = utcnow()
    db.session.flush()
    audit.record("incident.deadline_reminded", obj=entry.incident, entry=entry.id)
