"""The bridge to `sortition-algorithms`: weltoffen's plain data turned into the library's
FeatureCollection and People, one run of the library's algorithm, its distribution
turned back into a panel and marginal probabilities, and its progress events turned
into one callback. Only selection.py calls this module.

Why the candidate ids are wrapped (StableId): the library keeps agents and committees
in sets (`covered_agents`, `committees`), whose iteration order follows the hash of
the ids. Python randomises `str` hashes per process (PYTHONHASHSEED), so the same
seed could give a different LP order, hence a different distribution and panel, in
tomorrow's process. A `str` subclass with a hash derived from the id's bytes makes
that order a function of the input alone: same input, same seed, same panel, in any
process. The wrapped ids never leave this module.
"""

from __future__ import annotations

import functools
import hashlib
import random
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from requests.structures import CaseInsensitiveDict
from sortition_algorithms.committee_generation import (
    GUROBI_AVAILABLE,
    find_any_committee,
    find_distribution_leximin,
    find_distribution_maximin,
    find_distribution_nash,
    find_random_sample_legacy,
    standardize_distribution,
)
from sortition_algorithms.core import lottery_rounding
from sortition_algorithms.features import FeatureCollection, FeatureValueMinMax, set_default_max_flex
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider

#: The column that carries the household key into the library's same-address check.
HOUSEHOLD_COLUMN = "weltoffen_household"

#: The library keeps its random source in a module global (utils.set_random_provider),
#: so two selections in two threads of one process would share it: they run one at a time.
LIBRARY_LOCK = threading.Lock()

#: Legacy retries a greedy draw that missed a quota; the library's own default.
LEGACY_MAX_ATTEMPTS = 100

Progress = Callable[[str, float], None]


class StableId(str):
    """A candidate id whose hash does not depend on PYTHONHASHSEED (see the module docstring)."""

    def __new__(cls, value: str) -> StableId:
        self = super().__new__(cls, value)
        self._hash = int.from_bytes(hashlib.blake2b(value.encode(), digest_size=8).digest(), "big", signed=True)
        return self

    def __hash__(self) -> int:  # computed once: the library hashes ids hundreds of thousands of times
        return self._hash

    def __eq__(self, other: object) -> bool:
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return str.__ne__(self, other)


@dataclass(frozen=True)
class LibraryInput:
    """The library's view of one selection: features with quotas, people, household columns."""

    features: FeatureCollection
    people: People
    address_columns: list[str]
    ids: dict[str, StableId]


def library_input(candidates, targets: Mapping, one_per_household: bool) -> LibraryInput:
    """FeatureCollection and People for `candidates` (already validated) and `targets`.
    Candidates without a household get one of their own, so the household rule never
    joins two strangers."""
    features: FeatureCollection = CaseInsensitiveDict()
    for feature, values in targets.items():
        features[feature] = CaseInsensitiveDict(
            {value: FeatureValueMinMax(min=quota.min, max=quota.max) for value, quota in values.items()}
        )
    set_default_max_flex(features)  # lets the library's relaxation raise maxima when it suggests one
    columns = [HOUSEHOLD_COLUMN] if one_per_household else []
    people = People(columns)
    ids: dict[str, StableId] = {}
    for row, candidate in enumerate(sorted(candidates, key=lambda c: c.id), start=2):
        key = StableId(candidate.id)
        ids[candidate.id] = key
        data = {feature: candidate.features[feature] for feature in targets}
        if one_per_household:
            data[HOUSEHOLD_COLUMN] = candidate.household or f"weltoffen-single:{candidate.id}"
        people.add(key, data, features, row)
    return LibraryInput(features, people, columns, ids)


