"""Drawing invitations: reproducible from the seed, independent of input order, the
sizes, strata and household rule as documented in weltoffen/dialogue/lottery/draw.py."""

import hashlib
import random
from collections import Counter

import pytest

from weltoffen.dialogue.lottery.draw import (
    Person,
    allocate,
    canonical_numbers,
    draw,
    new_seed,
    seed_from_numbers,
)

BANDS = ("16_29", "30_44", "45_64", "65_plus")


def register(size: int, *, districts: int = 3, per_household: int = 1, seed: int = 0) -> list[Person]:
    rng = random.Random(seed)
    return [
        Person(f"R{i:06d}", f"D{rng.randrange(districts)}", rng.choice(BANDS), f"H{i // per_household}")
        for i in range(size)
    ]


# --- seeds -------------------------------------------------------------------------


def test_public_numbers_are_canonicalised():
    assert canonical_numbers("17, 4, 23") == "17-4-23"
    assert canonical_numbers(" 17 4\t23 ") == "17-4-23"
    assert canonical_numbers("17;04;023") == "17-4-23"
    assert canonical_numbers("17-4-23") == "17-4-23"
    assert seed_from_numbers("17, 4, 23") == seed_from_numbers("17 4 23") == seed_from_numbers("17-4-23")
    assert seed_from_numbers("17 4 23") != seed_from_numbers("4 17 23")


def test_public_seed_is_the_documented_hash():
    expected = int.from_bytes(hashlib.sha256(b"17-4-23-8-42").digest()[:8], "big") >> 1
    assert seed_from_numbers("17 4 23 8 42") == expected
    assert 0 <= expected < 2**64


@pytest.mark.parametrize("text", ["", "   ", ",,", "17 vier 23", "1.5", "17 4 x", "٣"])
def test_public_numbers_refuse_empty_or_non_numeric(text):
    with pytest.raises(ValueError, match="number"):
        seed_from_numbers(text)


def test_new_seeds_are_64_bit_and_differ():
    seeds = {new_seed() for _ in range(20)}
    assert len(seeds) > 1
    assert all(0 <= s < 2**64 for s in seeds)


# --- simple draws ------------------------------------------------------------------


def test_same_seed_same_ids_whatever_the_input_order():
    people = register(2_000)
    reordered = list(reversed(people))
    random.Random(9).shuffle(reordered)
    first = draw(people, 50, seed=123)
    assert first.ids == draw(reordered, 50, seed=123).ids
    assert first.ids != draw(people, 50, seed=124).ids
    assert (first.seed, first.mode, first.one_per_household) == (123, "simple", False)


def test_the_algorithm_is_recomputable_in_three_lines():
    people = register(500)
    ids = sorted(p.id for p in people)
    random.Random(77).shuffle(ids)
    assert draw(people, 40, seed=77).ids == ids[:40]


def test_sizes_and_no_one_twice():
    people = register(1_000)
    for n in (0, 1, 37, 1_000):
        ids = draw(people, n, seed=5).ids
        assert len(ids) == len(set(ids)) == n
        assert set(ids) <= {p.id for p in people}


def test_simple_draws_report_strata_counts():
    people = register(600)
    result = draw(people, 60, seed=2)
    assert sum(s.drawn for s in result.strata) == 60
    assert sum(s.population for s in result.strata) == 600
    assert all(s.factor == 1.0 for s in result.strata)
    assert [(s.district, s.age_band) for s in result.strata] == sorted((s.district, s.age_band) for s in result.strata)


def test_too_many_or_bad_input_is_refused():
    people = register(10)
    with pytest.raises(ValueError, match="Cannot draw 11 people from 10"):
        draw(people, 11, seed=1)
    with pytest.raises(ValueError, match="negative"):
        draw(people, -1, seed=1)
    with pytest.raises(ValueError, match="more than once"):
        draw(people + [people[3]], 2, seed=1)
    with pytest.raises(ValueError, match="stratified"):
        draw(people, 2, seed=1, oversampling={"16_29": 1.5})
    with pytest.raises(ValueError, match="seed"):
        draw(people, 2, seed=-5)
    with pytest.raises(ValueError, match="seed"):
        draw(people, 2, seed="17 4 23")
    with pytest.raises(ValueError, match="positive"):
        draw(people, 2, seed=1, stratified=True, oversampling={"16_29": 0})


# --- households ---------------------------------------------------------------------


