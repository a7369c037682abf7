"""A network's coordinator may reset the lost second factor of the leads of its
municipalities – as an admin may, audited, the person told by mail – but not of
admins, coordinators, people of other networks or anyone who is not a lead."""

import re

import pytest
import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.network.models import Membership

SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def people(make, db):
    class People:
        pass

    p = People()
    p.network = make.network()
    p.town = make.municipality(p.network, name="Iserlohn")
    p.coordinator = make.user(network_role="coordinator", network=p.network, totp_secret=SECRET)
    p.lead = make.user(municipality=p.town, role="lead", totp_secret=SECRET, name="Lea Leitung")
    p.official = make.user(municipality=p.town, role="official", totp_secret=SECRET, name="Olga Amt")
    other = make.municipality(make.network(), name="Köln")
    p.foreign_lead = make.user(municipality=other, role="lead", totp_secret=SECRET)
    p.other_town = other
    db.session.commit()
    return p


def _resets(db, user) -> int:
    return db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "second_factor.reset", AuditEntry.object_id == user.id))


def _url(town, user) -> str:
    return f"/municipalities/{town.id}/people/{user.id}/second-factor"


def test_a_coordinator_resets_a_lead_of_their_network(client, login, people, db, inbox):
    p = people
    old_token = p.lead.session_token
    login(p.coordinator)
    page = client.get(f"/municipalities/{p.town.id}")
    assert _url(p.town, p.lead) in page.text
    assert _url(p.town, p.official) not in page.text  # only leads
    r = client.post(_url(p.town, p.lead))
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/municipalities/{p.town.id}#team")
    db.session.refresh(p.lead)
    assert not p.lead.has_second_factor and p.lead.session_token != old_token
    assert _resets(db, p.lead) == 1
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "second_factor.reset"))
    assert entry.actor_id == p.coordinator.id
    body = inbox.body(inbox.wait_for(p.lead.email))
    assert re.search(r"https?://[^/\s]+/auth/reset/\S+", body)


def _refused(client, db, url, target) -> None:
    r = client.post(url)
    assert r.status_code in (403, 404), r.status_code
    db.session.refresh(target)
    assert target.has_second_factor and _resets(db, target) == 0


def test_the_coordinator_is_refused_beyond_their_leads(client, login, people, make, db, inbox):
    p = people
    admin_lead = make.user(network_role="admin", totp_secret=SECRET)
    colleague = make.user(network_role="coordinator", network=p.network, totp_secret=SECRET)
    twice = make.user(municipality=p.town, role="lead", totp_secret=SECRET)
    for user in (admin_lead, colleague):
        db.session.add(Membership(user_id=user.id, municipality_id=p.town.id, role="lead"))
    # a lead here who also belongs to another network's municipality
    db.session.add(Membership(user_id=twice.id, municipality_id=p.other_town.id, role="member"))
    db.session.commit()
    login(p.coordinator)
    _refused(client, db, _url(p.other_town, p.foreign_lead), p.foreign_lead)  # another network
    _refused(client, db, _url(p.town, p.foreign_lead), p.foreign_lead)  # not of this municipality
    _refused(client, db, _url(p.town, p.official), p.official)  # not a lead
    for user in (admin_lead, colleague, twice, p.coordinator):
        _refused(client, db, _url(p.town, user), user)
    assert not inbox.messages


@pytest.mark.parametrize("role", ["member", "lead", "official", "trust_person"])
def test_municipal_roles_may_not_reset(client, login, people, make, db, role):
    p = people
    login(make.user(municipality=p.town, role=role, totp_secret=SECRET))
    assert _url(p.town, p.lead) not in client.get(f"/municipalities/{p.town.id}").text
    _refused(client, db, _url(p.town, p.lead), p.lead)


def test_admins_reset_from_the_team_page_too(client, login, people, make, db, inbox):
    p = people
    login(make.user(network_role="admin", totp_secret=SECRET))
    assert client.post(_url(p.town, p.official)).status_code == 302
    db.session.refresh(p.official)
    assert not p.official.has_second_factor
    inbox.wait_for(p.official.email)
