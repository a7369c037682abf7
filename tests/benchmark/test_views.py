import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.benchmark import services
from weltoffen.benchmark.models import ComparisonChoice, SharingOptIn


def _sub(round_, municipality):
    return next(s for s in round_.submissions if s.municipality_id == municipality.id)


def test_compare_page_shows_groups_and_fallback_reason(app, client, login, make, round_with_scores, monkeypatch):
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    monkeypatch.setitem(app.config, "BENCHMARK_K", 5)
    page = client.get(f"/benchmark/submissions/{_sub(round_, city).id}")
    assert page.status_code == 200
    assert "das ganze Netzwerk" in page.text
    assert "weniger als 5 Kommunen" in page.text or "fewer than 5" in page.text


def test_other_municipality_cannot_see_the_comparison(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(municipality=towns[0], role="lead"))
    assert client.get(f"/benchmark/submissions/{_sub(round_, city).id}").status_code == 403


def test_lead_chooses_groups_and_forged_keys_are_refused(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    r = client.post(
        f"/benchmark/municipalities/{city.id}/groups", data={"group": ["state:05", "kind:kreisfreie_stadt"]}
    )
    assert r.status_code == 302
    choice = db.session.scalars(sa.select(ComparisonChoice)).one()
    assert choice.group_keys == ["state:05", "kind:kreisfreie_stadt"]
    assert client.post(f"/benchmark/municipalities/{city.id}/groups", data={"group": ["state:09"]}).status_code == 400
    assert client.post(f"/benchmark/municipalities/{city.id}/groups", data={"group": ["named:999"]}).status_code == 400


def test_opt_in_and_revocation_are_logged(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    client.post(f"/benchmark/municipalities/{city.id}/sharing", data={"share": "yes"})
    assert db.session.scalar(sa.select(sa.func.count(SharingOptIn.id))) == 1
    client.post(f"/benchmark/municipalities/{city.id}/sharing", data={"share": "no"})
    assert db.session.scalar(sa.select(sa.func.count(SharingOptIn.id))) == 0
    actions = [e.action for e in db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id))]
    assert actions[-2:] == ["sharing.opted_in", "sharing.revoked"]


def test_strong_peers_are_only_those_who_opted_in(round_with_scores, db, make):
    round_, towns, city = round_with_scores
    weak = _sub(round_, towns[0])  # mission step 0: the weakest in management
    assert services.strong_sharing_peers(weak, "management") == []
    lead = make.user(network_role="admin")
    for m in towns[3:5]:  # mission step 3: the strongest
        services.set_sharing(m, lead, True)
    peers = services.strong_sharing_peers(weak, "management")
    assert {p.municipality.id for p in peers} == {towns[3].id, towns[4].id}
    assert all(p.score >= 79.5 for p in peers)
    assert services.strong_sharing_peers(_sub(round_, towns[3]), "management")[0].municipality.id == towns[4].id