def test_one_per_household_never_draws_two_from_one_address():
    people = register(3_000, per_household=3)
    household = {p.id: p.household for p in people}
    for seed in range(5):
        result = draw(people, 900, seed=seed, one_per_household=True)
        assert len(result.ids) == 900
        assert len({household[i] for i in result.ids}) == 900
        assert result.one_per_household
    # without the rule, large draws do hit a household twice
    plain = draw(people, 900, seed=0)
    assert len({household[i] for i in plain.ids}) < 900


def test_one_per_household_refuses_more_than_there_are_households():
    people = register(30, per_household=3)
    assert len(draw(people, 10, seed=1, one_per_household=True).ids) == 10
    with pytest.raises(ValueError, match="10 households"):
        draw(people, 11, seed=1, one_per_household=True)


def test_one_per_household_is_the_shuffled_walk_skipping_taken_households():
    people = register(300, per_household=2)
    by_id = {p.id: p for p in people}
    ids = sorted(by_id)
    random.Random(8).shuffle(ids)
    expected, seen = [], set()
    for i in ids:
        if by_id[i].household not in seen:
            seen.add(by_id[i].household)
            expected.append(i)
    assert draw(people, 60, seed=8, one_per_household=True).ids == expected[:60]


def test_stratified_with_households_fails_clearly_when_a_stratum_runs_out():
    # one household holds everyone in district A: it can give only one person
    people = [Person(f"A{i}", "A", "16_29", "H-A") for i in range(10)]
    people += [Person(f"B{i}", "B", "16_29", f"H-B{i}") for i in range(10)]
    with pytest.raises(ValueError, match="households"):
        draw(people, 10, seed=3, stratified=True, one_per_household=True)


# --- strata -------------------------------------------------------------------------


def test_allocation_is_proportional_with_largest_remainder():
    pops = {("A", "x"): 500, ("B", "x"): 300, ("C", "x"): 200}
    assert allocate(pops, {}, 10) == {("A", "x"): 5, ("B", "x"): 3, ("C", "x"): 2}
    # quotas 3.33, 3.33, 3.33 -> ties go to the first strata in order
    even = {("A", "x"): 100, ("B", "x"): 100, ("C", "x"): 100}
    assert allocate(even, {}, 10) == {("A", "x"): 4, ("B", "x"): 3, ("C", "x"): 3}


def test_allocation_exact_remainders():
    pops = {("A", "x"): 460, ("B", "x"): 276, ("C", "x"): 164}
    # n = 9: quotas 4.6, 2.76, 1.64 -> floors 4, 2, 1 and two more to B (.76) and C (.64)
    assert allocate(pops, {}, 9) == {("A", "x"): 4, ("B", "x"): 3, ("C", "x"): 2}


def test_allocation_oversamples_an_age_band_and_caps_at_the_population():
    pops = {("A", "16_29"): 100, ("A", "30_44"): 100}
    assert allocate(pops, {"16_29": 1.5}, 50) == {("A", "16_29"): 30, ("A", "30_44"): 20}
    small = {("A", "16_29"): 5, ("A", "30_44"): 100}
    assert allocate(small, {"16_29": 10.0}, 50) == {("A", "16_29"): 5, ("A", "30_44"): 45}


def test_stratified_draw_fills_each_stratum_as_allocated():
    people = register(4_000, districts=4)
    result = draw(people, 400, seed=11, stratified=True, oversampling={"16_29": 1.5})
    assert result.mode == "stratified"
    populations = Counter((p.district, p.age_band) for p in people)
    places = allocate(populations, {"16_29": 1.5}, 400)
    stratum_of = {p.id: (p.district, p.age_band) for p in people}
    assert Counter(stratum_of[i] for i in result.ids) == Counter(places)
    assert {(s.district, s.age_band): s.drawn for s in result.strata} == places
    assert {s.factor for s in result.strata if s.age_band == "16_29"} == {1.5}
    assert {s.factor for s in result.strata if s.age_band != "16_29"} == {1.0}
    young = sum(s.drawn for s in result.strata if s.age_band == "16_29")
    young_share = sum(s.population for s in result.strata if s.age_band == "16_29") / 4_000
    assert young / 400 == pytest.approx(1.5 * young_share / (1 + 0.5 * young_share), abs=0.01)


def test_stratified_draw_is_deterministic_and_order_free():
    people = register(3_000)
    shuffled = people[::-1]
    a = draw(people, 300, seed=4, stratified=True)
    assert a.ids == draw(shuffled, 300, seed=4, stratified=True).ids
    assert len(set(a.ids)) == 300
