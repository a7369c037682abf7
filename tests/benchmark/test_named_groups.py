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
    pasted = "\n".join(m.ags for m in towns[:5]) + "\n01003000"
    r = client.post(f"/benchmark/groups/{group.id}", data={"ags": pasted})
    assert r.status_code == 200 and "01003000" in r.text  # unknown AGS named, typed text kept
    assert db.session.scalar(sa.select(sa.func.count(PeerGroupMember.id))) == 5
    figures = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert figures["management"].n == 5
    client.post(f"/benchmark/groups/{group.id}/members/{towns[0].id}/remove")
    figures = aggregates.for_round(round_.id, [f"named:{group.id}"])[f"named:{group.id}"]
    assert figures["management"].n == 4
    client.post(f"/benchmark/groups/{group_id}/delete")
    assert db.session.scalar(sa.select(sa.func.count(PeerGroup.id))) == 0
    assert aggregates.for_round(round_.id, [f"named:{group_id}"]) == {}


def test_named_group_is_offered_to_its_members_on_the_comparison_page(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    coordinator = make.user(network_role="coordinator", network=round_.network)
    group = named_groups.create(round_.network, coordinator, "Mit Bürgerrat")
    named_groups.add_members(group, coordinator, [m.ags for m in towns])
    db.session.flush()
    login(make.user(municipality=towns[0], role="lead"))
    sub = next(s for s in round_.submissions if s.municipality_id == towns[0].id)
    page = client.get(f"/benchmark/submissions/{sub.id}")
    assert "Mit Bürgerrat" in page.text and f'value="named:{group.id}"' in page.text
