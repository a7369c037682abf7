"""Figures from timings: seconds in, (rounded) milliseconds out.

An empty list gives None instead of raising, so a phase in which every client failed
still produces a report (with the failure in it)."""

from __future__ import annotations

from collections.abc import Iterable


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile (p in 0..100) - always one of the measured values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def median(values: list[float]) -> float | None:
    """The middle value, or the mean of the two middle values."""
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def ms(seconds: float | None) -> float | None:
    """Seconds as milliseconds, rounded to 0.01 ms (None stays None)."""
    return None if seconds is None else round(seconds * 1000, 2)


def count(items: Iterable) -> dict[str, int]:
    """How often each item occurs, keyed by str(item) so that it is ready for JSON -
    e.g. HTTP statuses: {"200": 380, "0": 1}. Keys in order of first appearance."""
    counts: dict[str, int] = {}
    for item in items:
        counts[str(item)] = counts.get(str(item), 0) + 1
    return counts


def add_counts(counts: Iterable[dict]) -> dict[str, int]:
    """Several count() results (or {status: n} dicts) added up, keys as str."""
    total: dict[str, int] = {}
    for one in counts:
        for key, n in one.items():
            total[str(key)] = total.get(str(key), 0) + n
    return total
