"""What a municipality may see of its peers: its chosen groups, passed through the
K rule (anonymity.select), with the precomputed aggregates of the groups shown."""

from dataclasses import dataclass, field

from flask import current_app

from ..selfcheck.models import Submission
from . import aggregates, anonymity, groups

DEFAULT_K = 5


def k_value() -> int:
    return int(current_app.config.get("BENCHMARK_K", DEFAULT_K))


@dataclass
class Comparison:
    submission: Submission
    k: int
    shown: list[anonymity.Shown] = field(default_factory=list)
    withheld: list[tuple[anonymity.Group, str]] = field(default_factory=list)
    #: Requested groups that fell back to a group shown already, with the reason.
    merged: list[anonymity.Shown] = field(default_factory=list)
    #: {group key: {dimension key: PeerAggregate}} for the groups shown.
    figures: dict = field(default_factory=dict)


def own_groups(submission: Submission) -> dict[str, str]:
    """The attribute groups of the submission's municipality: {attribute: key}."""
    m = submission.municipality
    return groups.attribute_keys(m.state, m.kind, m.population, m.foreign_born_share)


def compare(submission: Submission, requested_keys: list[str], k: int | None = None) -> Comparison:
    """The network plus the requested groups (in order), each shown only when the K
    rule allows it, else its wider fallback (the network), with the reason."""
    k = k_value() if k is None else k
    members = aggregates.group_members(submission.round)
    network = anonymity.Group(groups.NETWORK, frozenset(members.get(groups.NETWORK, ())))
    requested = [network] + [
        anonymity.Group(key, frozenset(members.get(key, ())), network)
        for key in requested_keys
        if key != groups.NETWORK
    ]
    selection = anonymity.select(requested, k)
    figures = aggregates.for_round(submission.round_id, [s.group.key for s in selection.shown])
    return Comparison(
        submission, k, shown=selection.shown, withheld=selection.withheld, merged=selection.merged, figures=figures
    )
