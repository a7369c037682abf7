"""Small realistic registrant pools and targets for the selection tests (German features)."""

from __future__ import annotations

import math
import random

from weltoffen.dialogue.lottery.selection import Candidate, Quota

FEATURES = {
    "age_band": {"16_29": 0.2, "30_44": 0.25, "45_64": 0.3, "65_plus": 0.25},
    "gender": {"female": 0.49, "male": 0.48, "diverse": 0.03},
    "district": {"Nord": 0.35, "Mitte": 0.35, "Sued": 0.3},
    "education": {"low": 0.25, "medium": 0.45, "high": 0.3},
    "migration": {"yes": 0.3, "no": 0.7},
}


def pool(n: int, seed: int, features: tuple[str, ...] = tuple(FEATURES), pairs: float = 0.2) -> list[Candidate]:
    """n registrants; a share `pairs` lives with the registrant before them."""
    rng = random.Random(seed)
    people = []
    for i in range(n):
        values = {f: rng.choices(list(FEATURES[f]), weights=list(FEATURES[f].values()))[0] for f in features}
        household = f"hh{i - 1}" if i and rng.random() < pairs else f"hh{i}"
        people.append(Candidate(f"c{i:03d}", values, household))
    return people


def targets_for(people: list[Candidate], panel: int, features: tuple[str, ...] = tuple(FEATURES),
                slack: int = 1) -> dict[str, dict[str, Quota]]:
    """Seats proportional to the pool itself, floor - slack to ceil + slack, never above who is there."""
    goals = {}
    for feature in features:
        goals[feature] = {}
        for value in FEATURES[feature]:
            have = sum(p.features[feature] == value for p in people)
            share = have / len(people) * panel
            low = max(0, math.floor(share) - slack)
            goals[feature][value] = Quota(min(low, have), min(math.ceil(share) + slack, have, panel))
    return goals


def meets(panel: list[str], people: list[Candidate], goals) -> bool:
    by_id = {p.id: p for p in people}
    for feature, values in goals.items():
        for value, quota in values.items():
            seats = sum(by_id[i].features[feature] == value for i in panel)
            if not quota.min <= seats <= quota.max:
                return False
    return True


def one_per_household(ids: list[str], people: list[Candidate]) -> bool:
    by_id = {p.id: p for p in people}
    households = [by_id[i].household for i in ids]
    return len(households) == len(set(households))
