"""The coordinators' view of a round: every submitting municipality by name with its
scores per dimension (a heatmap), filtered by peer group, sorted and paged in SQL,
plus the full list for exports."""

from dataclasses import dataclass

from sqlalchemy import and_, func, select

from ..extensions import db
from ..network.models import Municipality
from ..selfcheck.models import DimensionScore, Round, Submission
from . import groups
from .models import PeerGroupMember

PAGE_SIZE = 100


@dataclass(frozen=True)
class Place:
    id: int
    name: str
    ags: str
    state: str


@dataclass
class Row:
    municipality: Place
    submission_id: int
    overall: float | None
    scores: dict[str, float | None]


def group_filter(key: str):
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


def _base(round_: Round, group_key: str):
    stmt = (
        select(
            Submission.id,
            Submission.overall_score,
            Municipality.id,
            Municipality.name,
            Municipality.ags,
            Municipality.state,
        )
        .join(Municipality, Submission.municipality_id == Municipality.id)
        .where(Submission.round_id == round_.id, Submission.status == "submitted")
    )
    condition = group_filter(group_key)
    return stmt if condition is None else stmt.where(condition)


def _ordered(stmt, sort: str, descending: bool):
    if sort == "name":
        return stmt.order_by(Municipality.name.desc() if descending else Municipality.name, Municipality.id)
    if sort == "overall":
        value = Submission.overall_score
    else:
        score = DimensionScore.__table__.alias("sort_score")
        stmt = stmt.outerjoin(score, and_(score.c.submission_id == Submission.id, score.c.dimension_key == sort))
        value = score.c.score
    return stmt.order_by(value.is_(None), value.desc() if descending else value, Municipality.name, Municipality.id)


def _rows(result) -> list[Row]:
    rows = [Row(Place(mid, name, ags, state), sid, overall, {}) for sid, overall, mid, name, ags, state in result]
    by_id = {r.submission_id: r for r in rows}
    for chunk_start in range(0, len(rows), 900):
        ids = [r.submission_id for r in rows[chunk_start : chunk_start + 900]]
        for sid, key, score in db.session.execute(
            select(DimensionScore.submission_id, DimensionScore.dimension_key, DimensionScore.score).where(
                DimensionScore.submission_id.in_(ids)
            )
        ):
            by_id[sid].scores[key] = score
    return rows


def page(round_: Round, group_key: str, sort: str, descending: bool, number: int) -> tuple[list[Row], int]:
    """One page of rows and the number of all matching rows."""
    base = _base(round_, group_key)
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    stmt = _ordered(base, sort, descending).limit(PAGE_SIZE).offset((number - 1) * PAGE_SIZE)
    return _rows(db.session.execute(stmt)), total


def rows(round_: Round, group_key: str = "", sort: str = "name", descending: bool = False) -> list[Row]:
    """Every matching row (for exports)."""
    return _rows(db.session.execute(_ordered(_base(round_, group_key), sort, descending)))


def band_index(bands: list[dict], score: float | None) -> int | None:
    """0 for the lowest band … for the colour of a heatmap cell."""
    if score is None:
        return None
    index = 0
    for i, band in enumerate(bands):
        if score >= band["min"]:
            index = i
    return index
