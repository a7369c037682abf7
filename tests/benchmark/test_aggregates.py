import statistics

import pytest
import sqlalchemy as sa

from weltoffen.benchmark import aggregates, groups
from weltoffen.benchmark.models import PeerGroup, PeerGroupMember
from weltoffen.platform import releases
from weltoffen.selfcheck import services
from weltoffen.selfcheck.models import DimensionScore, Submission


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


def _scores(db, municipality_ids, dimension="management"):
    return db.session.scalars(
        sa.select(DimensionScore.score)
        .join(Submission, Submission.id == DimensionScore.submission_id)
        .where(Submission.municipality_id.in_(municipality_ids), DimensionScore.dimension_key == dimension)
    ).all()


def test_the_network_is_released_at_every_fifth_submission(round_with_scores, db):
    """12 submissions one after the other: released at the 5th and the 10th; the two
    last wait. The figures are those of the first ten, with quartiles (n >= 2K)."""
    round_, towns, city = round_with_scores
    network = aggregates.released(round_.id)[groups.NETWORK]
    first_ten = [city.id] + [t.id for t in towns[:9]]
    assert network.n == 10 and network.pending == 2 and network.members == frozenset(first_ten)
    values = sorted(_scores(db, first_ten))
    figures = network.figures["management"]
    assert figures.n == 10 and figures.mean == pytest.approx(statistics.fmean(values))
    assert (figures.q1, figures.median, figures.q3) == pytest.approx(
        statistics.quantiles(values, n=4, method="inclusive")
    )
    seqs = db.session.scalars(
        sa.select(releases.FigureRelease.n).where(releases.FigureRelease.subject == groups.NETWORK)
    ).all()
    assert sorted(seqs) == [5, 10]


def test_a_group_one_municipality_away_from_the_network_waits(round_with_scores):
    """The towns' size class is the network without the city: it is never released
    beside it (blocked by the network), and the city's own groups are too small."""
    round_, towns, city = round_with_scores
    released = aggregates.released(round_.id)
    assert not released["size:2"].figures and released["size:2"].blocked_by == groups.NETWORK
    assert not released["size:4"].figures and released["size:4"].blocked_by is None  # one member
    # the state holds everybody: the same municipalities as the network, shown with it
    assert released["state:05"].members == released[groups.NETWORK].members


def test_one_reopening_changes_no_figure_five_changes_do(round_with_scores, db, make):
    round_, towns, city = round_with_scores
    before = aggregates.released(round_.id)[groups.NETWORK]
    admin = make.user(network_role="admin")
    sub = {s.municipality_id: s for s in round_.submissions}
    services.reopen(sub[towns[0].id], admin, "Korrektur")
    after = aggregates.released(round_.id)[groups.NETWORK]
    assert after.figures == before.figures and after.n == 10 and after.pending == 3
    services.reopen(sub[towns[1].id], admin, "Korrektur")
    assert aggregates.released(round_.id)[groups.NETWORK].pending == 4
    services.reopen(sub[towns[2].id], admin, "Korrektur")  # 5 differ: two new, three gone
    network = aggregates.released(round_.id)[groups.NETWORK]
    assert network.pending == 0 and network.n == 9
    assert city.id in network.members and towns[0].id not in network.members
    assert not network.figures["management"].ordered  # 9 < 2K: n and mean only


def test_small_groups_show_n_and_mean_only(round_k1):
    """With K = 1 each submission is released; a group of one shows its n and mean and
    never a quartile (2K = 2)."""
    round_, towns, city = round_k1
    released = aggregates.released(round_.id)
    alone = released["size:4"].figures["management"]
    assert alone.n == 1 and alone.median is None and alone.q1 is None and alone.q3 is None
    assert released["size:2"].figures["management"].ordered


def test_named_groups_and_cli_refresh(app, round_with_scores, db):
    """Rows written around the services (here directly) are released by the command;
    five towns that differ from every earlier release by at least K."""
    round_, towns, city = round_with_scores
    group = PeerGroup(network_id=round_.network_id, name="Mit Bürgerrat")
    db.session.add(group)
    db.session.flush()
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=m.id) for m in towns[5:10])
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["benchmark", "refresh", "--round", str(round_.id)])
    assert result.exit_code == 0 and "group releases taken" in result.output
    named = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert named["management"].n == 5 and named[aggregates.OVERALL].n == 5


def test_group_members_are_the_submitted_ones(round_with_scores, db, make):
    round_, towns, city = round_with_scores
    # Without a submission in the round: in no group, even as a named group's member.
    boundary = make.municipality(round_.network, population=groups.SIZE_BOUNDS[1], foreign_born_share=20.0)
    group = PeerGroup(network_id=round_.network_id, name="Auswahl")
    db.session.add(group)
    db.session.flush()
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=m.id) for m in (towns[0], city, boundary))
    db.session.flush()
    members = aggregates.group_members(round_)
    assert members[f"named:{group.id}"] == {towns[0].id, city.id}
    assert boundary.id not in members[groups.NETWORK] and "size:2" in members and "foreign:2" not in members
