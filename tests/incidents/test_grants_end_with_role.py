"""Grants end with the role (issue 12): a trust person who loses the trust-person role
in the reporter's municipality (membership removed, role changed, account
deactivated, municipality changed, or the reporter leaving that municipality) loses
every incident granted through it — on every incident route, at once, and for good.
The grant is revoked in the same transaction, audited, shown in the reporter's "who
looked" and announced to the reporter in the app (never by mail)."""

import pytest
import sqlalchemy as sa
from sqlalchemy import select

from tests.incidents.evidence_support import incident as make_incident
from tests.incidents.evidence_support import png, upload
from weltoffen import permissions
from weltoffen.audit import AuditEntry
from weltoffen.forum.models import Notification
from weltoffen.forum.notifications import digest
from weltoffen.incidents import access, evidence, grants, links, timeline
from weltoffen.incidents.models import Evidence, IncidentGrant, TimelineEntry
from weltoffen.network.models import Membership

#: Routes a trust person with a read-and-write grant reaches (GET) while the grant holds.
REACHABLE = {
    "incidents.incident", "incidents.edit", "incidents.evidence_new", "incidents.evidence_download",
    "incidents.evidence_preview", "incidents.dossier_pdf", "incidents.evidence_zip", "incidents.add_entry",
    "incidents.escalation_svg",
}
#: What the walk must cover at least (view, edit, evidence, previews, dossier, ZIP, timeline, links).
COVERED = REACHABLE | {
    "incidents.evidence_delete", "incidents.delete_entry", "incidents.link_add", "incidents.link_remove",
    "incidents.manage_grants", "incidents.revoke_grant", "incidents.access_log", "incidents.close",
    "incidents.reopen", "incidents.delete", "incidents.dossier_set",
}
EDIT = {"date": "2026-09-01", "form": "threat", "channel": "email", "severity": "2",
        "description": "Überschrieben von der früheren Vertrauensperson", "action": "save", "form_token": "x"}
ENTRY = {"kind": "note", "day": "2026-09-03", "text": "Notiz der früheren Vertrauensperson"}


@pytest.fixture
def case(make, db, app, inbox):
    network = make.network()
    town = make.municipality(network)
    elsewhere = make.municipality(network)
    people = {
        "official": make.user(municipality=town, role="official", language="en"),
        "trust": make.user(municipality=town, role="trust_person", language="en", name="Petra Vertrauen"),
        "lead": make.user(municipality=town, role="lead", language="en"),
        "admin": make.user(network_role="admin", language="en"),
    }
    item = make_incident(db, people["official"], network)
    other = make_incident(db, people["official"], network, form="threat", contents={"date": "2026-10-15"})
    with app.test_request_context():
        evidence.store(item, upload(png(), "screenshot.png"), people["official"])
        timeline.add_entry(item, people["official"], "note", {"date": "2026-09-02", "text": "Erste Notiz"})
        links.link(people["official"], item, other)
        grants.grant(item, people["official"], people["trust"], True)
        grants.grant(other, people["official"], people["trust"], False)
    db.session.commit()
    inbox.messages.clear()
    return {**people, "town": town, "elsewhere": elsewhere, "incident": item, "other": other,
            "membership": _trust_membership(people["trust"], town)}


def _trust_membership(user, town) -> Membership:
    return next(m for m in user.memberships if m.municipality_id == town.id and m.role == "trust_person")


