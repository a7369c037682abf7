"""Stage 1 of a citizens' assembly: drawing who is invited from the population register.

Pure functions on plain dataclasses, so that anyone holding the register extract and
the seed can recompute a draw with a few lines of Python, without this application.

The algorithm (the same in every mode):

1. Sort the people by register id (Python's string order, i.e. by Unicode code point;
   ids must be unique), so the order of the input never matters.
2. Shuffle that sorted list with ``random.Random(seed).shuffle`` – CPython's Mersenne
   Twister seeded with an integer and its Fisher–Yates shuffle, both unchanged since
   Python 3.2, so the order is the same on every machine.
3. Walk the shuffled list from the start and take each person while places are left:
   - simple mode: the first ``n`` people (a uniform sample of ``n``);
   - stratified mode: each district × age band stratum has its own number of places
     (below); a person is taken while their stratum has places left, so within each
     stratum the people taken are a uniform sample of that stratum;
   - one per household (either mode): a person is skipped when someone with the same
     household key has already been taken.

   The result lists the ids in the order they were taken.

Places per stratum: stratum weight = population × oversampling factor of its age band
(1.0 unless given); the ``n`` places are split in proportion to the weights by the
largest-remainder method (exact fractions, ties to the stratum first in
(district, age band) order). A stratum whose share exceeds its population gets all
its people and the rest is split again among the others.

One per household changes the chances: a household of k adults gets a letter when
any of its members comes up in the walked part of the shuffled list; the first of them
to come up is taken, each member equally likely. With f the share of the shuffled list walked (close to n / population),
a person in a household of k has the chance (1 − (1 − f)^k) / k instead of f: for
f = 1.5 % and k = 2 that is 1.49 % instead of 1.5 %, i.e. the rule costs people in
larger households little when few are drawn. In stratified mode a stratum may run out
of people whose household is still free; then the draw fails with ValueError.
"""

import hashlib
import random
import re
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import isfinite
from operator import attrgetter

SEED_BYTES = 8
_SEPARATORS = re.compile(r"[\s,;\-]+")
_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Person:
    """One adult of the register extract: what the draw needs and nothing more."""

    id: str
    district: str
    age_band: str
    household: str  # normalised address key: same key = same household


@dataclass(frozen=True)
class Stratum:
    """One district × age band with its population, oversampling factor and people drawn."""

    district: str
    age_band: str
    population: int
    factor: float
    drawn: int


@dataclass(frozen=True)
class Draw:
    """The outcome of one draw: the ids in the order taken and how to recompute it."""

    ids: list[str]
    seed: int
    mode: str  # "simple" | "stratified"
    strata: list[Stratum]  # every district × age band present, sorted; also for simple draws
    one_per_household: bool


def canonical_numbers(text: str) -> str:
    """The canonical form of numbers typed in at a public draw: non-negative integers
    separated by whitespace, commas, semicolons or hyphens, written in decimal without
    leading zeros and joined by hyphens ("17, 4, 023" -> "17-4-23")."""
    tokens = [t for t in _SEPARATORS.split(text.strip()) if t]
    if not tokens:
        raise ValueError("Enter at least one number for the public draw.")
    bad = [t for t in tokens if not _NUMBER.fullmatch(t)]
    if bad:
        raise ValueError(f"Only whole numbers (0-9) separated by spaces or commas are allowed, not {bad[0]!r}.")
    return "-".join(str(int(t)) for t in tokens)


def seed_from_numbers(text: str) -> int:
    """The seed of a public draw, recomputable by anyone: the first 8 bytes of the
    SHA-256 of the canonical form (ASCII), read as a big-endian unsigned integer and
    shifted right by one bit (63 bits: it fits a signed 64-bit database column).

    In Python: ``int.from_bytes(hashlib.sha256(b"17-4-23-8-42").digest()[:8], "big") >> 1``.
    """
    digest = hashlib.sha256(canonical_numbers(text).encode("ascii")).digest()
    return int.from_bytes(digest[:SEED_BYTES], "big") >> 1


def new_seed() -> int:
    """A fresh random seed (63 bits from the operating system's secure source)."""
    return secrets.randbits(8 * SEED_BYTES - 1)


