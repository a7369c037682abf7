"""Peer figures: n, mean and – for groups of at least 2K – quartiles of the submitted
scores per group, round and dimension, as RELEASED (platform/releases.py): pages
show a group's figures from its release, which changes only when at least K of its
municipalities changed and when it differs by 0 or at least K municipalities from
every release of the round ever shown. Evaluated when a self-check is submitted or
reopened, when named groups or municipalities change, and by `flask benchmark
refresh`; pages only read releases (they never re-score answers)."""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from ..network.models import Municipality
from ..platform import releases
from ..platform.releases import DEFAULT_K, k_value  # noqa: F401 - one K for every released figure
from ..selfcheck.models import DimensionScore, Round, Submission
from . import groups, versions
from .models import PeerGroup, PeerGroupMember

OVERALL = "_overall"
def scope(round_id: int) -> str:
    return f"round:{round_id}"


# --- the current state ----------------------------------------------------------------


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
        select(PeerGroupMember.group_id, PeerGroupMember.municipality_id)
        .join(PeerGroup, PeerGroup.id == PeerGroupMember.group_id)
        .where(PeerGroup.network_id == round_.network_id)
    )
    for group_id, mid in named:
        if mid in members:
            result[f"named:{group_id}"].add(mid)
    return dict(result)


def submitted_scores(round_id: int) -> dict[int, dict[str, float]]:
    """{municipality id: {dimension key or OVERALL: score}} of the submitted self-checks."""
    scores: dict[int, dict[str, float]] = defaultdict(dict)
    for mid, dimension, score in db.session.execute(
        select(Submission.municipality_id, DimensionScore.dimension_key, DimensionScore.score)
        .join(DimensionScore, DimensionScore.submission_id == Submission.id)
        .where(Submission.round_id == round_id, Submission.status == "submitted", DimensionScore.score.is_not(None))
    ):
        scores[mid][dimension] = score
    for mid, overall in db.session.execute(
        select(Submission.municipality_id, Submission.overall_score).where(
            Submission.round_id == round_id, Submission.status == "submitted", Submission.overall_score.is_not(None)
        )
    ):
        scores[mid][OVERALL] = overall
    return scores


def summary(values: list[float], k: int) -> dict:
    """n and mean; the quartiles and the median only from 2K values on (below that they
    would be a few members' own scores)."""
    values = sorted(values)
    result = {"n": len(values), "mean": statistics.fmean(values), "q1": None, "median": None, "q3": None}
    if len(values) >= 2 * k:
        result["q1"], result["median"], result["q3"] = statistics.quantiles(values, n=4, method="inclusive")
    return result


def figures_of(ids, scores: dict[int, dict[str, float]], k: int) -> dict:
    """{dimension key: summary} of a group; dimensions with fewer than K scores are left out."""
    by_dimension: dict[str, list[float]] = defaultdict(list)
    for mid in ids:
        for dimension, score in scores.get(mid, {}).items():
            by_dimension[dimension].append(score)
    return {d: summary(values, k) for d, values in by_dimension.items() if len(values) >= k}


# --- releases -------------------------------------------------------------------------


def catalogue_order(keys) -> list[str]:
    """The order in which a round's groups are released: the network, the attribute
    groups (state, size, kind, band), then named groups by age. When two would differ by
    fewer than K, the earlier one is shown and the later one waits."""
    rank = {attribute: i for i, attribute in enumerate(("network", *groups.ATTRIBUTES, "named"))}

    def order(key: str):
        kind, _, value = key.partition(":")
        return (rank.get(kind, len(rank)), int(value) if kind == "named" and value.isdigit() else 0, key)

    return sorted(keys, key=order)


def refresh(round_: Round, k: int | None = None, now: datetime | None = None) -> int:
    """Evaluate every group of a round for a new release; returns how many were released."""
    k = k_value() if k is None else k
    where = scope(round_.id)
    releases.lock(where)
    scores = submitted_scores(round_.id)
    members = group_members(round_)
    state = {
        mid: releases.digest(sorted((d, round(s, 6)) for d, s in scores.get(mid, {}).items()))
        for mid in members.get(groups.NETWORK, ())
    }
    known = releases.current(where)
    released = 0
    reserved: list[tuple[str, releases.Units]] = []
    for key in catalogue_order(members.keys() | known.keys()):
        ids = members.get(key, set())
        units = {mid: state[mid] for mid in ids}
        after = releases.evaluate(
            where, key, units, lambda ids=ids: figures_of(ids, scores, k), k, now, reserved
        )
        reserved.append((key, units))
        released += key not in known or known[key].release_id != after.release_id
    versions.bump()
    return released


def refresh_network(network_id: int) -> None:
    """Evaluate every round of a network (its groups' members or attributes changed)."""
    for round_ in db.session.scalars(select(Round).where(Round.network_id == network_id).order_by(Round.id)):
        refresh(round_)


def on_municipalities_changed(network_ids: tuple[int, ...]) -> None:
    """network.signals.municipalities_changed: attribute groups may have new members."""
    for network_id in network_ids:
        refresh_network(network_id)


@dataclass(frozen=True)
class Figures:
    """A group's released figures in one dimension; quartiles None below 2K."""

    n: int
    mean: float
    q1: float | None
    median: float | None
    q3: float | None

    @property
    def ordered(self) -> bool:
        return self.median is not None


@dataclass(frozen=True)
class ReleasedGroup:
    key: str
    #: The municipalities of the release (for the K rule between groups on one page).
    members: frozenset[int]
    n: int
    taken_at: datetime | None
    figures: dict[str, Figures]
    #: Changes that wait for the next release.
    pending: int
    #: Set when the group is not shown because its release would come too close to another's.
    blocked_by: str | None


def released(round_id: int, token: str | None = None) -> dict[str, ReleasedGroup]:
    """Every group of a round as released, kept per benchmark version (`token`: the
    version the page read first; read here when not given)."""
    token = versions.current() if token is None else token
    return versions.cached(token, ("released", round_id), lambda: _released(round_id))


def _released(round_id: int) -> dict[str, ReleasedGroup]:
    result = {}
    for key, r in releases.current(scope(round_id)).items():
        figures = {d: Figures(**values) for d, values in (r.figures or {}).items()} if r.shown else {}
        members = releases.members(r.release_id) if r.shown else frozenset()
        result[key] = ReleasedGroup(key, members, r.n, r.taken_at, figures, r.pending, r.blocked_by)
    return result


def for_round(round_id: int, keys: list[str], token: str | None = None) -> dict[str, dict[str, Figures]]:
    """{group key: {dimension key: figures}} of the given groups' shown releases."""
    groups_ = released(round_id, token)
    return {key: groups_[key].figures for key in keys if key in groups_ and groups_[key].figures}