class ProgressAdapter:
    """The library's ProgressReporter protocol turned into `callback(phase, fraction)`.

    `fraction` is the share of the whole job, mapped into the window [start, end] this
    run owns (the panel and the reserve are two runs). Phases with a known total count
    linearly; the optimisation loops (total None) approach their end asymptotically.
    The callback is called only when the phase changes or the fraction grew by 1 %,
    so a callback that writes to a database is not called thousands of times."""

    #: library phase -> (share of this run where it starts, where it ends)
    SPANS = {
        "multiplicative_weights": (0.02, 0.55),
        "maximin_optimization": (0.55, 0.95),
        "nash_optimization": (0.55, 0.95),
        "leximin_outer": (0.55, 0.95),
        "legacy_attempt": (0.02, 0.95),
    }

    def __init__(self, callback: Progress | None, start: float = 0.0, end: float = 1.0) -> None:
        self.callback, self.start, self.end = callback, start, end
        self.phase, self.total, self.last = "", None, -1.0

    def emit(self, phase: str, local: float) -> None:
        fraction = self.start + (self.end - self.start) * min(max(local, 0.0), 1.0)
        if self.callback is not None and (phase != self.phase or fraction >= self.last + 0.01):
            self.phase, self.last = phase, fraction
            self.callback(phase, round(fraction, 4))

    def start_phase(self, name: str, total: int | None = None, *, message: str | None = None) -> None:
        self.total = total
        self.emit(name, self.SPANS.get(name, (0.5, 0.95))[0])

    def update(self, current: int, *, message: str | None = None) -> None:
        low, high = self.SPANS.get(self.phase, (0.5, 0.95))
        done = current / self.total if self.total else 1 - 1 / (1 + current / 10)
        self.emit(self.phase, low + (high - low) * done)

    def end_phase(self) -> None:
        pass


@dataclass(frozen=True)
class Draw:
    """One run's outcome: the drawn ids, and every agent's marginal probability (empty for legacy)."""

    chosen: list[str]
    probabilities: dict[str, float]


def run_algorithm(data: LibraryInput, size: int, algorithm: str, seed: int, progress: ProgressAdapter) -> Draw:
    """Seed the library's random source, compute the algorithm's distribution over panels
    and draw one panel from it the way the library's find_random_sample does
    (standardize_distribution, then lottery_rounding). Raises the library's
    InfeasibleQuotasError / SelectionError unchanged."""
    with seeded(seed):
        return _run_seeded(data, size, algorithm, progress)


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """The library's random source seeded for the block (HiGHS draws its own seed from
    it too). The library seeds the global `random` module; its state and the library's
    default, unseeded source are put back afterwards, so the host application's
    `random` is not left predictable."""
    state = random.getstate()
    set_random_provider(seed)
    try:
        yield
    finally:
        set_random_provider(None)
        random.setstate(state)


def _run_seeded(data: LibraryInput, size: int, algorithm: str, progress: ProgressAdapter) -> Draw:
    if algorithm == "legacy":
        committees, _report = find_random_sample_legacy(
            data.people, data.features, size, data.address_columns,
            max_attempts=LEGACY_MAX_ATTEMPTS, progress_reporter=progress,
        )
        return Draw(sorted(str(key) for key in committees[0]), {})
    finder = {"maximin": find_distribution_maximin, "nash": find_distribution_nash,
              "leximin": find_distribution_leximin}[algorithm]
    committees, probabilities, _report = finder(
        data.features, data.people, size, data.address_columns, progress_reporter=progress
    )
    committees, probabilities = standardize_distribution(committees, probabilities)
    marginals = dict.fromkeys(data.people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for key in committee:
            marginals[key] += probability
    progress.emit("drawing", 0.97)
    chosen = lottery_rounding(committees, probabilities, 1)[0]
    return Draw(sorted(str(key) for key in chosen), {str(key): value for key, value in marginals.items()})


def check_feasible(data: LibraryInput, size: int, seed: int) -> None:
    """The library's quick feasibility ILP (find_any_committee): returns if some panel
    meets every quota, raises InfeasibleQuotasError (with the library's suggested
    relaxation) or InfeasibleQuotasCantRelaxError otherwise. Seeded, so that the
    suggested relaxation is the same on every run."""
    with seeded(seed):
        find_any_committee(data.features, data.people, size, data.address_columns)


@functools.cache
def gurobi_available() -> bool:
    """Whether the library's leximin can run here: gurobipy installed (the library checks
    only that) and its licence not the size-limited one that `pip install gurobipy`
    brings. That licence is "for non-production use only" and refuses models over 2,000
    variables or constraints; the library's leximin builds an LP with one constraint
    per panel it found (thousands for 1,000 registrants) and then fails, measured here:
    1,000 registrants, panel 60 failed after 11 minutes. A probe model with 2,001
    variables tells the licences apart in milliseconds."""
    if not GUROBI_AVAILABLE:
        return False
    import gurobipy as grb

    try:
        with grb.Env(params={"OutputFlag": 0}) as env, grb.Model(env=env) as model:
            model.addVars(2001)
            model.optimize()
    except grb.GurobiError:
        return False
    return True
