"""What a municipality may see of its peers: its chosen groups, passed through the
K rule (anonymity.select), with the precomputed aggregates of the groups shown."""

from dataclasses import dataclass, field

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..network.models import Municipality
from ..selfcheck.models import DimensionScore, Submission
from . import aggregates, anonymity, groups
from .models import ComparisonChoice, SharingOptIn

DEFAULT_K = aggregates.DEFAULT_K
k_value = aggregates.k_value


@dataclass
class Comparison:
    submission: Submission
    k: int
    shown: list[anonymity.Shown] = field(default_factory=list)
    withheld: list[tuple[anonymity.Group, str]] = field(default_factory=list)
    #: Requested groups that fell back to a group shown already, with the reason.
    merged: list[anonymity.Shown] = field(default_factory=list)
    #: {group key: {dimension key: aggregates.Figures}} for the groups shown.
    figures: dict = field(default_factory=dict)
    #: {group key: aggregates.ReleasedGroup} for the groups shown (date, n, pending).
    releases: dict = field(default_factory=dict)
    #: {requested group key: key of the group its release would come too close to}.
    blocked: dict = field(default_factory=dict)

    @property
    def without_order_statistics(self) -> list[str]:
        """Keys of shown groups too small for quartiles (fewer than 2K)."""
        return [s.group.key for s in self.shown if 0 < self.releases[s.group.key].n < 2 * self.k]


def own_groups(submission: Submission) -> dict[str, str]:
    """The attribute groups of the submission's municipality: {attribute: key}."""
    m = submission.municipality
    return groups.attribute_keys(m.state, m.kind, m.population, m.foreign_born_share)


def compare(submission: Submission, requested_keys: list[str], k: int | None = None, token=None) -> Comparison:
    """The network plus the requested groups (in order), each from its release and only
    when the K rule allows it, else its wider fallback (the network), with the reason.
    A group without a shown release is "too_small", or "too_close" when its release
    waits because it would differ from another one's by fewer than K."""
    k = k_value() if k is None else k
    keys = [key for key in requested_keys if key != groups.NETWORK]
    released = aggregates.released(submission.round_id, token)
    empty = frozenset()

    def members(key: str) -> frozenset[int]:
        group = released.get(key)
        return group.members if group is not None and group.figures else empty

    network = anonymity.Group(groups.NETWORK, members(groups.NETWORK))
    requested = [network] + [anonymity.Group(key, members(key), network) for key in keys]
    selection = anonymity.select(requested, k)
    blocked = {key: released[key].blocked_by for key in keys if key in released and released[key].blocked_by}
    merged = [
        anonymity.Shown(m.group, m.requested, "too_close") if m.requested.key in blocked else m
        for m in selection.merged
    ]
    shown_keys = [s.group.key for s in selection.shown]
    return Comparison(
        submission, k, shown=selection.shown, withheld=selection.withheld, merged=merged,
        figures={key: released[key].figures for key in shown_keys},
        releases={key: released[key] for key in shown_keys}, blocked=blocked,
    )


# --- choices and sharing -------------------------------------------------------------


def chosen_keys(municipality) -> list[str]:
    """The groups the municipality compares with; by default its state and size class."""
    choice = db.session.scalar(select(ComparisonChoice).where(ComparisonChoice.municipality_id == municipality.id))
    return list(choice.group_keys) if choice is not None else default_keys(municipality)


def default_keys(municipality) -> list[str]:
    """The groups of a municipality that has not chosen any: its state and size class."""
    keys = groups.attribute_keys(
        municipality.state, municipality.kind, municipality.population, municipality.foreign_born_share
    )
    return [keys["state"], keys["size"]]


def choose(municipality, user, keys: list[str]) -> None:
    choice = db.session.scalar(select(ComparisonChoice).where(ComparisonChoice.municipality_id == municipality.id))
    if choice is None:
        choice = ComparisonChoice(municipality_id=municipality.id)
        db.session.add(choice)
    choice.group_keys = keys
    choice.updated_by_id = user.id
    db.session.flush()


def is_sharing(municipality_id: int) -> bool:
    return db.session.scalar(select(SharingOptIn.id).where(SharingOptIn.municipality_id == municipality_id)) is not None


def set_sharing(municipality, user, share: bool) -> None:
    """Opt in to show the municipality's named results to the network, or revoke it."""
    existing = db.session.scalar(select(SharingOptIn).where(SharingOptIn.municipality_id == municipality.id))
    if share and existing is None:
        db.session.add(SharingOptIn(municipality_id=municipality.id, opted_in_by_id=user.id))
        audit.record("sharing.opted_in", actor=user, obj=municipality, municipality_id=municipality.id)
    elif not share and existing is not None:
        db.session.delete(existing)
        audit.record("sharing.revoked", actor=user, obj=municipality, municipality_id=municipality.id)
    db.session.flush()


@dataclass(frozen=True)
class SharedPeer:
    municipality: Municipality
    score: float


def strong_sharing_peers(submission: Submission, dimension_key: str, limit: int = 5) -> list[SharedPeer]:
    """Municipalities that opted in to share and score in the top quarter of this round
    on the dimension (never the asking municipality itself). Starts from the few that
    opted in, so the round's scores are read only for them."""
    sharing = [
        mid
        for mid in db.session.scalars(select(SharingOptIn.municipality_id))
        if mid != submission.municipality_id
    ]
    if not sharing:
        return []
    network = aggregates.for_round(submission.round_id, [groups.NETWORK]).get(groups.NETWORK, {})
    q3 = network[dimension_key].q3 if dimension_key in network else None
    if q3 is None:  # no release, or too few for quartiles
        return []
    rows = db.session.execute(
        select(Municipality, DimensionScore.score)
        .join(Submission, Submission.municipality_id == Municipality.id)
        .join(DimensionScore, DimensionScore.submission_id == Submission.id)
        .where(
            Submission.municipality_id.in_(sharing),
            Submission.round_id == submission.round_id,
            Submission.status == "submitted",
            DimensionScore.dimension_key == dimension_key,
            DimensionScore.score >= q3,
        )
        .order_by(DimensionScore.score.desc(), Municipality.name)
        .limit(limit)
    ).all()
    return [SharedPeer(m, score) for m, score in rows]
