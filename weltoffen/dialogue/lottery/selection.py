"""Stage 2 of a citizens' assembly by lot: from those who registered after the invitation
lottery, draw a panel (and an ordered reserve) that meets the quotas per feature value,
with the algorithms of the `sortition-algorithms` library (Sortition Foundation; the
maximin, Nash and leximin algorithms of Flanigan et al., "Fair algorithms for selecting
citizens' assemblies", Nature 596, 2021). No lottery of our own: this module validates,
converts, calls the library, and explains. Plain dataclasses in and out, no Flask, no
database, so a background job can call it.

Determinism: the library draws from Python's `random`, seeded here from `seed` (HiGHS
takes its own seed from that source; the global `random` state is restored after each
run), and its set orders are made independent of PYTHONHASHSEED
(selection_engine.StableId). Same candidates, targets and seed give the
same panel, reserve and probabilities, in any process, with the same library version
(recorded in every Selection).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version

from sortition_algorithms.errors import InfeasibleQuotasCantRelaxError, InfeasibleQuotasError, SelectionError

from weltoffen.dialogue.lottery import selection_engine as engine
from weltoffen.dialogue.lottery import selection_report as report
from weltoffen.dialogue.lottery.selection_report import Conflict
from weltoffen.dialogue.lottery.selection_types import Candidate, Quota, Targets

__all__ = ["Candidate", "Conflict", "Infeasible", "Quota", "Selection", "SelectionFailed", "Targets",
           "available_algorithms", "best_algorithm", "replacements", "select"]

LIBRARY_VERSION = version("sortition-algorithms")

#: Fairest first (see best_algorithm).
ALGORITHMS = ("leximin", "maximin", "nash", "legacy")




@dataclass(frozen=True)
class Selection:
    """A drawn panel. `probabilities`: each candidate's marginal probability of being on
    the panel under the distribution the algorithm computed (sums to the panel size);
    empty for "legacy", which computes no distribution. `quotas`: feature -> value ->
    (target, seats reached). `reserve`: ordered, see select()."""

    panel: list[str]
    reserve: list[str]
    probabilities: dict[str, float]
    quotas: dict[str, dict[str, tuple[Quota, int]]]
    algorithm: str
    seed: int
    library_version: str
    seconds: float


@dataclass(frozen=True)
class Infeasible:
    """No panel meets the targets; nothing was drawn. `relaxation`: the library's
    suggestion of the nearest targets that can be met (None if none can)."""

    conflicts: list[Conflict]
    relaxation: Targets | None
    explanation: str


class SelectionFailed(RuntimeError):
    """The targets can be met, but the algorithm found no panel: only the greedy "legacy"
    algorithm does this (it gives up after 100 attempts on tight targets); maximin,
    Nash and leximin never do."""


def available_algorithms() -> list[str]:
    """The algorithms that can run here, fairest first. Leximin needs gurobipy with a full
    licence in this library (see selection_engine.gurobi_available); maximin, Nash and
    legacy run on the bundled HiGHS (and cvxpy/SCS for Nash)."""
    return [a for a in ALGORITHMS if a != "leximin" or engine.gurobi_available()]


def best_algorithm() -> str:
    """The fairest available algorithm: leximin > maximin > nash > legacy.

    Flanigan et al. (Nature 2021) show that the greedy procedure in use before them
    (here "legacy") gives some registrants a far smaller chance than others and
    computes no probabilities at all. Maximin maximises the smallest selection
    probability of anyone; leximin does the same and then, among those distributions,
    raises the second smallest, and so on - the paper's recommended (and deployed)
    algorithm, so it comes first. Nash maximises the product of the probabilities:
    also fair and efficient, but it may leave the worst-off lower than maximin does,
    so it ranks after maximin for a selection whose promise is "everyone has a fair
    chance"."""
    return available_algorithms()[0]


def _validate(candidates: list[Candidate], targets: Targets, panel_size: int, reserve_size: int,
              algorithm: str, seed: int) -> None:
    """Raise ValueError (English message) for inputs the lottery cannot start with."""
    if not candidates:
        raise ValueError("There are no candidates to select from.")
    ids = [c.id for c in candidates]
    if len(set(ids)) != len(ids):
        raise ValueError("Candidate ids must be unique.")
    if panel_size < 1:
        raise ValueError("The panel size must be at least 1.")
    if reserve_size < 0:
        raise ValueError("The reserve size must not be negative.")
    if panel_size + reserve_size > len(candidates):
        raise ValueError(f"Panel ({panel_size}) and reserve ({reserve_size}) need more people than the "
                         f"{len(candidates)} candidates.")
    if algorithm not in available_algorithms():
        raise ValueError(f"Algorithm '{algorithm}' is not available here; available: "
                         f"{', '.join(available_algorithms())}.")
    if seed == 0:
        raise ValueError("The seed must not be 0 (the library would then draw from an unseeded source).")
    _validate_data(candidates, targets)


