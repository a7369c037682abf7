"""What follows a result: advice requests to the network coordination and the
municipality's action plan."""

from datetime import date, timedelta

from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..forum.models import Notification
from ..network import services as network_services
from ..network.models import Municipality
from ..permissions import TEAM_ROLES
from ..platform.db.columns import utcnow
from .models import AdviceRequest, Measure, Submission


def request_advice(submission: Submission, user, dimension_key: str, message: str) -> AdviceRequest:
    request = AdviceRequest(
        submission_id=submission.id,
        municipality_id=submission.municipality_id,
        dimension_key=dimension_key,
        message=message.strip(),
        created_by_id=user.id,
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        "advice.requested",
        actor=user,
        obj=request,
        municipality_id=submission.municipality_id,
        dimension=dimension_key,
    )
    return request


def work_on_advice(request: AdviceRequest, user, status: str, answer: str) -> None:
    """Set the status; an answer text marks the request answered."""
    answer = answer.strip()
    if answer:
        newly = request.status != "answered" or request.answer != answer
        request.answer = answer
        request.answered_by_id = user.id
        request.answered_at = utcnow()
        status = "answered"
        if newly and request.created_by_id is not None:  # told in the app (and by mail: mails.py)
            db.session.add(Notification(user_id=request.created_by_id, kind="advice", advice_id=request.id,
                                        actor_id=user.id))
    request.status = status
    audit.record(
        "advice.updated",
        actor=user,
        obj=request,
        municipality_id=request.municipality_id,
        status=status,
    )


def advice_inbox(network_id: int, status: str | None = None) -> list[AdviceRequest]:
    stmt = (
        select(AdviceRequest)
        .join(Municipality, AdviceRequest.municipality_id == Municipality.id)
        .where(Municipality.network_id == network_id)
        .order_by(AdviceRequest.status != "open", AdviceRequest.created_at.desc())
    )
    if status:
        stmt = stmt.where(AdviceRequest.status == status)
    return list(db.session.scalars(stmt))


def open_advice_count(network_id: int) -> int:
    return db.session.scalar(
        select(func.count(AdviceRequest.id))
        .join(Municipality, AdviceRequest.municipality_id == Municipality.id)
        .where(Municipality.network_id == network_id, AdviceRequest.status != "answered")
    )


def team_members(municipality_id: int) -> list:
    """The municipality's current self-check team (member, lead, official; active
    accounts), by name: who may own a measure."""
    return network_services.active_people(municipality_id, TEAM_ROLES)


class MeasureError(ValueError):
    """A measure refused by the service (the form normally catches it first)."""


def save_measure(
    measure: Measure,
    user,
    *,
    title: str,
    description: str,
    owner: str,
    due_on: date | None,
    status: str,
    owner_id: int | None = None,
) -> Measure:
    """Create or update a measure. The owner must be of the municipality's team (or
    stay who they were). A new due date or owner earns a new reminder."""
    creating = measure.id is None
    if owner_id is not None and owner_id != measure.owner_id and owner_id not in {
        u.id for u in team_members(measure.municipality_id)
    }:
        raise MeasureError("owner")
    if due_on != measure.due_on or owner_id != measure.owner_id:
        measure.reminded_at = None
    measure.title = title.strip()
    measure.description = description.strip()
    measure.owner_id = owner_id
    measure.owner = owner.strip()
    measure.due_on = due_on
    measure.status = status
    if creating:
        measure.created_by_id = user.id
        db.session.add(measure)
    db.session.flush()
    audit.record(
        "measure.created" if creating else "measure.updated",
        actor=user,
        obj=measure,
        municipality_id=measure.municipality_id,
        status=status,
        owner_id=owner_id,
    )
    return measure


OPEN_STATES = ("planned", "in_progress")


def open_measures_with_due_date(municipality_id: int) -> list[Measure]:
    """The municipality's measures not done or dropped that have a due date, by date."""
    return list(db.session.scalars(
        select(Measure)
        .where(Measure.municipality_id == municipality_id, Measure.status.in_(OPEN_STATES),
               Measure.due_on.is_not(None))
        .order_by(Measure.due_on, Measure.id)
    ))


def measures_due_for_reminder(today: date, days: int) -> list[Measure]:
    """Open measures due within `days` (today included) whose reminder has not gone out."""
    return list(db.session.scalars(
        select(Measure)
        .where(Measure.status.in_(OPEN_STATES), Measure.due_on.is_not(None),
               Measure.due_on >= today, Measure.due_on <= today + timedelta(days=days),
               Measure.reminded_at.is_(None))
        .order_by(Measure.due_on, Measure.id)
    ))
