"""Recommendations, responses (a new row per change: the history stays) and progress
updates (no HTTP; the view commits), and the flags `overdue` and `stalled`.

The flags are computed in SQL by one function, `facts()`, used by the team's pages,
`flags_for_municipality()`, the coordinators' overview (network_figures.py) and the
reminders (reminders.py). Nothing here deletes anything."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import aliased

from .. import audit
from ..extensions import db
from ..platform.dates import add_months
from .accountability_models import (
    REASON_REQUIRED,
    RESPONSE_STATES,
    ProgressUpdate,
    Recommendation,
    RecommendationResponse,
)
from .models import DialogueProcess

#: An adopted recommendation without a progress update for this many days is stalled.
STALL_DAYS = 90
#: A response that decides; "under_review" is an interim answer (the item stays overdue).
DECIDING = tuple(s for s in RESPONSE_STATES if s != "under_review")
FIELDS = ("number", "title", "text", "votes_for", "votes_against", "votes_abstain", "voted_on",
          "department", "due_on")


class Invalid(ValueError):
    """Input a service refuses: {field name: message}, shown at the fields."""

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


def default_due(process: DialogueProcess, voted_on: date | None) -> date | None:
    """The vote date plus the mandate's months for a response."""
    if voted_on is None or process.response_months is None:
        return None
    return add_months(voted_on, process.response_months)


def _check_recommendation(process, values: dict, recommendation=None) -> None:
    errors = {}
    for name in ("votes_for", "votes_against", "votes_abstain"):
        if (values.get(name) or 0) < 0:
            errors[name] = _l("Votes cannot be negative.")
    taken = db.session.scalar(select(Recommendation.id).where(
        Recommendation.process_id == process.id, Recommendation.number == values["number"],
        Recommendation.id != (recommendation.id if recommendation else -1)))
    if taken is not None:
        errors["number"] = _l("This process already has a recommendation with this number.")
    if values.get("voted_on") and values.get("due_on") and values["due_on"] < values["voted_on"]:
        errors["due_on"] = _l("The due date cannot be before the vote.")
    if recommendation is not None and values.get("voted_on"):
        first = min((r.decided_on for r in recommendation.responses), default=None)
        if first is not None and first < values["voted_on"]:
            errors["voted_on"] = _l("A response was decided before this date.")
    if errors:
        raise Invalid(errors)


def _apply(recommendation: Recommendation, process, values: dict) -> None:
    values = {k: values.get(k) for k in FIELDS}
    values["text"] = (values["text"] or "").strip()
    values["department"] = (values["department"] or "").strip()
    values["title"] = (values["title"] or "").strip()
    for name in ("votes_for", "votes_against", "votes_abstain"):
        values[name] = values[name] or 0
    if values["due_on"] is None:
        values["due_on"] = default_due(process, values["voted_on"])
    for name, value in values.items():
        setattr(recommendation, name, value)


def add_recommendation(process: DialogueProcess, user, **values) -> Recommendation:
    """A new recommendation; `values` are FIELDS (due_on defaults to the vote date
    plus the mandate's months). Raises Invalid."""
    _check_recommendation(process, values)
    recommendation = Recommendation(process_id=process.id)
    _apply(recommendation, process, values)
    db.session.add(recommendation)
    db.session.flush()
    audit.record("dialogue.recommendation_added", actor=user, obj=recommendation,
                 municipality_id=process.municipality_id, number=recommendation.number)
    return recommendation


def edit_recommendation(recommendation: Recommendation, user, **values) -> Recommendation:
    process = recommendation.process
    _check_recommendation(process, values, recommendation)
    _apply(recommendation, process, values)
    db.session.flush()
    audit.record("dialogue.recommendation_changed", actor=user, obj=recommendation,
                 municipality_id=process.municipality_id, number=recommendation.number)
    return recommendation