def _validate_data(candidates: list[Candidate], targets: Targets) -> None:
    """Targets well formed, and every candidate has a value with a target for every feature."""
    if len({f.lower() for f in targets}) != len(targets):
        raise ValueError("Feature names must differ in more than upper/lower case.")
    for feature, values in targets.items():
        if not values:
            raise ValueError(f"Feature '{feature}' has no values with targets.")
        if len({v.lower() for v in values}) != len(values):
            raise ValueError(f"The values of feature '{feature}' must differ in more than upper/lower case.")
        for value, quota in values.items():
            if quota.min < 0 or quota.min > quota.max:
                raise ValueError(f"Target for '{feature}' = '{value}': min ({quota.min}) must be between 0 and "
                                 f"max ({quota.max}).")
    for candidate in candidates:
        for feature, values in targets.items():
            if feature not in candidate.features:
                raise ValueError(f"Candidate '{candidate.id}' has no value for feature '{feature}'.")
            if candidate.features[feature] not in values:
                raise ValueError(f"Candidate '{candidate.id}' has value '{candidate.features[feature]}' for "
                                 f"feature '{feature}', which has no target.")


def _counts(candidates: Iterable[Candidate], targets: Targets) -> dict[str, dict[str, int]]:
    counts = {feature: dict.fromkeys(values, 0) for feature, values in targets.items()}
    for candidate in candidates:
        for feature in targets:
            counts[feature][candidate.features[feature]] += 1
    return counts


def _feasibility_error(data, size, seed) -> Exception | None:
    """The library's quick feasibility ILP: None if some panel meets every quota, else its error."""
    try:
        engine.check_feasible(data, size, seed)
    except (InfeasibleQuotasError, InfeasibleQuotasCantRelaxError) as error:
        return error
    return None


def _infeasible(candidates, targets, size, one_per_household, error) -> Infeasible:
    """The Infeasible answer: counted conflicts plus, from the library's relaxation ILP
    (carried by `error`), the suggestion and the conflicts only the combination reveals."""
    relaxation = report.library_relaxation(error, targets, Quota)
    conflicts = report.counted_conflicts(candidates, targets, size, one_per_household)
    if relaxation is not None and not conflicts:
        conflicts = report.relaxation_conflicts(targets, relaxation, _counts(candidates, targets))
    return Infeasible(conflicts, relaxation, report.summary(conflicts, relaxation))


def _draw(candidates, targets, size, algorithm, seed, one_per_household, progress) -> engine.Draw | Infeasible:
    """One library run for `size` seats, or Infeasible."""
    data = engine.library_input(candidates, targets, one_per_household)
    if report.counted_conflicts(candidates, targets, size, one_per_household):
        error = _feasibility_error(data, size, seed)
        if error is not None:  # always, as counted conflicts are real; else the solver decides below
            return _infeasible(candidates, targets, size, one_per_household, error)
    try:
        return engine.run_algorithm(data, size, algorithm, seed, progress)
    except InfeasibleQuotasError as error:
        return _infeasible(candidates, targets, size, one_per_household, error)
    except SelectionError:
        if algorithm != "legacy":
            raise
        error = _feasibility_error(data, size, seed)  # legacy fails without telling whether it was the quotas
        if error is None:
            raise SelectionFailed(f"The legacy algorithm found no panel in {engine.LEGACY_MAX_ATTEMPTS} attempts, "
                                  "although one exists; use maximin.") from None
        return _infeasible(candidates, targets, size, one_per_household, error)


