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
