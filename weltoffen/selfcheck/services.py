"""Questionnaire versions, rounds, and a submission's way from draft to submitted
(and back, when a coordinator reopens it). Services flush; the request commits."""

from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, func, select

from .. import audit
from ..benchmark import aggregates
from ..extensions import db
from ..network.models import Municipality
from ..platform.db.columns import utcnow
from . import answers, loader, scoring
from .models import DimensionScore, Questionnaire, Round, Submission


class SelfcheckError(Exception):
    """A refused action, with a message for the user."""


# --- questionnaires ---------------------------------------------------------------


def load_questionnaire(path: Path) -> tuple[Questionnaire, bool]:
    """Check and store a questionnaire file. Returns (version, created). The same
    content again is a no-op; other content under a loaded version is refused."""
    definition = loader.load_file(path)
    digest = loader.content_hash(definition)
    existing = db.session.scalar(
        select(Questionnaire).where(
            Questionnaire.slug == definition["slug"], Questionnaire.version == definition["version"]
        )
    )
    if existing is not None:
        if existing.content_hash != digest:
            raise loader.QuestionnaireError(
                path.name,
                "version",
                f"version {definition['version']} is already loaded with other content; "
                "publish the change as a new version",
            )
        return existing, False
    questionnaire = Questionnaire(
        slug=definition["slug"],
        version=definition["version"],
        title_de=definition["title"]["de"],
        title_en=definition["title"]["en"],
        definition=definition,
        content_hash=digest,
    )
    db.session.add(questionnaire)
    db.session.flush()
    audit.record(
        "questionnaire.loaded",
        obj=questionnaire,
        slug=questionnaire.slug,
        version=questionnaire.version,
    )
    return questionnaire, True


def latest_questionnaires() -> list[Questionnaire]:
    return list(
        db.session.scalars(
            select(Questionnaire).order_by(Questionnaire.slug, Questionnaire.version.desc())
        )
    )


# --- rounds -------------------------------------------------------------------------


def open_round(
    actor,
    network,
    questionnaire: Questionnaire,
    title: str,
    opens_on: date,
    deadline: date,
    municipality_ids: list[int],
) -> Round:
    """A round with one (not yet started) submission per participating municipality."""
    if deadline < opens_on:
        raise SelfcheckError("deadline")
    members = set(
        db.session.scalars(
            select(Municipality.id).where(
                Municipality.network_id == network.id, Municipality.id.in_(municipality_ids)
            )
        )
    )
    if not members or members != set(municipality_ids):
        raise SelfcheckError("municipalities")
    round_ = Round(
        network_id=network.id,
        questionnaire_id=questionnaire.id,
        title=title.strip(),
        opens_on=opens_on,
        deadline=deadline,
        created_by_id=actor.id,
    )
    db.session.add(round_)
    db.session.flush()
    db.session.add_all(
        Submission(round_id=round_.id, municipality_id=mid) for mid in sorted(members)
    )
    db.session.flush()
    audit.record(
        "round.opened",
        actor=actor,
        obj=round_,
        questionnaire=questionnaire.id,
        municipalities=len(members),
        deadline=deadline.isoformat(),
    )
    return round_


def extend_round(actor, round_: Round, deadline: date) -> None:
    if deadline < round_.deadline:
        raise SelfcheckError("extend")
    before = round_.deadline
    round_.deadline = deadline
    round_.status = "open"
    round_.closed_at = None
    audit.record(
        "round.extended",
        actor=actor,
        obj=round_,
        before=before.isoformat(),
        after=deadline.isoformat(),
    )


def close_round(actor, round_: Round) -> None:
    round_.status = "closed"
    round_.closed_at = utcnow()
    audit.record("round.closed", actor=actor, obj=round_)


def participation(round_: Round) -> dict[str, int]:
    rows = db.session.execute(
        select(Submission.status, func.count())
        .where(Submission.round_id == round_.id)
        .group_by(Submission.status)
    ).all()
    counts = dict.fromkeys(("not_started", "draft", "submitted"), 0)
    counts.update(dict(rows))
    return counts


#: Reminders go out this many days before a round's deadline (flask selfcheck remind).
REMINDER_DAYS = 14


def due_for_reminder(today: date, days: int = REMINDER_DAYS) -> list[Submission]:
    """Unsubmitted self-checks in open rounds whose deadline is at most `days` away."""
    return list(
        db.session.scalars(
            select(Submission)
            .join(Round)
            .where(
                Round.status == "open",
                Round.deadline >= today,
                Round.deadline <= today + timedelta(days=days),
                Submission.status != "submitted",
                Submission.reminded_at.is_(None),
            )
            .order_by(Submission.id)
        )
    )


# --- submissions ------------------------------------------------------------------




class SubmitProblem(SelfcheckError):
    """Required questions without a team answer."""

    def __init__(self, missing: list):
        super().__init__("missing")
        self.missing = missing


def submit(submission: Submission, lead) -> scoring.Result:
    """Lock the self-check and store its scores; refused while required questions
    have no team answer."""
    if submission.status == "submitted":
        raise SelfcheckError("submitted")
    definition = submission.questionnaire.definition
    effective = answers.effective_answers(submission)
    missing = answers.missing_for_submit(definition, effective)
    if missing:
        raise SubmitProblem(missing)
    result = scoring.score_answers(definition, answers.scoring_input(definition, effective))
    _store_scores(submission, result)
    submission.status = "submitted"
    submission.submitted_at = utcnow()
    submission.submitted_by_id = getattr(lead, "id", None)
    db.session.flush()
    aggregates.refresh(submission.round)
    audit.record(
        "submission.submitted",
        actor=lead,
        obj=submission,
        municipality_id=submission.municipality_id,
        overall=result.overall,
    )
    return result


def _store_scores(submission: Submission, result: scoring.Result) -> None:
    db.session.execute(delete(DimensionScore).where(DimensionScore.submission_id == submission.id))
    db.session.add_all(
        DimensionScore(
            submission_id=submission.id,
            dimension_key=d.key,
            score=d.score,
            band=d.band,
            confidence=d.confidence,
            answered=d.answered,
            total=d.total,
        )
        for d in result.dimensions.values()
    )
    submission.overall_score = result.overall
    submission.overall_confidence = result.confidence
    db.session.flush()
    db.session.expire(submission, ["scores"])


def reopen(submission: Submission, actor, reason: str) -> None:
    """Unlock for corrections; the stored scores go until the next submit."""
    if submission.status != "submitted":
        raise SelfcheckError("not_submitted")
    db.session.execute(delete(DimensionScore).where(DimensionScore.submission_id == submission.id))
    submission.status = "draft"
    submission.overall_score = None
    submission.overall_confidence = None
    submission.submitted_at = None
    db.session.expire(submission, ["scores"])
    db.session.flush()
    aggregates.refresh(submission.round)
    audit.record(
        "submission.reopened",
        actor=actor,
        obj=submission,
        municipality_id=submission.municipality_id,
        reason=reason.strip(),
    )


def submissions_of(municipality_id: int) -> list[Submission]:
    return list(
        db.session.scalars(
            select(Submission)
            .join(Round)
            .where(Submission.municipality_id == municipality_id)
            .order_by(Round.opens_on.desc(), Round.id.desc())
        )
    )
