"""Sessions of a dialogue process: record and change them with their attendance,
counted by target group as numbers, never as names (no HTTP; the view commits)."""

from datetime import date

from .. import audit
from ..extensions import db
from .models import ACCESSIBILITY, TARGET_GROUPS, DialogueSession, SessionAttendance

#: Fields of a session a form may set (attendance is given separately).
FIELDS = (
    "title", "held_on", "time_of_day", "place", "accessibility", "interpreting_languages", "organisations",
    "minutes", "is_public_event", "safety_plan",
)


def create_session(process, user, *, attendance: dict | None = None, **values) -> DialogueSession:
    """A new session of `process`; `values` are FIELDS, `attendance` group -> count."""
    session = DialogueSession(process_id=process.id)
    _apply(session, values)
    process.sessions.append(session)
    set_attendance(session, attendance or {})
    db.session.flush()
    audit.record("dialogue.session_created", actor=user, obj=session, municipality_id=process.municipality_id)
    return session


def update_session(session: DialogueSession, user, *, attendance: dict | None = None, **values) -> DialogueSession:
    _apply(session, values)
    if attendance is not None:
        set_attendance(session, attendance)
    db.session.flush()
    audit.record("dialogue.session_changed", actor=user, obj=session,
                 municipality_id=session.process.municipality_id)
    return session


def _apply(session: DialogueSession, values: dict) -> None:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown session fields: {sorted(unknown)}")
    if "held_on" in values and not isinstance(values["held_on"], date):
        raise ValueError("a session needs a date")
    if set(values.get("accessibility") or []) - set(ACCESSIBILITY):
        raise ValueError(f"unknown accessibility offers: {values['accessibility']!r}")
    for name, value in values.items():
        if name == "accessibility":
            value = [key for key in ACCESSIBILITY if key in (value or [])]
        setattr(session, name, value)


def set_attendance(session: DialogueSession, counts: dict[str, int | None]) -> None:
    """Sets the counts of the given groups; a count of None or 0 removes the group."""
    for group, count in counts.items():
        if group not in TARGET_GROUPS:
            raise ValueError(f"unknown target group {group!r}")
        if count is not None and (not isinstance(count, int) or count < 0):
            raise ValueError(f"{group}: attendance must be a whole number of 0 or more")
    existing = {a.group_key: a for a in session.attendance}
    for group, count in counts.items():
        row = existing.get(group)
        if not count:
            if row is not None:
                session.attendance.remove(row)
        elif row is None:
            session.attendance.append(SessionAttendance(group_key=group, count=count))
        else:
            row.count = count


def attendance_of(session: DialogueSession) -> dict[str, int]:
    return {a.group_key: a.count for a in session.attendance}


def outside_sessions_phase(process, held_on: date | None) -> bool:
    """Whether a session date lies outside the process's "sessions" phase (a warning)."""
    phase = next((p for p in process.phases if p.kind == "sessions"), None)
    if phase is None or held_on is None:
        return False
    return bool((phase.starts_on and held_on < phase.starts_on) or (phase.ends_on and held_on > phase.ends_on))
