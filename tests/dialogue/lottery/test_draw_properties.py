"""Properties of the draw: within each stratum every person has the same chance
(a chi-square test over many draws with fixed seeds), and any draw has the asked
size, no one twice, the allocated places and no household twice.

The chi-square statistic is corrected for sampling without replacement: drawing k
of m gives per-person counts over D draws with variance D·p·(1−p) (p = k/m) and
covariance −D·p·(1−p)/(m−1), so Σ(O−E)²/E · (m−1)/(m·(1−p)) follows χ² with m−1
degrees of freedom when the draw is uniform. Critical values for p = 0.001 come from
scipy when installed, else from the Wilson–Hilferty approximation (within 1 % here)."""

import math
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from weltoffen.dialogue.lottery.draw import Person, allocate, draw

DRAWS = 2_000
ALPHA = 0.001


def critical_value(df: int) -> float:
    """The χ² value exceeded with probability ALPHA under uniformity."""
    try:
        from scipy.stats import chi2
    except ImportError:  # Wilson–Hilferty: χ²_df ≈ df·(1 − 2/(9df) + z·sqrt(2/(9df)))³
        z = 3.090232306167813  # the standard normal's 0.999 quantile
        return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3
    return float(chi2.ppf(1 - ALPHA, df))


def uniformity_statistic(counts: Counter, members: list[str], k: int, draws: int) -> float:
    m = len(members)
    p = k / m
    expected = draws * p
    raw = sum((counts[i] - expected) ** 2 for i in members) / expected
    return raw * (m - 1) / (m * (1 - p))


def test_critical_values_match_the_table():
    assert critical_value(49) == pytest.approx(85.351, rel=0.01)
    assert critical_value(19) == pytest.approx(43.820, rel=0.01)


def test_ten_of_fifty_is_uniform_over_two_thousand_draws():
    people = [Person(f"P{i:02d}", "D", "16_29", f"H{i}") for i in range(50)]
    counts = Counter(i for seed in range(DRAWS) for i in draw(people, 10, seed=seed).ids)
    members = [p.id for p in people]
    assert sum(counts.values()) == DRAWS * 10
    assert uniformity_statistic(counts, members, 10, DRAWS) < critical_value(49)


def test_the_statistic_detects_a_biased_draw():
    """Power check: a draw that favours the first ten ids by a third fails the test."""
    people = [f"P{i:02d}" for i in range(50)]
    counts = Counter({i: 400 * (4 / 3 if n < 10 else 1) for n, i in enumerate(people)})
    assert uniformity_statistic(counts, people, 10, DRAWS) > critical_value(49)


strata_shapes = st.lists(
    st.tuples(st.sampled_from(["Nord", "Süd", "Mitte"]), st.sampled_from(["16_29", "30_64", "65_plus"])),
    min_size=1,
    max_size=4,
    unique=True,
).flatmap(lambda keys: st.tuples(st.just(keys), st.lists(st.integers(12, 40), min_size=len(keys), max_size=len(keys))))


@settings(max_examples=6, deadline=None, derandomize=True)
@given(shape=strata_shapes, factor=st.sampled_from([1.0, 1.5, 2.0]), share=st.integers(10, 30))
def test_stratified_draws_are_uniform_within_each_stratum(shape, factor, share):
    keys, sizes = shape
    people = [
        Person(f"{d}-{a}-{i:02d}", d, a, f"{d}{a}{i}")
        for (d, a), size in zip(keys, sizes, strict=True)
        for i in range(size)
    ]
    n = max(1, len(people) * share // 100)
    oversampling = {"16_29": factor}
    places = allocate(Counter((p.district, p.age_band) for p in people), oversampling, n)
    counts = Counter(
        i for seed in range(DRAWS) for i in draw(people, n, seed=seed, stratified=True, oversampling=oversampling).ids
    )
    for key, k in places.items():
        members = [p.id for p in people if (p.district, p.age_band) == key]
        if 0 < k < len(members):
            assert uniformity_statistic(counts, members, k, DRAWS) < critical_value(len(members) - 1), key
        else:
            assert all(counts[i] == DRAWS * (k > 0) for i in members)


@settings(max_examples=40, deadline=None, derandomize=True)
@given(
    size=st.integers(1, 300),
    per_household=st.integers(1, 4),
    share=st.floats(0, 1),
    seed=st.integers(0, 2**64 - 1),
    stratified=st.booleans(),
)
def test_any_draw_has_the_asked_size_and_respects_households(size, per_household, share, seed, stratified):
    bands = ["16_29", "30_64", "65_plus"]
    people = [Person(f"R{i}", f"D{i % 2}", bands[i % 3], f"H{i // per_household}") for i in range(size)]
    households = len({p.household for p in people})
    n = int(share * households) // 2
    try:
        result = draw(people, n, seed=seed, stratified=stratified, one_per_household=True)
    except ValueError as error:  # only a stratum without free households may stop a stratified draw
        assert stratified and "households" in str(error)
        return
    by_id = {p.id: p for p in people}
    assert len(result.ids) == len(set(result.ids)) == n
    assert len({by_id[i].household for i in result.ids}) == n
    assert sum(s.drawn for s in result.strata) == n
    assert result.ids == draw(people[::-1], n, seed=seed, stratified=stratified, one_per_household=True).ids