def _routes(app, case) -> list[tuple[str, str, str]]:
    """(endpoint, method, url) for every incidents route with an incident in its URL,
    taken from the url_map, plus the multi-incident exports with the incident chosen."""
    item = case["incident"]
    values = {"incident_id": item.id, "evidence_id": item.evidence[0].id, "entry_id": item.entries[0].id,
              "grant_id": item.grants[0].id, "other_id": case["other"].id}
    adapter = app.url_map.bind("weltoffen.test")
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.partition(".")[0] != "incidents" or "incident_id" not in rule.arguments:
            continue
        url = adapter.build(rule.endpoint, {name: values[name] for name in rule.arguments})
        found += [(rule.endpoint, method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    for fmt in ("pdf", "zip"):
        found.append(("incidents.dossier_set", "GET", adapter.build("incidents.dossier_set", {"fmt": fmt})
                      + f"?ids={item.id}"))
    assert COVERED <= {endpoint for endpoint, _m, _u in found}
    return found


def _request(client, method, url):
    if method == "GET":
        return client.get(url)
    data = EDIT if url.endswith("/edit") else ENTRY if url.endswith("/timeline") else {}
    return client.post(url, data={**data, "other_id": "0"})


def _assert_reachable(client, login, app, case):
    login(case["trust"])
    for endpoint, method, url in _routes(app, case):
        if endpoint in REACHABLE and method == "GET":
            assert client.get(url).status_code == 200, url


def _assert_all_404(client, login, app, case):
    """The former trust person gets 404 on every incident route and nothing changes."""
    item = case["incident"]
    before = (access.open_contents(item), len(item.evidence), len(item.entries))
    login(case["trust"])
    for _endpoint, method, url in _routes(app, case):
        r = _request(client, method, url)
        assert r.status_code == 404, (method, url, r.status_code)
        assert "Beleidigende" not in r.get_data(as_text=True)
    db_item = case["incident"]
    assert (access.open_contents(db_item), len(db_item.evidence), len(db_item.entries)) == before
    index = client.get("/incidents/")
    assert index.status_code == 403  # nothing left to list: not an official, no grant
    assert 'href="/incidents/"' not in client.get("/auth/account").get_data(as_text=True)


def _assert_revoked_and_told(client, login, case, reason, inbox):
    """Both grants are revoked, audited with the reason, shown in the reporter's "who
    looked", announced in the app; no mail about it, not even in the digest."""
    trust, official = case["trust"], case["official"]
    rows = list(IncidentGrant.query.filter_by(user_id=trust.id))
    assert len(rows) == 2 and all(g.revoked_at is not None for g in rows)
    for item in (case["incident"], case["other"]):
        entries = AuditEntry.query.filter_by(action="incident.grant_ended", object_type="incident",
                                             object_id=item.id).all()
        assert len(entries) == 1
        assert entries[0].details["user"] == trust.id and entries[0].details["reason"] == reason
        assert "Beleidigende" not in str(entries[0].details)
    notes = Notification.query.filter_by(user_id=official.id, kind="grant_end").all()
    assert {n.grant.incident_id for n in notes} == {case["incident"].id, case["other"].id}
    login(official)
    log = client.get(f"/incidents/{case['incident'].id}/log").get_data(as_text=True)
    assert "Sharing with Petra Vertrauen ended: their role as trust person ended" in log
    page = client.get("/forum/notifications").get_data(as_text=True)
    assert f"Petra Vertrauen can no longer see incident no. {case['incident'].id}" in page
    opened = client.get(f"/forum/notifications/{notes[0].id}/open")
    log_url = f"/incidents/{notes[0].grant.incident_id}/log"
    assert opened.status_code == 302 and opened.headers["Location"].endswith(log_url)
    incident_page = client.get(f"/incidents/{case['incident'].id}").get_data(as_text=True)
    assert "Petra Vertrauen" not in incident_page  # no longer listed as having access
    assert inbox.messages == []
    profile = digest.profile_of(official)
    assert digest.build(official, profile, notes[0].created_at).notifications == []


def test_removing_the_membership_ends_every_grant(client, login, app, case, inbox):
    _assert_reachable(client, login, app, case)
    login(case["lead"])
    town, membership = case["town"], case["membership"]
    r = client.post(f"/municipalities/{town.id}/memberships/{membership.id}/remove")
    assert r.status_code == 302
    _assert_all_404(client, login, app, case)
    _assert_revoked_and_told(client, login, case, "membership_removed", inbox)
    entry = AuditEntry.query.filter_by(action="incident.grant_ended").first()
    assert entry.details["by"] == case["lead"].id and entry.actor_id is None


def test_a_changed_role_ends_every_grant(client, login, app, db, case, inbox):
    _assert_reachable(client, login, app, case)
    case["membership"].role = "member"  # whatever path changes it: a form, a script, the shell
    db.session.commit()
    _assert_all_404(client, login, app, case)
    _assert_revoked_and_told(client, login, case, "role_changed", inbox)


def test_a_changed_municipality_ends_every_grant(client, login, app, db, case, inbox):
    _assert_reachable(client, login, app, case)
    case["membership"].municipality_id = case["elsewhere"].id
    db.session.commit()
    assert permissions.has_role(case["trust"], case["elsewhere"], "trust_person")
    _assert_all_404(client, login, app, case)
    _assert_revoked_and_told(client, login, case, "municipality_changed", inbox)


def test_a_deactivated_account_ends_every_grant_for_good(client, login, app, case, inbox):
    _assert_reachable(client, login, app, case)
    login(case["admin"])
    form = {"network_role": "", "network": "0"}
    assert client.post(f"/admin/users/{case['trust'].id}", data=form).status_code == 302  # active unticked
    assert not case["trust"].active
    assert not permissions.can_view_incident(case["trust"], case["incident"])
    login(case["trust"])  # the session no longer counts: sent to the login page
    r = client.get(f"/incidents/{case['incident'].id}")
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]
    login(case["admin"])
    assert client.post(f"/admin/users/{case['trust'].id}", data={**form, "active": "y"}).status_code == 302
    assert case["trust"].active
    _assert_all_404(client, login, app, case)  # back, still a trust person, but the grants are gone
    _assert_revoked_and_told(client, login, case, "account_deactivated", inbox)


def test_the_reporter_leaving_the_municipality_ends_the_grants(client, login, app, db, case, inbox):
    _assert_reachable(client, login, app, case)
    reporter_membership = case["official"].memberships[0]
    login(case["lead"])
    url = f"/municipalities/{case['town'].id}/memberships/{reporter_membership.id}/remove"
    assert client.post(url).status_code == 302
    _assert_all_404(client, login, app, case)
    rows = IncidentGrant.query.filter_by(user_id=case["trust"].id).all()
    assert all(g.revoked_at is not None for g in rows)
    entry = AuditEntry.query.filter_by(action="incident.grant_ended", object_id=case["incident"].id).one()
    assert entry.details["reason"] == "reporter_membership_removed"


def test_taking_the_membership_out_of_the_collection_ends_the_grants(db, case):
    case["trust"].memberships.remove(case["membership"])  # delete-orphan: deleted in the flush
    db.session.commit()
    assert all(g.revoked_at is not None for g in IncidentGrant.query.filter_by(user_id=case["trust"].id))
    reasons = {e.details["reason"] for e in AuditEntry.query.filter_by(action="incident.grant_ended")}
    assert reasons == {"membership_removed"}


def test_a_bulk_update_through_the_orm_ends_the_grants_too(client, login, app, db, case):
    db.session.execute(sa.update(Membership).where(Membership.user_id == case["trust"].id)
                       .values(role="member"))
    db.session.commit()
    assert all(g.revoked_at is not None for g in IncidentGrant.query.filter_by(user_id=case["trust"].id))
    entry = AuditEntry.query.filter_by(action="incident.grant_ended", object_id=case["incident"].id).one()
    assert entry.details["reason"] == "role_ended"
    _assert_all_404(client, login, app, case)


def test_a_grant_through_another_municipality_of_the_reporter_survives(client, login, app, db, make, case):
    second = make.municipality(case["town"].network)
    for user, role in ((case["official"], "official"), (case["trust"], "trust_person")):
        db.session.add(Membership(user_id=user.id, municipality_id=second.id, role=role))
    db.session.commit()
    case["membership"].role = "member"
    db.session.commit()
    assert all(g.revoked_at is None for g in IncidentGrant.query.filter_by(user_id=case["trust"].id))
    _assert_reachable(client, login, app, case)
    assert not AuditEntry.query.filter_by(action="incident.grant_ended").count()


def test_access_is_derived_at_every_request_even_if_a_grant_row_survives(client, login, app, db, case):
    """Bypass every hook: change the role with plain SQL. The grant row stays active,
    but the access check reads the current memberships and refuses."""
    _assert_reachable(client, login, app, case)
    for change in (
        "UPDATE membership SET role = 'member' WHERE id = :id",
        "UPDATE membership SET municipality_id = :elsewhere WHERE id = :id",
    ):
        db.session.execute(sa.text(change), {"id": case["membership"].id, "elsewhere": case["elsewhere"].id})
        db.session.commit()
        assert all(g.revoked_at is None for g in IncidentGrant.query.filter_by(user_id=case["trust"].id))
        _assert_all_404(client, login, app, case)
        assert grants.active_grants(case["incident"]) == []
        db.session.execute(sa.text("UPDATE membership SET role = 'trust_person', municipality_id = :town "
                                   "WHERE id = :id"), {"id": case["membership"].id, "town": case["town"].id})
        db.session.commit()
        _assert_reachable(client, login, app, case)
    db.session.execute(sa.text("UPDATE \"user\" SET active = :no WHERE id = :id"),
                       {"id": case["trust"].id, "no": False})
    db.session.commit()
    assert not permissions.can_view_incident(case["trust"], case["incident"])
    assert not AuditEntry.query.filter_by(action="incident.grant_ended").count()


def test_a_rolled_back_change_revokes_nothing(db, case):
    case["membership"].role = "member"
    db.session.flush()
    db.session.rollback()
    db.session.commit()
    assert all(g.revoked_at is None for g in db.session.scalars(select(IncidentGrant)))
    assert Evidence.query.count() == 1 and TimelineEntry.query.count() >= 1