def draw(
    people: Sequence[Person],
    n: int,
    *,
    seed: int,
    stratified: bool = False,
    oversampling: dict[str, float] | None = None,
    one_per_household: bool = False,
) -> Draw:
    """Draw ``n`` of ``people`` with ``seed`` (see the module docstring for the algorithm)."""
    if n < 0:
        raise ValueError("The number to draw cannot be negative.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError("The seed must be a non-negative whole number.")  # Random() folds -s onto s
    if oversampling and not stratified:
        raise ValueError("Oversampling age bands needs a stratified draw.")
    factors = _factors(oversampling or {})
    ordered = sorted(people, key=attrgetter("id"))
    _check_unique(ordered)
    _check_enough(ordered, n, one_per_household)
    populations = Counter((p.district, p.age_band) for p in ordered)
    places = allocate(populations, factors, n) if stratified else None
    taken = _walk(ordered, seed, one_per_household, places, n)
    counts = Counter((p.district, p.age_band) for p in taken)
    strata = [
        Stratum(d, a, populations[(d, a)], factors.get(a, 1.0) if stratified else 1.0, counts[(d, a)])
        for d, a in sorted(populations)
    ]
    return Draw(
        ids=[p.id for p in taken],
        seed=seed,
        mode="stratified" if stratified else "simple",
        strata=strata,
        one_per_household=one_per_household,
    )


def allocate(populations: dict[tuple[str, str], int], factors: dict[str, float], n: int) -> dict[tuple[str, str], int]:
    """Split ``n`` places over the strata (district, age band) in proportion to
    population × factor of the age band, by largest remainder, capped at the population."""
    weights = {key: Fraction(pop) * Fraction(factors.get(key[1], 1.0)) for key, pop in populations.items() if pop}
    places: dict[tuple[str, str], int] = {}
    open_keys = sorted(weights)
    remaining = n
    while True:
        total = sum(weights[k] for k in open_keys)
        quotas = {k: remaining * weights[k] / total for k in open_keys} if total else {}
        full = [k for k in open_keys if quotas[k] >= populations[k]]
        if not full:
            break
        for k in full:
            places[k] = populations[k]
            remaining -= populations[k]
        open_keys = [k for k in open_keys if k not in full]
    floors = {k: int(q) for k, q in quotas.items()}
    left = remaining - sum(floors.values())
    by_remainder = sorted(open_keys, key=lambda k: (-(quotas[k] - floors[k]), k))
    for k in by_remainder[:left]:
        floors[k] += 1
    places.update(floors)
    return places


def _walk(ordered, seed, one_per_household, places, n=0) -> list[Person]:
    """Take people in the seed's shuffled order until the places are filled."""
    shuffled = list(ordered)
    random.Random(seed).shuffle(shuffled)
    needed = sum(places.values()) if places is not None else n
    left = dict(places) if places is not None else None
    households: set[str] = set()
    taken: list[Person] = []
    for person in shuffled:
        if len(taken) == needed:
            break
        if one_per_household and person.household in households:
            continue
        if left is not None:
            key = (person.district, person.age_band)
            if not left.get(key):
                continue
            left[key] -= 1
        households.add(person.household)
        taken.append(person)
    if len(taken) < needed:
        raise ValueError(
            f"Only {len(taken)} of {needed} people could be drawn: some strata have too few households "
            "not yet drawn; draw fewer people or allow several per household."
        )
    return taken


def _factors(oversampling: dict[str, float]) -> dict[str, float]:
    for band, factor in oversampling.items():
        if not isinstance(factor, int | float) or not isfinite(factor) or factor <= 0:
            raise ValueError(f"The oversampling factor of age band {band!r} must be a positive number.")
    return {band: float(factor) for band, factor in oversampling.items()}


def _check_unique(ordered: list[Person]) -> None:
    for before, after in zip(ordered, ordered[1:], strict=False):
        if before.id == after.id:
            raise ValueError(f"The register id {after.id!r} occurs more than once.")


def _check_enough(ordered: list[Person], n: int, one_per_household: bool) -> None:
    if n > len(ordered):
        raise ValueError(f"Cannot draw {n} people from {len(ordered)}.")
    if one_per_household:
        households = len({p.household for p in ordered})
        if n > households:
            raise ValueError(f"Cannot draw {n} people with one per household from {households} households.")
