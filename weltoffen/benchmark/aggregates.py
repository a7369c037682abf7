"""Peer aggregates: n, quartiles and mean of the submitted scores per group, round
and dimension. Computed when a self-check is submitted or reopened, and by
`flask benchmark refresh`; pages only read them (they never re-score answers)."""

import statistics
from collections import defaultdict

from sqlalchemy import delete, func, select

from ..extensions import db
from ..models_base import utcnow
from ..network.models import Municipality
from ..selfcheck.models import DimensionScore, Round, Submission
from . import groups, versions
from .models import PeerAggregate, PeerGroupMember

OVERALL = "_overall"


def submitted_members(round_id: int) -> dict[int, dict[str, str]]:
    """{municipality id: {attribute: group key}} for every submitted self-check of a round."""
    rows = db.session.execute(
        select(
            Municipality.id,
            Municipality.state,
            Municipality.kind,
            Municipality.population,
            Municipality.foreign_born_share,
        )
        .join(Submission, Submission.municipality_id == Municipality.id)
        .where(Submission.round_id == round_id, Submission.status == "submitted")
    )
    return {mid: groups.attribute_keys(state, kind, pop, share) for mid, state, kind, pop, share in rows}


def group_members(round_: Round, members: dict[int, dict[str, str]] | None = None) -> dict[str, set[int]]:
    """Every group with at least one submitted municipality: {group key: municipality ids}."""
    members = submitted_members(round_.id) if members is None else members
    result: dict[str, set[int]] = defaultdict(set)
    for mid, keys in members.items():
        result[groups.NETWORK].add(mid)
        for key in keys.values():
            result[key].add(mid)
    named = db.session.execute(
        select(PeerGroupMember.group_id, PeerGroupMember.municipality_id).where(
            PeerGroupMember.municipality_id.in_(
                select(Submission.municipality_id).where(
                    Submission.round_id == round_.id, Submission.status == "submitted"
                )
            )
        )
    )
    for group_id, mid in named:
        result[f"named:{group_id}"].add(mid)
    return dict(result)


def members_of(round_id: int, key: str) -> frozenset[int]:
    """The submitted municipalities of one group (as group_members() has them), in SQL."""
    from .dashboard import group_filter

    try:
        condition = group_filter(key)
    except (ValueError, IndexError):
        return frozenset()  # not a group (any more)
    stmt = (
        select(Submission.municipality_id)
        .join(Municipality, Municipality.id == Submission.municipality_id)
        .where(Submission.round_id == round_id, Submission.status == "submitted")
    )
    return frozenset(db.session.scalars(stmt if condition is None else stmt.where(condition)))


def cached_members(round_id: int, keys: list[str]) -> dict[str, frozenset[int]]:
    """members_of() for pages, each group kept until the round's aggregates are
    refreshed: the K rule then judges the groups with the members their figures were
    computed from."""
    stamp = db.session.scalar(select(func.max(PeerAggregate.computed_at)).where(PeerAggregate.round_id == round_id))
    version = stamp.isoformat() if stamp is not None else None
    return {
        key: versions.cached(version, ("members", round_id, key), lambda k=key: members_of(round_id, k)) for key in keys
    }


def _summary(values: list[float]) -> dict:
    values = sorted(values)
    if len(values) == 1:
        q1 = median = q3 = values[0]
    else:
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"n": len(values), "q1": q1, "median": median, "q3": q3, "mean": statistics.fmean(values)}


def compute(round_: Round) -> list[dict]:
    """Aggregate rows (as dicts) for every group and dimension of a round."""
    members = group_members(round_)
    scores: dict[str, dict[int, float]] = defaultdict(dict)
    for mid, dimension, score in db.session.execute(
        select(Submission.municipality_id, DimensionScore.dimension_key, DimensionScore.score)
        .join(DimensionScore, DimensionScore.submission_id == Submission.id)
        .where(Submission.round_id == round_.id, Submission.status == "submitted", DimensionScore.score.is_not(None))
    ):
        scores[dimension][mid] = score
    for mid, overall in db.session.execute(
        select(Submission.municipality_id, Submission.overall_score).where(
            Submission.round_id == round_.id, Submission.status == "submitted", Submission.overall_score.is_not(None)
        )
    ):
        scores[OVERALL][mid] = overall
    rows = []
    for key, ids in members.items():
        for dimension, by_municipality in scores.items():
            values = [by_municipality[mid] for mid in ids if mid in by_municipality]
            if values:
                rows.append({"round_id": round_.id, "group_key": key, "dimension_key": dimension, **_summary(values)})
    return rows


def refresh(round_: Round) -> int:
    """Replace a round's aggregates; returns the number of rows written."""
    rows = compute(round_)
    db.session.execute(delete(PeerAggregate).where(PeerAggregate.round_id == round_.id))
    now = utcnow()
    if rows:
        db.session.execute(PeerAggregate.__table__.insert(), [dict(r, computed_at=now) for r in rows])
    versions.bump()
    return len(rows)


def for_round(round_id: int, keys: list[str]) -> dict[str, dict[str, PeerAggregate]]:
    """{group key: {dimension key: aggregate}} for the given groups."""
    found: dict[str, dict[str, PeerAggregate]] = defaultdict(dict)
    for agg in db.session.scalars(
        select(PeerAggregate).where(PeerAggregate.round_id == round_id, PeerAggregate.group_key.in_(keys))
    ):
        found[agg.group_key][agg.dimension_key] = agg
    return dict(found)
