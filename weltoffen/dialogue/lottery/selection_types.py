"""The plain data of a selection (registrants as candidates, seats per feature value),
without the library: pages and the job's preparation use them without importing
sortition-algorithms and its numerical stack (numpy, cvxpy: about 1.5 s and 40 MB per
process); selection.py re-exports them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Candidate:
    """One registrant: an id, one value per feature (e.g. {"age_band": "16_29"}), and a
    household key (e.g. a hashed address) for the one-per-household rule."""

    id: str
    features: dict[str, str]
    household: str | None = None


@dataclass(frozen=True)
class Quota:
    """Seats for one feature value: at least `min`, at most `max`."""

    min: int
    max: int


Targets = dict[str, dict[str, Quota]]