def respond(recommendation: Recommendation, user, *, state: str, reason: str = "", decided_by: str = "",
            decided_on: date) -> RecommendationResponse:
    """Record a response: always a new row, so earlier responses stay as the history."""
    reason = (reason or "").strip()
    errors = {}
    if state not in RESPONSE_STATES:
        errors["state"] = _l("Choose a response.")
    elif state in REASON_REQUIRED and not reason:
        errors["reason"] = _l("Give a reason for this response.")
    if decided_on is None:
        errors["decided_on"] = _l("Enter the date of the decision.")
    elif recommendation.voted_on and decided_on < recommendation.voted_on:
        errors["decided_on"] = _l("The decision cannot be before the vote.")
    if errors:
        raise Invalid(errors)
    response = RecommendationResponse(
        recommendation_id=recommendation.id, state=state, reason=reason,
        decided_by=(decided_by or "").strip(), decided_on=decided_on, created_by_id=user.id if user else None,
    )
    db.session.add(response)
    db.session.flush()
    db.session.refresh(recommendation, ["responses"])
    audit.record("dialogue.responded", actor=user, obj=recommendation,
                 municipality_id=recommendation.process.municipality_id, state=state)
    return response


def add_progress(recommendation: Recommendation, user, *, percent: int, noted_on: date,
                 note: str = "") -> ProgressUpdate:
    """A progress update (0–100 %) after the response; updates come in date order and
    the percentage goes down only with a note saying why."""
    note = (note or "").strip()
    errors = {}
    response = recommendation.response
    last = recommendation.progress[-1] if recommendation.progress else None
    if percent is None or not 0 <= percent <= 100:
        errors["percent"] = _l("Enter a percentage from 0 to 100.")
    elif last is not None and percent < last.percent and not note:
        errors["note"] = _l("Say why the progress went down.")
    if response is None:
        errors["noted_on"] = _l("Record a response before the progress.")
    elif noted_on is None:
        errors["noted_on"] = _l("Enter the date.")
    elif noted_on < min(r.decided_on for r in recommendation.responses):
        errors["noted_on"] = _l("The update cannot be before the response.")
    elif last is not None and noted_on < last.noted_on:
        errors["noted_on"] = _l("The update cannot be before the previous update.")
    if errors:
        raise Invalid(errors)
    update = ProgressUpdate(recommendation_id=recommendation.id, percent=percent, noted_on=noted_on,
                            note=note, created_by_id=user.id if user else None)
    db.session.add(update)
    db.session.flush()
    db.session.refresh(recommendation, ["progress"])
    audit.record("dialogue.progress_noted", actor=user, obj=recommendation,
                 municipality_id=recommendation.process.municipality_id, percent=percent)
    return update


def history(recommendation: Recommendation) -> list[tuple[date, str, object]]:
    """Responses and progress updates in date order: (date, "response"|"progress", row)."""
    rows = [(r.decided_on, 0, r.id, "response", r) for r in recommendation.responses]
    rows += [(p.noted_on, 1, p.id, "progress", p) for p in recommendation.progress]
    return [(day, kind, row) for day, _o, _i, kind, row in sorted(rows, key=lambda r: r[:3])]


# --- facts and flags (SQL) ------------------------------------------------------------


