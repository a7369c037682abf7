import pytest
import sqlalchemy as sa

from weltoffen.benchmark import aggregates, groups
from weltoffen.benchmark.models import PeerAggregate, PeerGroup, PeerGroupMember
from weltoffen.selfcheck import services


@pytest.mark.parametrize(
    "population,expected",
    [(4999, 0), (5000, 1), (19999, 1), (20000, 2), (100000, 3), (499999, 3), (500000, 4), (3_700_000, 4)],
)
def test_size_classes(population, expected):
    assert groups.size_class(population) == expected


@pytest.mark.parametrize("share,expected", [(0, 0), (9.9, 0), (10, 1), (19.9, 1), (20, 2), (30, 3), (45, 3)])
def test_foreign_born_bands(share, expected):
    assert groups.foreign_band(share) == expected


def test_attribute_keys():
    assert groups.attribute_keys("05", "stadt", 92000, 19.3) == {
        "state": "state:05",
        "size": "size:2",
        "kind": "kind:stadt",
        "foreign": "foreign:1",
    }


def test_aggregates_are_written_at_submit(round_with_scores, db):
    round_, towns, city = round_with_scores
    rows = {(a.group_key, a.dimension_key): a for a in db.session.scalars(sa.select(PeerAggregate))}
    network = rows[("network", "management")]
    assert network.n == 7
    size2 = rows[("size:2", "management")]
    assert size2.n == 6
    assert ("size:4", "management") in rows and rows[("size:4", "management")].n == 1
    # management: (2·mission + 100 + 50) / 4 with mission 0, 33.3, 66.7, 100 …
    values = sorted([38, 54, 71, 88, 88, 71, 54])
    assert network.median == 71 and network.q1 == 54 and network.q3 == 79.5
    assert network.mean == pytest.approx(sum(values) / 7)


def test_reopen_removes_the_municipality_from_the_figures(round_with_scores, db, make):
    round_, towns, city = round_with_scores
    sub = next(s for s in round_.submissions if s.municipality_id == city.id)
    services.reopen(sub, make.user(network_role="admin"), "Korrektur")
    rows = {(a.group_key, a.dimension_key): a for a in db.session.scalars(sa.select(PeerAggregate))}
    assert rows[("network", "management")].n == 6
    assert ("size:4", "management") not in rows


def test_named_groups_and_cli_refresh(app, round_with_scores, db):
    round_, towns, city = round_with_scores
    group = PeerGroup(network_id=round_.network_id, name="Mit Bürgerrat")
    db.session.add(group)
    db.session.flush()
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=m.id) for m in towns[:5])
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["benchmark", "refresh", "--round", str(round_.id)])
    assert result.exit_code == 0 and "aggregates written" in result.output
    named = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert named["management"].n == 5 and named[aggregates.OVERALL].n == 5


def test_members_in_sql_match_the_members_of_the_aggregates(round_with_scores, db, make):
    """The page reads a group's members in SQL (aggregates.members_of); they must be
    the members the refresh computed the figures from (aggregates.group_members)."""
    round_, towns, city = round_with_scores
    # Without a submission in the round: in no group, even as a named group's member.
    boundary = make.municipality(round_.network, population=groups.SIZE_BOUNDS[1], foreign_born_share=20.0)
    group = PeerGroup(network_id=round_.network_id, name="Auswahl")
    db.session.add(group)
    db.session.flush()
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=m.id) for m in (towns[0], city, boundary))
    db.session.flush()
    expected = aggregates.group_members(round_)
    for key, members in expected.items():
        assert aggregates.members_of(round_.id, key) == frozenset(members), key
    for key in ("size:0", "foreign:3", "state:99", "named:999999", "nonsense", "size:x"):
        assert aggregates.members_of(round_.id, key) == frozenset(expected.get(key, ())), key
