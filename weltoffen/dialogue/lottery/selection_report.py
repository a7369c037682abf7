"""Why no panel can meet the targets: the conflicts as structured data with an English
explanation each (the web layer shows its own translated text from the fields), and
the library's suggested relaxation as weltoffen Targets.

Three conflicts are found by counting, before any solver runs: a value's minimum
above the people (or, with the household rule, households) who have it; a feature's
minima adding up to more seats than the panel has; a feature's maxima adding up to
fewer. What counting cannot see, for instance two features whose minima cannot be met
together because too few people have both values, the library's relaxation ILP
(InfeasibleQuotasError) reveals: every quota it had to change is a conflict of kind
"combination"."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sortition_algorithms.errors import InfeasibleQuotasCantRelaxError, InfeasibleQuotasError
from sortition_algorithms.features import FeatureCollection


@dataclass(frozen=True)
class Conflict:
    """One target that cannot be met.

    kind: "not_enough_people" (value's min > available), "minimums_exceed_panel"
    (feature's mins add up to more than the panel; value None, min/max the sums),
    "maximums_below_panel" (feature's maxes add up to less), "combination" (the quota
    the library's relaxation changed; min/max are the original target).
    available: people with the value (households, under the household rule); for the
    two feature-wide kinds, the panel size."""

    kind: str
    feature: str
    value: str | None
    min: int
    max: int
    available: int
    explanation: str


def counted_conflicts(candidates, targets: Mapping, panel_size: int, one_per_household: bool) -> list[Conflict]:
    """The conflicts visible by counting alone (see the module docstring); one pass over the candidates."""
    holders: dict[tuple[str, str], set[str]] = {(f, v): set() for f, values in targets.items() for v in values}
    for c in candidates:
        key = (c.household or f"single:{c.id}") if one_per_household else c.id
        for feature in targets:
            holders[(feature, c.features[feature])].add(key)
    conflicts: list[Conflict] = []
    for feature, values in targets.items():
        mins = sum(q.min for q in values.values())
        maxes = sum(q.max for q in values.values())
        if mins > panel_size:
            conflicts.append(Conflict(
                "minimums_exceed_panel", feature, None, mins, maxes, panel_size,
                f"The minimums for '{feature}' add up to {mins} seats, but the panel has only {panel_size}.",
            ))
        if maxes < panel_size:
            conflicts.append(Conflict(
                "maximums_below_panel", feature, None, mins, maxes, panel_size,
                f"The maximums for '{feature}' add up to {maxes} seats, fewer than the panel's {panel_size}.",
            ))
        for value, quota in values.items():
            available = len(holders[(feature, value)])
            if quota.min > available:
                unit = "households" if one_per_household else "people"
                conflicts.append(Conflict(
                    "not_enough_people", feature, value, quota.min, quota.max, available,
                    f"'{feature}' = '{value}' needs at least {quota.min} seats, "
                    f"but only {available} {unit} with this value registered.",
                ))
    return conflicts


def relaxation_conflicts(targets: Mapping, relaxed: Mapping, counts: Mapping) -> list[Conflict]:
    """A "combination" conflict for every quota that the relaxation changed."""
    conflicts = []
    for feature, values in targets.items():
        for value, quota in values.items():
            new = relaxed[feature][value]
            if (new.min, new.max) != (quota.min, quota.max):
                conflicts.append(Conflict(
                    "combination", feature, value, quota.min, quota.max, counts[feature][value],
                    f"'{feature}' = '{value}' ({quota.min} to {quota.max} seats) cannot be met together with the "
                    f"other targets; the nearest feasible targets allow {new.min} to {new.max}.",
                ))
    return conflicts


def relaxation_targets(relaxed: FeatureCollection, targets: Mapping, quota_type) -> dict:
    """The library's relaxed FeatureCollection as weltoffen Targets, in the order and
    spelling of the original targets (the library's dicts are case-insensitive)."""
    return {
        feature: {value: quota_type(relaxed[feature][value].min, relaxed[feature][value].max) for value in values}
        for feature, values in targets.items()
    }


def library_relaxation(error: Exception, targets: Mapping, quota_type) -> dict | None:
    """The suggestion carried by the library's error, None if it could not relax."""
    if isinstance(error, InfeasibleQuotasError):
        return relaxation_targets(error.features, targets, quota_type)
    if isinstance(error, InfeasibleQuotasCantRelaxError):
        return None
    raise error


def summary(conflicts: list[Conflict], relaxation: Mapping | None) -> str:
    """One English paragraph for logs and for the lead's first UI draft."""
    if not conflicts:
        head = "No panel can meet all targets at once."
    else:
        head = "No panel can meet all targets: " + " ".join(c.explanation for c in conflicts)
    if relaxation is None:
        return head + " The targets cannot be relaxed enough; more registrations are needed."
    return head + " A suggested relaxation of the targets is attached."