def _reserve(candidates, targets, panel, size, algorithm, seed, one_per_household, progress) -> list[str]:
    """An ordered reserve of up to `size` people from those not on the panel (nor, under
    the household rule, in a panel member's household), drawn by the same algorithm
    with the targets scaled to the reserve (min rounded down, max up), so the reserve
    as a whole mirrors the quotas. If those cannot be met, the library's relaxation of
    them is used; if none exists, quotas are dropped. Shorter than `size` only if too
    few people (households) are left. The order is a seeded shuffle: the reserve is
    for a quick look-up; replacements() keeps the quotas exactly."""
    chosen = set(panel)
    taken = {c.household for c in candidates if c.id in chosen and c.household} if one_per_household else set()
    pool = [c for c in candidates if c.id not in chosen and not (c.household and c.household in taken)]
    if one_per_household:
        size = min(size, len({c.household or f"single:{c.id}" for c in pool}))
    size = min(size, len(pool))
    if size == 0:
        return []
    scaled = {f: {v: Quota(q.min * size // len(panel), -(-q.max * size // len(panel))) for v, q in vs.items()}
              for f, vs in targets.items()}
    answer = _draw(pool, scaled, size, algorithm, seed, one_per_household, progress)
    if isinstance(answer, Infeasible) and answer.relaxation is not None:
        answer = _draw(pool, answer.relaxation, size, algorithm, seed, one_per_household, progress)
    if isinstance(answer, Infeasible):
        unbound = {f: {v: Quota(0, size) for v in vs} for f, vs in targets.items()}
        answer = _draw(pool, unbound, size, algorithm, seed, one_per_household, progress)
    if isinstance(answer, Infeasible):
        return []
    order = list(answer.chosen)
    random.Random(f"reserve:{seed}").shuffle(order)
    return order


def select(candidates: list[Candidate], targets: Targets, panel_size: int, *, algorithm: str, seed: int,
           reserve_size: int = 0, one_per_household: bool = False,
           progress: Callable[[str, float], None] | None = None) -> Selection | Infeasible:
    """Draw a panel of `panel_size` meeting `targets`, and a reserve of `reserve_size`
    (see _reserve). `progress(phase, fraction)` gets the library's phase names
    ("multiplicative_weights", "maximin_optimization", ...) and "drawing", "reserve",
    "done", with the fraction of the whole job. Raises ValueError for bad input
    (see _validate); returns Infeasible, drawing nothing, if no panel meets the targets."""
    started = time.perf_counter()
    candidates = list(candidates)
    _validate(candidates, targets, panel_size, reserve_size, algorithm, seed)
    split = 0.8 if reserve_size else 1.0
    with engine.LIBRARY_LOCK:
        answer = _draw(candidates, targets, panel_size, algorithm, seed, one_per_household,
                       engine.ProgressAdapter(progress, 0.0, split))
        if isinstance(answer, Infeasible):
            return answer
        reserve = []
        if reserve_size:
            adapter = engine.ProgressAdapter(progress, split, 1.0)
            adapter.emit("reserve", 0.0)
            reserve = _reserve(candidates, targets, answer.chosen, reserve_size, algorithm, seed,
                               one_per_household, adapter)
    if progress is not None:
        progress("done", 1.0)
    by_id = {c.id: c for c in candidates}
    reached = _counts((by_id[i] for i in answer.chosen), targets)
    quotas = {f: {v: (q, reached[f][v]) for v, q in vs.items()} for f, vs in targets.items()}
    probabilities = {c.id: answer.probabilities.get(c.id, 0.0) for c in candidates} if answer.probabilities else {}
    return Selection(answer.chosen, reserve, probabilities, quotas, algorithm, seed, LIBRARY_VERSION,
                     round(time.perf_counter() - started, 3))


def replacements(candidates: list[Candidate], targets: Targets, panel: list[str], declined: list[str], *,
                 seed: int, one_per_household: bool = False, algorithm: str | None = None,
                 progress: Callable[[str, float], None] | None = None) -> list[str] | Infeasible:
    """Replacements for the panel members who declined, keeping the whole panel within targets.

    The library (0.12) has no "fixed members" in its algorithms (its `already_selected`
    only excludes their addresses), so this is a selection with the remaining members
    fixed through adjusted targets: each value's min and max are reduced by the
    remaining members who have it, and len(declined) people are drawn from those never
    on the panel (nor, under the household rule, in a remaining member's household)
    with the same algorithm (default: best_algorithm()). Those who declined need not be
    among `candidates` (a withdrawn registration has no features left). Any such draw plus the
    remaining members meets the original targets. Infeasible (conflicts and relaxation
    in terms of the seats still open) if no replacement set can."""
    candidates = list(candidates)
    _validate_data(candidates, targets)
    by_id = {c.id: c for c in candidates}
    # a member who declined may be gone from the candidates (withdrawn): only the seat counts
    unknown = [i for i in panel if i not in by_id and i not in set(declined)]
    if unknown:
        raise ValueError(f"Unknown candidate ids: {', '.join(unknown)}.")
    if not set(declined) <= set(panel):
        raise ValueError("Only panel members can decline.")
    if not declined:
        return []
    remaining = [by_id[i] for i in panel if i not in set(declined)]
    fixed = _counts(remaining, targets)
    adjusted: Targets = {}
    for feature, values in targets.items():
        adjusted[feature] = {}
        for value, quota in values.items():
            if fixed[feature][value] > quota.max:
                raise ValueError(f"The remaining panel already has more than {quota.max} seats for "
                                 f"'{feature}' = '{value}'.")
            adjusted[feature][value] = Quota(max(0, quota.min - fixed[feature][value]),
                                             quota.max - fixed[feature][value])
    taken = {c.household for c in remaining if c.household} if one_per_household else set()
    pool = [c for c in candidates
            if c.id not in set(panel) and not (one_per_household and c.household and c.household in taken)]
    if len(pool) < len(declined):
        raise ValueError(f"Only {len(pool)} candidates are left to replace {len(declined)} who declined.")
    answer = select(pool, adjusted, len(declined), algorithm=algorithm or best_algorithm(), seed=seed,
                    one_per_household=one_per_household, progress=progress)
    return answer if isinstance(answer, Infeasible) else answer.panel
