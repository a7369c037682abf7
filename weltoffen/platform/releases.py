"""Released figures (DESIGN.md, "Released figures"): pages show figures about groups
from a stored release, never live, so that two looks at a page cannot be subtracted
to learn about fewer than K units (municipalities, incidents).

A domain describes each group ("subject") of a scope (a round, a network's incident
log) by its units: {unit id: digest of the unit's state}, where the state is exactly
what the figures are computed from (a municipality's scores, an incident's
categories). `evaluate` compares that with the subject's shown release and takes a
new release only when

1. at least K units differ from it (joined, left, or changed state), and
2. it differs by 0 or at least K units from EVERY release ever shown in the scope –
   of any subject, at any time. So no two figures anyone could ever have seen, side
   by side or one after the other, differ by fewer than K units: not the same group
   before and after a few changes, not two groups that differ by one member
   (G7 = G6 + 1), not a group now and another one last month, not a deleted group
   and its near-copy made afterwards.

Otherwise the changes wait (`ReleaseStatus.pending`), and a subject whose next
release would come too close to an earlier one says which (`blocked_by`). A release
of fewer than K units is stored as not shown: it withdraws the subject's figures.

Subjects are evaluated in the order of their importance (the network before its
parts); a subject is also held back while it is within K units of the CURRENT state
of a more important one (`reserved`), so a small group released first does not
block the whole network later. That is priority, not safety: rule 2 alone is safe.

Units are stored packed (8-byte id, 8-byte digest) as a snapshot every
SNAPSHOT_EVERY releases of a subject and as the changes in between, with a 256-bit
parity sketch that bounds the difference from below, so the check against the
history reads only releases that could be close.
"""

import hashlib
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from .cache import Cache
from .db.columns import utcnow
from .db.upsert import upsert
from .release_models import FigureRelease, ReleaseScope, ReleaseStatus

Units = dict[int, int]
SNAPSHOT_EVERY = 16
#: K of every released figure: a group's figure is shown only with at least K units,
#: and a release changes only when at least K units changed (BENCHMARK_K, default 5).
DEFAULT_K = 5


def k_value() -> int:
    """The K of the benchmark (BENCHMARK_K, default 5): the same rule for all statistics."""
    return int(current_app.config.get("BENCHMARK_K", DEFAULT_K))
_MASK64 = (1 << 64) - 1
_REMOVED = 0


def digest(state) -> int:
    """A unit's state as a non-zero signed 64-bit number. `state` is a tuple or list of
    str, int, float and None (nested as needed): its repr is stable across processes
    and versions (floats print their shortest exact form)."""
    data = hashlib.blake2b(repr(state).encode(), digest_size=8).digest()
    return int.from_bytes(data, "big", signed=True) or 1


def pack(units: Units) -> bytes:
    ids = sorted(units)
    return struct.pack(f"<{len(ids)}q", *ids) + struct.pack(f"<{len(ids)}q", *(units[i] for i in ids))


def unpack(data: bytes) -> Units:
    n = len(data) // 16
    return dict(zip(struct.unpack_from(f"<{n}q", data, 0), struct.unpack_from(f"<{n}q", data, 8 * n), strict=True))


def difference(a: Units, b: Units) -> int:
    """How many units differ between two maps: in one only, or in both with another state."""
    if len(a) < len(b):
        a, b = b, a
    return sum(1 for unit, state in a.items() if b.get(unit) != state) + sum(1 for unit in b if unit not in a)


def _bucket(unit: int, state: int) -> int:
    mixed = ((state ^ (unit * 0x9E3779B97F4A7C15)) & _MASK64) * 0xBF58476D1CE4E5B9 & _MASK64
    return mixed >> 56


def sketch(units: Units) -> int:
    """XOR of one bit per (unit, state): popcount(a ^ b) <= 2 * difference(a, b)."""
    bits = 0
    for unit, state in units.items():
        bits ^= 1 << _bucket(unit, state)
    return bits


def _at_least(a: int, b: int) -> int:
    """The least difference two maps with these sketches can have."""
    return ((a ^ b).bit_count() + 1) // 2


# --- reading releases -----------------------------------------------------------------

#: Bounded by the number of units kept (a dict entry is about 100 bytes).
_UNITS = Cache(max_entries=512, max_size=600_000, size=len)


def units_of(release: FigureRelease) -> Units:
    """The units of a release (kept per process: releases never change)."""
    key = (release.id, release.scope, release.subject, release.seq, release.taken_at.isoformat())
    hit = _UNITS.get(key)
    if hit is not None:
        return hit
    if release.snapshot:
        units = unpack(release.units)
    else:
        before = db.session.scalar(
            select(FigureRelease).where(
                FigureRelease.scope == release.scope,
                FigureRelease.subject == release.subject,
                FigureRelease.seq == release.seq - 1,
            )
        )
        units = dict(units_of(before))
        for unit, state in unpack(release.units).items():
            if state == _REMOVED:
                units.pop(unit, None)
            else:
                units[unit] = state
    _UNITS.put(key, units)
    return units


