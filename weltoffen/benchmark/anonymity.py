"""The K rule (DESIGN.md, "Scores and peers"): no figure about fewer than K
municipalities, and no two figures shown side by side whose groups differ by fewer
than K members, so a single municipality can't be recovered by subtraction. A group
that is too small falls back to the next wider one, and the page says why.

Pure functions over sets of municipality ids; no database here."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Group:
    """A peer group: `key` identifies it ("network", "state:05", "size:3", "named:7" …)."""

    key: str
    members: frozenset[int]
    #: The next wider group to fall back to when this one is too small (or clashes).
    wider: "Group | None" = None


@dataclass(frozen=True)
class Shown:
    """A group whose figures may be shown, and the group that was asked for."""

    group: Group
    requested: Group
    #: Why it differs from the request: None, "too_small" or "too_close".
    reason: str | None = None


@dataclass
class Selection:
    shown: list[Shown] = field(default_factory=list)
    #: Requested groups that could not be shown at all (no wide enough fallback).
    withheld: list[tuple[Group, str]] = field(default_factory=list)
    #: Requested groups whose fallback is a group shown already (so the page can say why).
    merged: list[Shown] = field(default_factory=list)


def too_close(a: frozenset[int], b: frozenset[int], k: int) -> bool:
    """Two shown groups that differ by 1..k-1 members let one subtract the other."""
    difference = len(a ^ b)
    return 0 < difference < k


def select(requested: list[Group], k: int) -> Selection:
    """Decide which groups' figures may be shown together, in order of preference.

    Each requested group is replaced by its nearest wider group when it has fewer
    than k members or differs from an already shown group by fewer than k members;
    a group identical in membership to a shown one is dropped as a duplicate."""
    selection = Selection()
    for group in requested:
        candidate, reason = group, None
        while candidate is not None:
            if len(candidate.members) < k:
                candidate, reason = candidate.wider, reason or "too_small"
                continue
            if any(too_close(candidate.members, s.group.members, k) for s in selection.shown):
                candidate, reason = candidate.wider, reason or "too_close"
                continue
            break
        if candidate is None:
            selection.withheld.append((group, reason or "too_small"))
        elif any(candidate.members == s.group.members for s in selection.shown):
            selection.merged.append(Shown(candidate, group, reason))  # shown already
        else:
            selection.shown.append(Shown(candidate, group, reason))
    return selection


def allowed_pairwise(groups: list[frozenset[int]], k: int) -> bool:
    """The invariant the selection keeps (used by the property tests)."""
    if any(len(g) < k for g in groups):
        return False
    return not any(too_close(a, b, k) for i, a in enumerate(groups) for b in groups[i + 1 :])
