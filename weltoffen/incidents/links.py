"""Links between incidents of the same reporter that share a perpetrator or an account,
and the escalation over time of a linked set.

A link is stored once, as (first_id, second_id) with first_id < second_id. Only the
reporter links and unlinks, and only their own incidents (permissions.can_manage_incident
on both). The linked set of an incident is everything reachable over links."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select

from .. import audit, permissions
from ..charts.escalation import Escalation
from ..extensions import db
from .access import open_contents
from .models import Incident, IncidentLink


class LinkRefused(ValueError):
    """The two incidents cannot be linked (not both the user's own, the same, deleted)."""


def _pair(a: Incident, b: Incident) -> tuple[int, int]:
    return (a.id, b.id) if a.id < b.id else (b.id, a.id)


def _check(user, a: Incident, b: Incident) -> None:
    if a.id == b.id:
        raise LinkRefused("an incident cannot be linked to itself")
    if a.shredded or b.shredded:
        raise LinkRefused("deleted incidents cannot be linked")
    if not (permissions.can_manage_incident(user, a) and permissions.can_manage_incident(user, b)):
        raise LinkRefused("only the reporter links their own incidents")


def find(a: Incident, b: Incident) -> IncidentLink | None:
    first, second = _pair(a, b)
    return db.session.scalar(select(IncidentLink).where(IncidentLink.first_id == first,
                                                        IncidentLink.second_id == second))


def link(user, a: Incident, b: Incident) -> IncidentLink:
    """Link two of the user's own incidents (idempotent); audited on both. Raises LinkRefused."""
    _check(user, a, b)
    existing = find(a, b)
    if existing is not None:
        return existing
    first, second = _pair(a, b)
    item = IncidentLink(first_id=first, second_id=second)
    db.session.add(item)
    db.session.flush()
    for one, other in ((a, b), (b, a)):
        audit.record("incident.linked", actor=user, obj=one, other=other.id)
    return item


def unlink(user, a: Incident, b: Incident) -> bool:
    """Remove the link between two of the user's own incidents; False if there was none."""
    _check(user, a, b)
    existing = find(a, b)
    if existing is None:
        return False
    db.session.delete(existing)
    db.session.flush()
    for one, other in ((a, b), (b, a)):
        audit.record("incident.unlinked", actor=user, obj=one, other=other.id)
    return True


def linked_ids(incident: Incident) -> list[int]:
    """Ids of the incidents directly linked to `incident`."""
    rows = db.session.execute(
        select(IncidentLink.first_id, IncidentLink.second_id).where(
            or_(IncidentLink.first_id == incident.id, IncidentLink.second_id == incident.id))
    ).all()
    return sorted({b if a == incident.id else a for a, b in rows})


def linked_set(incident: Incident, user) -> list[Incident]:
    """The incident and every incident reachable over links that `user` may read and
    that is not deleted, ordered by id."""
    seen, todo = {incident.id}, [incident.id]
    while todo:
        rows = db.session.execute(
            select(IncidentLink.first_id, IncidentLink.second_id).where(
                or_(IncidentLink.first_id.in_(todo), IncidentLink.second_id.in_(todo)))
        ).all()
        todo = [i for pair in rows for i in pair if i not in seen]
        seen.update(todo)
    items = db.session.scalars(select(Incident).where(Incident.id.in_(seen)).order_by(Incident.id)).all()
    return [i for i in items if i.id == incident.id or (not i.shredded and permissions.can_view_incident(user, i))]


def candidates(incident: Incident, user) -> list[Incident]:
    """The user's other saved incidents that could be linked to `incident`."""
    linked = set(linked_ids(incident))
    return db.session.scalars(
        select(Incident).where(Incident.reporter_id == user.id, Incident.id != incident.id,
                               Incident.status != "draft", Incident.wrapped_key.is_not(None),
                               Incident.id.not_in(linked) if linked else Incident.id.is_not(None))
        .order_by(Incident.id)
    ).all()


@dataclass(frozen=True)
class Point:
    """One incident of a linked set for the escalation table and chart."""

    incident: Incident
    day: date | None
    time: str
    form: str
    severity: int | None


def points(incidents) -> list[Point]:
    """The incidents by date (then id), with date, form and severity from their contents."""
    result = []
    for item in incidents:
        contents = open_contents(item)
        try:
            day = date.fromisoformat(contents.get("date") or "")
        except ValueError:
            day = None
        severity = contents.get("severity")
        result.append(Point(item, day, contents.get("time") or "", contents.get("form") or item.form or "",
                            severity if isinstance(severity, int) else item.severity))
    return sorted(result, key=lambda p: (p.day or date.max, p.incident.id))


def escalation(rows: list[Point], title: str, description: str, levels: tuple[str, ...]) -> Escalation:
    """The chart of a linked set (labels are the row numbers of the table beside it)."""
    dated = [(i, p) for i, p in enumerate(rows, 1) if p.day is not None]
    return Escalation(title=title, description=description, days=tuple(p.day for _i, p in dated),
                      severities=tuple(p.severity for _i, p in dated), levels=levels,
                      labels=tuple(str(i) for i, _p in dated))
