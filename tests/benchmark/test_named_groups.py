import sqlalchemy as sa

from weltoffen.benchmark import aggregates, named_groups
from weltoffen.benchmark.models import PeerGroup, PeerGroupMember


def test_parse_ags_list():
    assert named_groups.parse_ags_list("05911000, 5962024\n09162000;x 12") == ["05911000", "05962024", "09162000"]


def test_coordinator_creates_group_adds_members_by_ags_and_figures_follow(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    login(make.user(network_role="coordinator", network=round_.network))
    r = client.post(f"/benchmark/networks/{round_.network_id}/groups", data={"name": "Programm Vielfalt"})
    assert r.status_code == 302
    group = db.session.scalars(sa.select(PeerGroup)).one()
    group_id = group.id
    assert (
        client.post(f"/benchmark/networks/{round_.network_id}/groups", data={"name": "Programm Vielfalt"}).status_code
        == 400
    )
    # towns 5..9: at least K = 5 away from the network and the size group and from all
    # their releases (towns 0..3 and 0..8 with the city), so the group can be released
    pasted = "\n".join(m.ags for m in towns[5:10]) + "\n01003000"
    r = client.post(f"/benchmark/groups/{group.id}", data={"ags": pasted})
    assert r.status_code == 200 and "01003000" in r.text  # unknown AGS named, typed text kept
    assert db.session.scalar(sa.select(sa.func.count(PeerGroupMember.id))) == 5
    figures = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert figures["management"].n == 5
    # one member less is one change: the release stays, the change waits
    client.post(f"/benchmark/groups/{group.id}/members/{towns[5].id}/remove")
    figures = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert figures["management"].n == 5
    assert aggregates.released(round_.id)[f"named:{group.id}"].pending == 1
    client.post(f"/benchmark/groups/{group_id}/delete")
    assert db.session.scalar(sa.select(sa.func.count(PeerGroup.id))) == 0
    assert aggregates.for_round(round_.id, [f"named:{group_id}"]) == {}


def test_a_group_one_municipality_away_from_another_is_refused_and_nothing_saved(
    client, login, make, round_with_scores, db
):
    """The reproduction: G7 = G6 + one municipality would give that municipality's scores
    as the difference of two looks. Saving G7 is refused with G6's name; nothing is saved."""
    round_, towns, city = round_with_scores
    coordinator = make.user(network_role="coordinator", network=round_.network)
    g6 = named_groups.create(round_.network, coordinator, "G6")
    named_groups.add_members(g6, coordinator, [m.ags for m in towns[5:10]])
    g7 = named_groups.create(round_.network, coordinator, "G7")
    db.session.flush()
    login(coordinator)
    typed = "\n".join(m.ags for m in [*towns[5:10], towns[10]])
    r = client.post(f"/benchmark/groups/{g7.id}", data={"ags": typed})
    assert r.status_code == 400
    assert "G6" in r.text and "Nichts wurde gespeichert" in r.text
    assert towns[10].ags in r.text  # the typed codes are kept
    assert db.session.scalar(sa.select(sa.func.count(PeerGroupMember.id)).where(PeerGroupMember.group_id == g7.id)) == 0
    assert "um 1 Kommune unterscheiden" in r.text
    assert aggregates.for_round(round_.id, [f"named:{g7.id}"]) == {}


def test_named_group_is_offered_to_its_members_on_the_comparison_page(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    coordinator = make.user(network_role="coordinator", network=round_.network)
    group = named_groups.create(round_.network, coordinator, "Mit Bürgerrat")
    named_groups.add_members(group, coordinator, [m.ags for m in towns[:6]])
    db.session.flush()
    login(make.user(municipality=towns[0], role="lead"))
    sub = next(s for s in round_.submissions if s.municipality_id == towns[0].id)
    page = client.get(f"/benchmark/submissions/{sub.id}")
    assert "Mit Bürgerrat" in page.text and f'value="named:{group.id}"' in page.text
