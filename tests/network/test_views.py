import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.network.models import Membership


def test_member_sees_own_municipality_and_team_without_emails(client, make, login):
    m = make.municipality(name="Konstanz")
    make.user(municipality=m, role="lead", email="lead@example.org", name="Lena Lead")
    login(make.user(municipality=m, role="member"))
    r = client.get(f"/municipalities/{m.id}")
    assert r.status_code == 200
    assert "Lena Lead" in r.text and "lead@example.org" not in r.text
    assert "/invitations" not in r.text  # no invite form for members


def test_other_municipality_is_refused(client, make, login):
    own, other = make.municipality(), make.municipality()
    login(make.user(municipality=own, role="lead"))
    assert client.get(f"/municipalities/{other.id}").status_code == 403
    assert client.get("/municipalities/999999").status_code == 404


def test_lead_removes_member_and_it_is_audited(client, make, login, db):
    m = make.municipality()
    lead = login(make.user(municipality=m, role="lead"))
    member = make.user(municipality=m, role="member")
    ms_id = member.memberships[0].id
    r = client.post(f"/municipalities/{m.id}/memberships/{ms_id}/remove")
    assert r.status_code == 302
    assert db.session.get(Membership, ms_id) is None
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "membership.removed")
    ).one()
    assert entry.actor_id == lead.id and entry.municipality_id == m.id


def test_membership_id_of_other_municipality_is_404(client, make, login):
    own, other = make.municipality(), make.municipality()
    login(make.user(municipality=own, role="lead"))
    foreign = make.user(municipality=other, role="member").memberships[0]
    assert (
        client.post(f"/municipalities/{own.id}/memberships/{foreign.id}/remove").status_code == 404
    )
    assert (
        client.post(f"/municipalities/{other.id}/memberships/{foreign.id}/remove").status_code
        == 403
    )


def test_coordinator_may_remove_leads_only(client, make, login):
    m = make.municipality()
    login(make.user(network_role="coordinator", network=m.network))
    member = make.user(municipality=m, role="member").memberships[0]
    lead = make.user(municipality=m, role="lead").memberships[0]
    assert client.post(f"/municipalities/{m.id}/memberships/{member.id}/remove").status_code == 403
    assert client.post(f"/municipalities/{m.id}/memberships/{lead.id}/remove").status_code == 302


def test_network_overview_for_coordinator_with_htmx_filter(client, make, login):
    network = make.network()
    make.municipality(network, name="Aachen")
    make.municipality(network, name="Zwickau", ags="14524330", state="14")
    login(make.user(network_role="coordinator", network=network))
    full = client.get(f"/networks/{network.id}")
    assert full.status_code == 200 and "Aachen" in full.text and "Zwickau" in full.text
    fragment = client.get(f"/networks/{network.id}?q=zwick", headers={"HX-Request": "true"})
    assert (
        "<html" not in fragment.text
        and "Zwickau" in fragment.text
        and "Aachen" not in fragment.text
    )
    by_state = client.get(f"/networks/{network.id}?state=14", headers={"HX-Request": "true"})
    assert "Zwickau" in by_state.text and "Aachen" not in by_state.text


def test_network_overview_refused_to_members_and_other_coordinators(client, make, login):
    m = make.municipality()
    login(make.user(municipality=m, role="lead"))
    assert client.get(f"/networks/{m.network_id}").status_code == 403
    login(make.user(network_role="coordinator", network=make.network()))
    assert client.get(f"/networks/{m.network_id}").status_code == 403


def test_search_treats_wildcards_literally(client, make, login):
    network = make.network()
    make.municipality(network, name="Bochum")
    login(make.user(network_role="coordinator", network=network))
    r = client.get(f"/networks/{network.id}?q=%25", headers={"HX-Request": "true"})
    assert "Bochum" not in r.text


def test_dashboard_per_role(client, make, login):
    m = make.municipality(name="Jena")
    login(make.user(municipality=m, role="lead"))
    page = client.get("/").text
    assert "Jena" in page and f"/municipalities/{m.id}#team" in page
    login(make.user(network_role="coordinator", network=m.network))
    page = client.get("/").text
    assert f"/networks/{m.network_id}" in page and "/admin/" not in page
    login(make.user(network_role="admin"))
    assert "/admin/municipalities" in client.get("/").text


def test_start_pages_say_what_to_do_next(client, make, login, db):
    from datetime import date, timedelta

    from tests.selfcheck.conftest import MINI
    from weltoffen.selfcheck import services

    m = make.municipality(name="Jena")
    other = make.municipality(m.network, name="Gera")
    official = make.user(municipality=m, role="official", totp_secret="JBSWY3DPEHPK3PXP")
    login(official)
    page = client.get("/").text
    main = page[page.index("<main"):]
    assert main.index("Vorfall erfassen") < main.index("Jena")  # the first action of an official
    coordinator = make.user(network_role="coordinator", network=m.network, totp_secret="JBSWY3DPEHPK3PXP")
    questionnaire, _ = services.load_questionnaire(MINI)
    services.open_round(coordinator, m.network, questionnaire, "Selbstcheck 2026", date.today() - timedelta(days=20),
                        date.today() + timedelta(days=10), [m.id, other.id])
    db.session.commit()
    login(coordinator)
    page = client.get("/").text
    assert "0 Beratungsanfragen sind offen" in page and "0 gemeldete Beiträge in der Moderation" in page
    assert "„Selbstcheck 2026“ endet am" in page and "2 Kommunen haben noch nicht begonnen" in page
    assert "Vorfall erfassen" not in page
