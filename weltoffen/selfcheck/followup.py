"""What follows a result: advice requests to the network coordination and the
municipality's action plan."""

from datetime import date

from sqlalchemy import func, select

from .. import audit
from ..extensions import db
from ..forum.models import Notification
from ..models_base import utcnow
from ..network.models import Municipality
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


def save_measure(
    measure: Measure,
    user,
    *,
    title: str,
    description: str,
    owner: str,
    due_on: date | None,
    status: str,
) -> Measure:
    creating = measure.id is None
    measure.title = title.strip()
    measure.description = description.strip()
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
    )
    return measure