@dataclass(frozen=True)
class Released:
    """What a page may show of one subject: its release (if any) and what waits."""

    subject: str
    release_id: int | None
    taken_at: datetime | None
    n: int
    shown: bool
    figures: dict | None
    pending: int
    blocked_by: str | None


def _released(status: ReleaseStatus, release: FigureRelease | None) -> Released:
    shown = release is not None and release.shown
    return Released(
        status.subject,
        status.release_id,
        release.taken_at if release is not None else None,
        release.n if shown else 0,
        shown,
        release.figures if shown else None,
        status.pending,
        status.blocked_by,
    )


def current(scope: str) -> dict[str, Released]:
    """Every subject of a scope with its shown release and pending changes."""
    rows = db.session.execute(
        select(ReleaseStatus, FigureRelease)
        .outerjoin(FigureRelease, FigureRelease.id == ReleaseStatus.release_id)
        .where(ReleaseStatus.scope == scope)
    ).all()
    return {status.subject: _released(status, release) for status, release in rows}


def members(release_id: int) -> frozenset[int]:
    release = db.session.get(FigureRelease, release_id)
    return frozenset(units_of(release)) if release is not None else frozenset()


# --- taking releases ------------------------------------------------------------------


def lock(scope: str) -> None:
    """Take the scope's turn (call before evaluating its subjects in a transaction)."""
    upsert(ReleaseScope, {"scope": scope, "evaluated_at": utcnow()}, ["scope"], ["evaluated_at"])


def evaluate(
    scope: str,
    subject: str,
    units: Units,
    figures: Callable[[], dict],
    k: int,
    now: datetime | None = None,
    reserved: list[tuple[str, Units]] = (),
) -> Released:
    """Release the subject's figures anew when the rules in the module docstring allow
    it; `figures()` is called only then. `reserved`: (subject, units) of the more
    important subjects' current states. Flushes, never commits."""
    status = db.session.scalar(
        select(ReleaseStatus).where(ReleaseStatus.scope == scope, ReleaseStatus.subject == subject)
    )
    if status is None:
        status = ReleaseStatus(scope=scope, subject=subject, pending=0)
        db.session.add(status)
    latest = db.session.get(FigureRelease, status.release_id) if status.release_id is not None else None
    before = units_of(latest) if latest is not None else {}
    changed = difference(before, units)
    blocked = None
    if changed >= k and (latest is not None or len(units) >= k):
        show = len(units) >= k
        blocked = (_reserved_conflict(units, reserved, k) or _conflict(scope, units, k)) if show else None
        if blocked is None:
            release = _store(scope, subject, latest, before, units, figures() if show else None, show, k, now)
            status.release_id = release.id
            changed = 0
    status.pending = changed
    status.blocked_by = blocked
    status.checked_at = utcnow()
    db.session.flush()
    return _released(status, db.session.get(FigureRelease, status.release_id) if status.release_id else None)


def _reserved_conflict(units: Units, reserved, k: int) -> str | None:
    mine = sketch(units)
    for subject, other in reserved:
        if len(other) < k or abs(len(other) - len(units)) >= k or _at_least(mine, sketch(other)) >= k:
            continue
        if 0 < difference(other, units) < k:
            return subject
    return None


def _conflict(scope: str, units: Units, k: int) -> str | None:
    """The subject of a shown release of the scope that differs from `units` by 1 to
    K-1 units, or None."""
    n = len(units)
    mine = sketch(units)
    candidates = db.session.execute(
        select(FigureRelease.id, FigureRelease.subject, FigureRelease.sketch)
        .where(FigureRelease.scope == scope, FigureRelease.shown.is_(True))
        .where(FigureRelease.n.between(n - k + 1, n + k - 1))
        .order_by(FigureRelease.id)
    ).all()
    for release_id, subject, other in candidates:
        if _at_least(mine, int.from_bytes(other, "big")) >= k:
            continue
        if 0 < difference(units_of(db.session.get(FigureRelease, release_id)), units) < k:
            return subject
    return None


def _store(scope, subject, latest, before: Units, units: Units, figures, show: bool, k: int, now) -> FigureRelease:
    last_seq = db.session.scalar(
        select(func.max(FigureRelease.seq)).where(FigureRelease.scope == scope, FigureRelease.subject == subject)
    )
    seq = (last_seq or 0) + 1
    delta = {u: units.get(u, _REMOVED) for u in before.keys() | units.keys() if before.get(u) != units.get(u)}
    snapshot = latest is None or latest.seq != last_seq or seq % SNAPSHOT_EVERY == 1 or 2 * len(delta) > len(units)
    release = FigureRelease(
        scope=scope,
        subject=subject,
        seq=seq,
        taken_at=now or utcnow(),
        n=len(units),
        k=k,
        shown=show,
        figures=figures,
        units=pack(units if snapshot else delta),
        snapshot=snapshot,
        sketch=sketch(units).to_bytes(32, "big"),
    )
    db.session.add(release)
    db.session.flush()
    _UNITS.put((release.id, scope, subject, seq, release.taken_at.isoformat()), dict(units))
    return release
