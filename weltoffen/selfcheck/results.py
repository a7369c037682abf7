"""What a submitted self-check says: score and band per dimension, the band's
recommendation, strengths and gaps, the change since the previous round, and the
action plan and advice requests beside each dimension."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from .models import AdviceRequest, DimensionScore, Measure, Round, Submission


@dataclass
class DimensionView:
    definition: dict
    score: DimensionScore | None
    band: dict | None
    recommendation: dict | None
    previous: float | None = None
    #: False when the previous round used another questionnaire version.
    comparable: bool = True
    measures: list[Measure] = field(default_factory=list)
    advice: list[AdviceRequest] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.definition["key"]

    @property
    def change(self) -> float | None:
        if self.previous is None or self.score is None or self.score.score is None:
            return None
        return self.score.score - self.previous


@dataclass
class ResultView:
    submission: Submission
    dimensions: list[DimensionView]
    previous: Submission | None
    version_changed: bool

    @property
    def scored(self) -> list[DimensionView]:
        return [d for d in self.dimensions if d.score is not None and d.score.score is not None]

    @property
    def strengths(self) -> list[DimensionView]:
        return sorted(self.scored, key=lambda d: -d.score.score)[:3]

    @property
    def gaps(self) -> list[DimensionView]:
        return sorted(self.scored, key=lambda d: d.score.score)[:3]


def previous_submission(submission: Submission) -> Submission | None:
    """The municipality's latest earlier submitted self-check of the same questionnaire."""
    current = submission.round
    return db.session.scalar(
        select(Submission)
        .join(Round)
        .join(Round.questionnaire)
        .where(
            Submission.municipality_id == submission.municipality_id,
            Submission.status == "submitted",
            Submission.id != submission.id,
            Round.opens_on <= current.opens_on,
            Round.id != current.id,
            Round.questionnaire.has(slug=current.questionnaire.slug),
        )
        .order_by(Round.opens_on.desc(), Round.id.desc())
        .limit(1)
    )


def measures_by_dimension(municipality_id: int, slug: str) -> dict[str, list[Measure]]:
    found: dict[str, list[Measure]] = {}
    for m in db.session.scalars(
        select(Measure)
        .where(Measure.municipality_id == municipality_id, Measure.questionnaire_slug == slug)
        .order_by(Measure.due_on.is_(None), Measure.due_on, Measure.id)
    ):
        found.setdefault(m.dimension_key, []).append(m)
    return found


def advice_by_dimension(submission: Submission) -> dict[str, list[AdviceRequest]]:
    found: dict[str, list[AdviceRequest]] = {}
    for a in db.session.scalars(
        select(AdviceRequest)
        .where(AdviceRequest.submission_id == submission.id)
        .order_by(AdviceRequest.created_at)
    ):
        found.setdefault(a.dimension_key, []).append(a)
    return found


def result_view(submission: Submission) -> ResultView:
    questionnaire = submission.questionnaire
    definition = questionnaire.definition
    bands = {b["key"]: b for b in definition["score_bands"]}
    scores = {s.dimension_key: s for s in submission.scores}
    previous = previous_submission(submission)
    version_changed = previous is not None and previous.round.questionnaire_id != questionnaire.id
    previous_scores = {s.dimension_key: s.score for s in previous.scores} if previous else {}
    measures = measures_by_dimension(submission.municipality_id, questionnaire.slug)
    advice = advice_by_dimension(submission)
    views = []
    for dim in definition["dimensions"]:
        score = scores.get(dim["key"])
        band = bands.get(score.band) if score and score.band else None
        views.append(
            DimensionView(
                definition=dim,
                score=score,
                band=band,
                recommendation=dim["recommendations"].get(band["key"]) if band else None,
                previous=previous_scores.get(dim["key"]),
                comparable=not version_changed,
                measures=measures.get(dim["key"], []),
                advice=advice.get(dim["key"], []),
            )
        )
    return ResultView(submission, views, previous, version_changed)
