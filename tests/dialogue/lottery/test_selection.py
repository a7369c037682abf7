"""The selection engine with the real library and solvers (HiGHS, SCS): panels within
quotas, probabilities, reserve, households, progress, determinism across processes,
validation, infeasibility with the library's relaxation, replacements."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from tests.dialogue.lottery.pool import meets, one_per_household, pool, targets_for
from weltoffen.dialogue.lottery.selection import (
    Candidate,
    Infeasible,
    Quota,
    Selection,
    SelectionFailed,
    available_algorithms,
    best_algorithm,
    replacements,
    select,
)

ROOT = Path(__file__).resolve().parents[3]
SMALL = ("age_band", "gender", "district")


@pytest.fixture(scope="module")
def people():
    return pool(60, seed=7)


def test_algorithms_here_are_honest():
    algorithms = available_algorithms()
    assert {"maximin", "nash", "legacy"} <= set(algorithms)
    if importlib.util.find_spec("gurobipy") is None:  # with it, leximin also needs a full licence
        assert "leximin" not in algorithms
    assert best_algorithm() == algorithms[0]
    assert best_algorithm() in ("leximin", "maximin")


@pytest.mark.parametrize("algorithm", ["maximin", "nash"])
def test_panel_meets_targets_with_probabilities(people, algorithm):
    goals = targets_for(people, 8)
    answer = select(people, goals, 8, algorithm=algorithm, seed=11)
    assert isinstance(answer, Selection)
    assert len(answer.panel) == len(set(answer.panel)) == 8
    assert meets(answer.panel, people, goals)
    assert set(answer.probabilities) == {p.id for p in people}
    assert abs(sum(answer.probabilities.values()) - 8) < 1e-6
    assert all(-1e-9 <= p <= 1 + 1e-9 for p in answer.probabilities.values())
    assert answer.algorithm == algorithm and answer.seed == 11 and answer.library_version.startswith("0.12")
    for feature, values in goals.items():
        for value, (quota, reached) in answer.quotas[feature].items():
            assert quota == values[value] and quota.min <= reached <= quota.max
    assert sum(reached for _, reached in answer.quotas["gender"].values()) == 8


def test_maximin_gives_everyone_a_chance(people):
    answer = select(people, targets_for(people, 8, SMALL), 8, algorithm="maximin", seed=3)
    assert min(answer.probabilities.values()) > 0.03  # 8 of 60 is 0.133 on average


def test_legacy_computes_no_distribution(people):
    goals = targets_for(people, 8)
    answer = select(people, goals, 8, algorithm="legacy", seed=5)
    assert meets(answer.panel, people, goals) and answer.probabilities == {}


def test_same_seed_same_draw_other_seed_other_draw(people):
    goals = targets_for(people, 8, SMALL)
    first = select(people, goals, 8, algorithm="maximin", seed=99, reserve_size=3)
    again = select(list(reversed(people)), goals, 8, algorithm="maximin", seed=99, reserve_size=3)
    assert (first.panel, first.reserve, first.probabilities) == (again.panel, again.reserve, again.probabilities)
    others = {tuple(select(people, goals, 8, algorithm="legacy", seed=s).panel) for s in range(1, 6)}
    assert len(others) > 1


def test_host_random_state_is_left_alone(people):
    random.seed(123)
    expected = random.random()
    random.seed(123)
    select(people, targets_for(people, 8), 8, algorithm="legacy", seed=5)
    assert random.random() == expected


CHILD = """
import json, sys
from tests.dialogue.lottery.pool import pool, targets_for
from weltoffen.dialogue.lottery.selection import select
people = pool(30, seed=4, features=("age_band", "gender"))
answer = select(people, targets_for(people, 5, ("age_band", "gender")), 5, algorithm="maximin", seed=17)
print(json.dumps([answer.panel, answer.probabilities]))
"""


def test_same_draw_in_processes_with_other_hash_seeds():
    """The library iterates sets of ids; StableId keeps that order the same in every process."""
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        done = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120, check=True)
        outputs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert outputs[0] == outputs[1]


def test_one_per_household_and_reserve(people):
    goals = targets_for(people, 8, SMALL)
    answer = select(people, goals, 8, algorithm="maximin", seed=21, reserve_size=4, one_per_household=True)
    assert one_per_household(answer.panel + answer.reserve, people)
    assert len(answer.reserve) == 4 and not set(answer.reserve) & set(answer.panel)


def test_reserve_mirrors_the_quotas(people):
    goals = targets_for(people, 8, SMALL)
    answer = select(people, goals, 8, algorithm="legacy", seed=8, reserve_size=8)
    assert len(answer.reserve) == 8 and not set(answer.reserve) & set(answer.panel)
    assert meets(answer.reserve, people, goals)  # a reserve as large as the panel: the same targets


def test_progress_reports_phases_and_growing_fractions(people):
    calls = []
    select(people, targets_for(people, 8, SMALL), 8, algorithm="maximin", seed=2, reserve_size=2,
           progress=lambda phase, fraction: calls.append((phase, fraction)))
    phases = [phase for phase, _ in calls]
    assert {"multiplicative_weights", "maximin_optimization", "drawing", "reserve"} <= set(phases)
    assert calls[-1] == ("done", 1.0)
    fractions = [fraction for _, fraction in calls]
    assert fractions == sorted(fractions) and 0 <= fractions[0] and len(calls) < 400


@pytest.mark.parametrize(("change", "message"), [
    (lambda c, t, n: ([], t, n), "no candidates"),
    (lambda c, t, n: (c, t, len(c) + 1), "need more people"),
    (lambda c, t, n: (c, {**t, "gender": {**t["gender"], "male": Quota(5, 2)}}, n), r"min \(5\) must be"),
    (lambda c, t, n: ([*c, Candidate("x", {**c[0].features, "gender": "unknown"})], t, n), "which has no target"),
    (lambda c, t, n: ([*c, Candidate("y", {"gender": "male"})], t, n), "has no value for feature"),
    (lambda c, t, n: ([*c, c[0]], t, n), "unique"),
    (lambda c, t, n: (c, {**t, "district": {}}, n), "has no values"),
])
def test_bad_input_is_a_value_error(people, change, message):
    candidates, goals, size = change(people, targets_for(people, 8), 8)
    with pytest.raises(ValueError, match=message):
        select(candidates, goals, size, algorithm="legacy", seed=1)


def test_bad_algorithm_and_seed(people):
    goals = targets_for(people, 8)
    with pytest.raises(ValueError, match="not available"):
        select(people, goals, 8, algorithm="dice", seed=1)
    with pytest.raises(ValueError, match="seed"):
        select(people, goals, 8, algorithm="legacy", seed=0)
    if "leximin" not in available_algorithms():
        with pytest.raises(ValueError, match="leximin"):
            select(people, goals, 8, algorithm="leximin", seed=1)


def test_minimum_above_the_people_who_have_it(people):
    goals = targets_for(people, 8)
    diverse = sum(p.features["gender"] == "diverse" for p in people)
    goals["gender"]["diverse"] = Quota(diverse + 1, diverse + 2)
    for algorithm in ("maximin", "legacy"):
        answer = select(people, goals, 8, algorithm=algorithm, seed=1)
        assert isinstance(answer, Infeasible)
        conflict = next(c for c in answer.conflicts if c.kind == "not_enough_people")
        assert (conflict.feature, conflict.value, conflict.min, conflict.available) == (
            "gender", "diverse", diverse + 1, diverse)
        assert "diverse" in conflict.explanation and "diverse" in answer.explanation
        assert answer.relaxation["gender"]["diverse"].min <= diverse
    assert isinstance(select(people, answer.relaxation, 8, algorithm="maximin", seed=1), Selection)
    with pytest.raises(SelectionFailed, match="legacy"):  # feasible, but too tight for the greedy algorithm
        select(people, answer.relaxation, 8, algorithm="legacy", seed=1)


def _young_men_only() -> list[Candidate]:
    groups = [("16_29", "male")] * 10 + [("65_plus", "female")] * 10 + [("65_plus", "male")] * 10
    return [Candidate(f"p{i}", {"age_band": a, "gender": g}) for i, (a, g) in enumerate(groups)]


def test_two_features_whose_minimums_cannot_be_met_together():
    people = _young_men_only()  # every young registrant is a man
    goals = {"age_band": {"16_29": Quota(3, 6), "65_plus": Quota(0, 6)},
             "gender": {"female": Quota(4, 6), "male": Quota(0, 6)}}
    answer = select(people, goals, 6, algorithm="maximin", seed=1)
    assert isinstance(answer, Infeasible)
    assert answer.conflicts and {c.kind for c in answer.conflicts} == {"combination"}
    assert {(c.feature, c.value) for c in answer.conflicts} <= {("age_band", "16_29"), ("gender", "female")}
    relaxed = select(people, answer.relaxation, 6, algorithm="maximin", seed=1)
    assert isinstance(relaxed, Selection)
    random.seed(1)  # the suggestion does not depend on anybody's random state
    assert select(list(reversed(people)), goals, 6, algorithm="legacy", seed=1).relaxation == answer.relaxation


def test_minimums_adding_up_to_more_than_the_panel(people):
    goals = targets_for(people, 8, SMALL)
    goals["district"] = {d: Quota(3, 4) for d in goals["district"]}  # 9 seats at least, 8 on the panel
    answer = select(people, goals, 8, algorithm="nash", seed=1)
    assert isinstance(answer, Infeasible)
    assert [(c.kind, c.feature, c.min) for c in answer.conflicts] == [("minimums_exceed_panel", "district", 9)]
    assert sum(q.min for q in answer.relaxation["district"].values()) <= 8


def test_replacements_keep_the_targets(people):
    goals = targets_for(people, 8, SMALL)
    panel = select(people, goals, 8, algorithm="maximin", seed=4, one_per_household=True).panel
    declined = panel[:2]
    chosen = replacements(people, goals, panel, declined, seed=4, one_per_household=True)
    assert len(chosen) == 2 and not set(chosen) & set(panel)
    final = [i for i in panel if i not in declined] + chosen
    assert meets(final, people, goals) and one_per_household(final, people)
    assert chosen == replacements(people, goals, panel, declined, seed=4, one_per_household=True)
    assert replacements(people, goals, panel, [], seed=4) == []


def test_replacements_infeasible_when_nobody_left_with_the_value():
    people = _young_men_only()[:12]  # 10 young men, 2 older women
    goals = {"age_band": {"16_29": Quota(0, 6), "65_plus": Quota(2, 2)},
             "gender": {"female": Quota(2, 2), "male": Quota(0, 6)}}
    panel = select(people, goals, 5, algorithm="maximin", seed=1).panel
    women = [i for i in panel if i in ("p10", "p11")]
    assert len(women) == 2
    answer = replacements(people, goals, panel, women, seed=1, algorithm="legacy")
    assert isinstance(answer, Infeasible)
    assert {(c.kind, c.feature, c.value) for c in answer.conflicts} == {
        ("not_enough_people", "age_band", "65_plus"), ("not_enough_people", "gender", "female")}


def test_replacements_validate(people):
    goals = targets_for(people, 8, SMALL)
    with pytest.raises(ValueError, match="Unknown"):
        replacements(people, goals, ["nobody"], [], seed=1)
    with pytest.raises(ValueError, match="Only panel members"):
        replacements(people, goals, [people[0].id], [people[1].id], seed=1)