def facts(today: date | None = None):
    """One row per recommendation: ids, due date, vote date, latest response state and
    date, first deciding response date, latest progress percent and date, and the flags
    `overdue` (no response or only "under review", due date passed), `stalled` (adopted
    or adopted in part, latest progress below 100 and no update for STALL_DAYS, counted
    from the response when there is none) and `implemented` (latest progress 100 %).
    A Select; callers add WHERE clauses or use it as a subquery for aggregates."""
    today = today or date.today()
    latest_r = (select(RecommendationResponse.recommendation_id.label("rid"),
                       func.max(RecommendationResponse.id).label("id"))
                .group_by(RecommendationResponse.recommendation_id).subquery("latest_r"))
    first_d = (select(RecommendationResponse.recommendation_id.label("rid"),
                      func.min(RecommendationResponse.decided_on).label("on"))
               .where(RecommendationResponse.state.in_(DECIDING))
               .group_by(RecommendationResponse.recommendation_id).subquery("first_d"))
    latest_p = (select(ProgressUpdate.recommendation_id.label("rid"), func.max(ProgressUpdate.id).label("id"))
                .group_by(ProgressUpdate.recommendation_id).subquery("latest_p"))
    resp = aliased(RecommendationResponse, name="resp")
    prog = aliased(ProgressUpdate, name="prog")
    last_activity = func.coalesce(prog.noted_on, resp.decided_on)
    overdue = and_(Recommendation.due_on.is_not(None), Recommendation.due_on < today,
                   or_(resp.id.is_(None), resp.state == "under_review"))
    stalled = and_(resp.state.in_(("adopted", "adopted_in_part")), func.coalesce(prog.percent, 0) < 100,
                   last_activity < today - timedelta(days=STALL_DAYS))
    return (
        select(
            Recommendation.id.label("recommendation_id"),
            Recommendation.process_id,
            DialogueProcess.municipality_id,
            DialogueProcess.published,
            DialogueProcess.format_key,
            Recommendation.voted_on,
            Recommendation.due_on,
            resp.state.label("state"),
            resp.decided_on.label("responded_on"),
            first_d.c.on.label("decided_on"),
            prog.percent.label("percent"),
            last_activity.label("last_activity"),
            case((overdue, literal(True)), else_=literal(False)).label("overdue"),
            case((stalled, literal(True)), else_=literal(False)).label("stalled"),
            case((prog.percent == 100, literal(True)), else_=literal(False)).label("implemented"),
        )
        .join(DialogueProcess, DialogueProcess.id == Recommendation.process_id)
        .outerjoin(latest_r, latest_r.c.rid == Recommendation.id)
        .outerjoin(resp, resp.id == latest_r.c.id)
        .outerjoin(first_d, first_d.c.rid == Recommendation.id)
        .outerjoin(latest_p, latest_p.c.rid == Recommendation.id)
        .outerjoin(prog, prog.id == latest_p.c.id)
    )


def flags_of_process(process_id: int, today: date | None = None) -> dict[int, tuple[bool, bool]]:
    """{recommendation id: (overdue, stalled)} of one process."""
    q = facts(today).where(Recommendation.process_id == process_id)
    return {r.recommendation_id: (bool(r.overdue), bool(r.stalled)) for r in db.session.execute(q)}


@dataclass(frozen=True)
class Flagged:
    recommendation_id: int
    number: int
    title: str
    process_id: int
    process_title: str
    municipality_id: int
    due_on: date | None
    overdue: bool
    stalled: bool
    #: The day the flag's reason began (the due date, or the last activity).
    since: date | None = None


def flagged(where, today: date | None = None) -> list[Flagged]:
    """Overdue or stalled recommendations matching `where` (a SQL condition)."""
    sub = facts(today).where(where).subquery("facts")
    q = (select(sub, Recommendation.number, Recommendation.title, DialogueProcess.title.label("ptitle"))
         .join(Recommendation, Recommendation.id == sub.c.recommendation_id)
         .join(DialogueProcess, DialogueProcess.id == sub.c.process_id)
         .where(or_(sub.c.overdue, sub.c.stalled))
         .order_by(DialogueProcess.title, DialogueProcess.id, Recommendation.number))
    return [
        Flagged(r.recommendation_id, r.number, r.title, r.process_id, r.ptitle, r.municipality_id, r.due_on,
                bool(r.overdue),
                bool(r.stalled), r.due_on if r.overdue else r.last_activity)
        for r in db.session.execute(q)
    ]


def flags_for_municipality(municipality_id: int, today: date | None = None) -> list[Flagged]:
    """The municipality's overdue and stalled recommendations (for _flags.html)."""
    return flagged(DialogueProcess.municipality_id == municipality_id, today)


def recommendations_of(process_id: int) -> list[Recommendation]:
    return list(db.session.scalars(
        select(Recommendation).where(Recommendation.process_id == process_id).order_by(Recommendation.number)
    ))
