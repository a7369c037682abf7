"""The coordinators' view of a round: every submitting municipality by name with its
scores per dimension (a heatmap), filtered by peer group and sorted, plus exports."""

from dataclasses import dataclass

from sqlalchemy import and_, select

from ..extensions import db
from ..network.models import Municipality
from ..selfcheck.models import DimensionScore, Round, Submission
from . import groups
from .models import PeerGroupMember

PAGE_SIZE = 100


@dataclass
class Row:
    municipality: Municipality
    submission_id: int
    overall: float | None
    scores: dict[str, float | None]


def _group_filter(key: str):
    """An SQL condition on Municipality for a group key (None: the whole network)."""
    if not key or key == groups.NETWORK:
        return None
    kind, _, value = key.partition(":")
    if kind == "state":
        return Municipality.state == value
    if kind == "kind":
        return Municipality.kind == value
    if kind in ("size", "foreign"):
        bounds = groups.SIZE_BOUNDS if kind == "size" else groups.FOREIGN_BOUNDS
        column = Municipality.population if kind == "size" else Municipality.foreign_born_share
        i = int(value)
        conditions = []
        if i > 0:
            conditions.append(column >= bounds[i - 1])
        if i < len(bounds):
            conditions.append(column < bounds[i])
        return and_(*conditions)
    if kind == "named":
        return Municipality.id.in_(
            select(PeerGroupMember.municipality_id).where(PeerGroupMember.group_id == int(value))
        )
    raise ValueError(key)


def rows(round_: Round, group_key: str = "", sort: str = "name", descending: bool = False) -> list[Row]:
    """Submitted self-checks of the round, as rows with a score per dimension."""
    stmt = (
        select(Submission.id, Submission.overall_score, Municipality)
        .join(Municipality, Submission.municipality_id == Municipality.id)
        .where(Submission.round_id == round_.id, Submission.status == "submitted")
    )
    condition = _group_filter(group_key)
    if condition is not None:
        stmt = stmt.where(condition)
    found = {sid: Row(m, sid, overall, {}) for sid, overall, m in db.session.execute(stmt)}
    if found:
        scores = (
            select(DimensionScore.submission_id, DimensionScore.dimension_key, DimensionScore.score)
            .join(Submission, DimensionScore.submission_id == Submission.id)
            .where(Submission.round_id == round_.id, Submission.status == "submitted")
        )
        for sid, key, score in db.session.execute(scores):
            if sid in found:
                found[sid].scores[key] = score
    result = list(found.values())
    if sort == "name":
        result.sort(key=lambda r: r.municipality.name, reverse=descending)
    else:

        def value(r: Row):
            v = r.overall if sort == "overall" else r.scores.get(sort)
            return (v is None, -v if (descending and v is not None) else (v or 0))

        result.sort(key=lambda r: r.municipality.name)
        result.sort(key=value)
    return result


def band_index(bands: list[dict], score: float | None) -> int | None:
    """0 for the lowest band … for the colour of a heatmap cell."""
    if score is None:
        return None
    index = 0
    for i, band in enumerate(bands):
        if score >= band["min"]:
            index = i
    return index
