"""Practices for a self-check's weakest fields of action, shown on its result and
comparison pages: same size class first, then neighbouring classes, then the rest."""

from dataclasses import dataclass, field

from sqlalchemy import select

from ...extensions import db
from ...network.sizes import size_class
from ...selfcheck.models import Questionnaire
from ..models import ForumCategory, Practice, PracticeDimension, Topic


@dataclass
class Match:
    practice_id: int
    title: str
    municipality: str
    size_class: int


@dataclass
class WeakDimension:
    definition: dict
    score: float
    practices: list[Match] = field(default_factory=list)
    #: How many published practices serve the dimension in all.
    total: int = 0

    @property
    def key(self) -> str:
        return self.definition["key"]


def size_rank(practice_size: int, own_size: int) -> int:
    """0 for the same size class, 1 for a neighbouring one, 2 for the rest."""
    return min(abs(practice_size - own_size), 2)


def for_weak_dimensions(submission, limit: int = 3) -> list[WeakDimension]:
    """The submission's three lowest-scoring dimensions, each with up to `limit`
    published practices of other municipalities of its network serving it: same size
    class first, then neighbouring classes, then the rest (newest first within each).

    One query finds the weak dimensions and their practices together; the dimension
    titles come from the questionnaire (already loaded on the result page)."""
    from ...network.models import Municipality
    from ...selfcheck.models import DimensionScore, Round, Submission

    weak = (
        select(
            DimensionScore.dimension_key.label("key"),
            DimensionScore.score.label("score"),
            DimensionScore.id.label("sid"),
            Round.questionnaire_id.label("questionnaire_id"),
        )
        .join(Submission, Submission.id == DimensionScore.submission_id)
        .join(Round, Round.id == Submission.round_id)
        .where(DimensionScore.submission_id == submission.id, DimensionScore.score.is_not(None))
        .order_by(DimensionScore.score, DimensionScore.id)
        .limit(3)
        .subquery()
    )
    published = (
        select(
            PracticeDimension.dimension_key,
            Practice.id,
            Topic.title,
            Municipality.name,
            Practice.size_class,
            Practice.published_at,
        )
        .join(Practice, Practice.id == PracticeDimension.practice_id)
        .join(Topic, Topic.id == Practice.topic_id)
        .join(ForumCategory, ForumCategory.id == Topic.category_id)
        .join(Municipality, Municipality.id == Practice.municipality_id)
        .where(
            Practice.status == "published",
            Topic.network_id == submission.municipality.network_id,
            Practice.municipality_id != submission.municipality_id,
            Topic.hidden.is_(False),
            ForumCategory.audience == "network",
        )
        .subquery()
    )
    rows = db.session.execute(
        select(weak, published.c.id, published.c.title, published.c.name, published.c.size_class)
        .select_from(weak)
        .outerjoin(published, published.c.dimension_key == weak.c.key)
        .order_by(weak.c.score, weak.c.sid, published.c.published_at.desc(), published.c.id.desc())
    ).all()
    if not rows:
        return []
    questionnaire = db.session.get(Questionnaire, rows[0].questionnaire_id)
    own = size_class(submission.municipality.population)
    found: dict[str, WeakDimension] = {}
    for row in rows:
        entry = found.get(row.key)
        if entry is None:
            definition = questionnaire.dimension(row.key) or {"key": row.key, "title": row.key}
            entry = found[row.key] = WeakDimension(definition, row.score)
        if row.id is not None:
            entry.practices.append(Match(row.id, row.title, row.name, row.size_class))
    for entry in found.values():
        entry.total = len(entry.practices)
        entry.practices.sort(key=lambda m: size_rank(m.size_class, own))  # stable: newest first within
        del entry.practices[limit:]
    return list(found.values())
