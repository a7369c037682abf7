"""Reach and representativeness of a process: its participants' shares by age band,
gender and district against the municipality's population shares, and the attendance
of its sessions by target group (counted per session, so a person who came twice
counts twice).

The headline figure is 100 × (1 − mean total variation distance) over the features
with both participants and population shares: 100 when every share matches, 0 when
participants and residents have nothing in common. A gap is a value whose share among
participants lies at least GAP_POINTS percentage points below its share among residents."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..extensions import db
from .models import (
    AGE_BANDS,
    FEATURES,
    GENDERS,
    TARGET_GROUPS,
    DialogueSession,
    PopulationShare,
    ProcessReach,
    SessionAttendance,
)

GAP_POINTS = 5.0


@dataclass(frozen=True)
class Row:
    feature: str
    value: str
    count: int
    share: float | None  # among participants, 0–100
    population: float | None  # among residents, 0–100

    @property
    def difference(self) -> float | None:
        if self.share is None or self.population is None:
            return None
        return self.share - self.population


@dataclass(frozen=True)
class Reach:
    rows: list[Row] = field(default_factory=list)
    #: participants counted per feature
    totals: dict = field(default_factory=dict)
    #: 0–100, None without any feature that has both sides
    index: float | None = None
    gaps: list[Row] = field(default_factory=list)
    #: source and year of the population shares per feature
    sources: dict = field(default_factory=dict)

    def for_feature(self, feature: str) -> list[Row]:
        return [r for r in self.rows if r.feature == feature]


def _order(feature: str, values) -> list[str]:
    fixed = {"age_band": AGE_BANDS, "gender": GENDERS}.get(feature)
    if fixed:
        return [v for v in fixed if v in values] + sorted(v for v in values if v not in fixed)
    return sorted(values)


def compute(counts: dict, population: dict) -> Reach:
    """counts: feature -> {value: participants}; population: feature -> {value: percent}."""
    rows, totals, distances, gaps = [], {}, [], []
    for feature in FEATURES:
        mine, theirs = counts.get(feature, {}), population.get(feature, {})
        if not mine and not theirs:
            continue
        total = sum(mine.values())
        totals[feature] = total
        feature_rows = []
        for value in _order(feature, set(mine) | set(theirs)):
            count = mine.get(value, 0)
            share = 100.0 * count / total if total else None
            feature_rows.append(Row(feature, value, count, share, theirs.get(value)))
        rows += feature_rows
        if total and theirs:
            scale = sum(theirs.values()) or 100.0  # shares that do not add up to 100 are normalised
            distance = sum(
                abs((r.share or 0.0) - 100.0 * (r.population or 0.0) / scale) for r in feature_rows
            ) / 200.0
            distances.append(distance)
            gaps += [r for r in feature_rows if r.difference is not None and r.difference <= -GAP_POINTS]
    index = round(100.0 * (1 - sum(distances) / len(distances)), 1) if distances else None
    gaps.sort(key=lambda r: r.difference)
    return Reach(rows, totals, index, gaps)


def population_of(municipality_id: int) -> tuple[dict, dict]:
    """(feature -> {value: percent}, feature -> (source, year)) of a municipality."""
    shares, sources = {}, {}
    for row in db.session.scalars(select(PopulationShare).where(PopulationShare.municipality_id == municipality_id)):
        shares.setdefault(row.feature, {})[row.value] = row.percent
        sources.setdefault(row.feature, (row.source, row.year))
    return shares, sources


def counts_of(process_id: int) -> dict:
    counts: dict = {}
    for row in db.session.scalars(select(ProcessReach).where(ProcessReach.process_id == process_id)):
        counts.setdefault(row.feature, {})[row.value] = row.count
    return counts


def of_process(process) -> Reach:
    shares, sources = population_of(process.municipality_id)
    reach = compute(counts_of(process.id), shares)
    return Reach(reach.rows, reach.totals, reach.index, reach.gaps, sources)


@dataclass(frozen=True)
class GroupAttendance:
    group: str
    count: int
    share: float | None  # of all attendances counted, 0–100
    targeted: bool  # one of the process's target groups


def attendance_by_group(process) -> list[GroupAttendance]:
    """Attendance summed over the process's sessions per target group, in catalogue
    order; the process's target groups appear even when nobody of them was counted."""
    q = (select(SessionAttendance.group_key, func.sum(SessionAttendance.count))
         .join(DialogueSession, DialogueSession.id == SessionAttendance.session_id)
         .where(DialogueSession.process_id == process.id).group_by(SessionAttendance.group_key))
    counts = {key: int(n or 0) for key, n in db.session.execute(q)}
    targeted = set(process.target_groups or ())
    total = sum(counts.values())
    return [GroupAttendance(g, counts.get(g, 0), 100.0 * counts.get(g, 0) / total if total else None, g in targeted)
            for g in TARGET_GROUPS if g in counts or g in targeted]
