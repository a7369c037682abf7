"""The statistics service: what is counted, the K rule across every table, size bands,
and counts that outlive crypto-shredding."""

from datetime import date

from weltoffen.incidents import sealing, services, statistics
from weltoffen.incidents.statistics import ALL, TOTAL

from .statistics_support import QUARTERS, TODAY, network_with_incidents, recorded


def test_recorded_incidents_are_counted_drafts_and_other_networks_are_not(make, db):
    network, towns, official = network_with_incidents(make, db)
    recorded(db, network, official, QUARTERS[0], status="draft", n=4)
    recorded(db, network, official, "2020-Q1", n=6)  # before the period covered
    other = make.network()
    recorded(db, other, make.user(municipality=make.municipality(other), role="official"), n=9)
    pub = statistics.compute(network, TODAY, k=5)
    assert pub.total == 8 * 3 + 12 + 1
    assert pub.counts[(ALL, "form", "insult")] == 24
    assert pub.counts[(ALL, "type", "verbal")] == 24
    assert pub.counts[(QUARTERS[-1], TOTAL, TOTAL)] == 3 + 2 + 1


def test_closed_incidents_count(make, db):
    network, _towns, official = network_with_incidents(make, db)
    before = statistics.compute(network, TODAY, k=5).total
    recorded(db, network, official, QUARTERS[2], status="closed", n=2)
    assert statistics.compute(network, TODAY, k=5).total == before + 2


def test_counts_survive_shredding(make, db):
    network, _towns, official = network_with_incidents(make, db)
    before = statistics.compute(network, TODAY, k=5)
    incidents = recorded(db, network, official, QUARTERS[1], "threat", "letter", 2, 1, n=5)
    with_them = statistics.compute(network, TODAY, k=5)
    services.destroy(incidents[0], official)
    sealing.shred(incidents[1])
    db.session.flush()
    after = statistics.compute(network, TODAY, k=5)
    assert after.counts == with_them.counts and after.hidden == with_them.hidden
    assert after.total == before.total + 5
    assert incidents[0].shredded and incidents[1].shredded


def test_no_shown_count_under_k_in_any_table(make, db):
    network, _towns, _official = network_with_incidents(make, db)
    pub = statistics.compute(network, TODAY, k=5)
    for key in pub.counts:
        value = pub.value(key)
        assert value is None or not 0 < value < 5, key
    assert pub.value((ALL, "form", "physical_hitting")) is None  # a single attack
    assert pub.value((ALL, TOTAL, TOTAL)) == pub.total


def test_tables_are_never_by_municipality_or_state(make, db):
    network, towns, _official = network_with_incidents(make, db)
    pub = statistics.compute(network, TODAY, k=5)
    dimensions = {key[1] for key in pub.counts if key[0] != "size"}
    assert dimensions <= {TOTAL, *statistics.DIMENSIONS}
    assert not {str(t.id) for t in towns} & {str(k[-1]) for k in pub.counts if k[0] == "size"} - {"0", "1", "2"}


def test_small_size_classes_are_joined_until_k_municipalities():
    # The last class holds one place: it joins its neighbours.
    assert statistics.size_bands([3_000, 4_000, 8_000, 9_000, 12_000, 600_000], 2) == [(0,), (1, 2, 3, 4)]
    populations = [3_000, 4_000, 8_000, 9_000, 30_000, 40_000, 600_000, 700_000]
    assert statistics.size_bands(populations, 2) == [(0,), (1,), (2,), (3, 4)]
    assert statistics.size_bands([3_000] * 5 + [600_000], 5) == [(0, 1, 2, 3, 4)]
    assert statistics.size_bands([], 5) == [(0, 1, 2, 3, 4)]


def test_periods_and_automatic_granularity(make, db):
    quarters = statistics.quarters_until(date(2026, 11, 21))
    assert quarters[0] == "2025-Q1" and quarters[-1] == "2026-Q4" and len(quarters) == 8
    assert statistics.periods(quarters, "half") == ("2025-H1", "2025-H2", "2026-H1", "2026-H2")
    assert statistics.periods(quarters, "year") == ("2025", "2026")
    assert statistics.quarters_until(date(2026, 2, 1), 3) == ("2025-Q3", "2025-Q4", "2026-Q1")
    network, _towns, _official = network_with_incidents(make, db)
    pub = statistics.compute(network, TODAY, k=5)
    chosen = pub.auto_granularity()
    assert pub.hidden_share(chosen) <= 0.5
    finer = statistics.GRANULARITIES[: statistics.GRANULARITIES.index(chosen)]
    assert all(pub.hidden_share(g) > 0.5 for g in finer)


def test_too_few_incidents_show_nothing(make, db):
    network = make.network()
    official = make.user(municipality=make.municipality(network), role="official")
    recorded(db, network, official, n=3)
    pub = statistics.compute(network, TODAY, k=5)
    assert all(pub.value(key) is None for key in pub.counts if pub.counts[key])


def test_no_hidden_count_is_fixed_by_all_tables_together(make, db):
    """Across every table the page can show (each granularity with each breakdown, and
    severity by size), no hidden count can be worked out from the shown ones."""
    from .test_statistics_suppression import solvable

    network, _towns, official = network_with_incidents(make, db)
    recorded(db, network, official, QUARTERS[3], "property_campaign", "other", 3, 4, n=2)
    recorded(db, network, official, QUARTERS[5], "threat", "letter", 2, 0, n=6)
    pub = statistics.compute(network, TODAY, k=5)
    index = {key: i for i, key in enumerate(pub.keys)}
    counts = [pub.counts[key] for key in pub.keys]
    hidden = {index[key] for key in pub.hidden}
    assert hidden and not solvable(counts, list(pub.equations), hidden)
    for eq in pub.equations:
        assert sum(i in hidden for i in eq.entries) != 1
