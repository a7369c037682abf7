from datetime import timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa

from weltoffen.auth.models import Invitation, User
from weltoffen.platform.db.columns import utcnow


def _path(link: str) -> str:
    return urlsplit(link).path


def test_lead_invites_member_who_accepts(client, make, login, inbox, db):
    m = make.municipality(name="Iserlohn")
    login(make.user(municipality=m, role="lead", name="Lea Leitung"))
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "neu@example.org", "role": "member"}
    )
    assert r.status_code == 302
    mail = inbox.wait_for("neu@example.org")
    assert "Iserlohn" in inbox.body(mail) and "Lea Leitung" in inbox.body(mail)
    link = inbox.link("neu@example.org", "/auth/invitation/")
    client.post("/auth/logout")
    page = client.get(_path(link))
    assert page.status_code == 200 and "Iserlohn" in page.text
    r = client.post(
        _path(link),
        data={
            "name": "Nora Neu",
            "password": "ein sicheres passwort",
            "confirm": "ein sicheres passwort",
            "language": "de",
        },
    )
    assert r.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "neu@example.org"))
    assert user.roles_in(m.id) == {"member"}
    assert "Iserlohn" in client.get("/").text
    # The link is spent now.
    client.post("/auth/logout")
    again = client.get(_path(link))
    assert again.status_code == 410


def test_accept_form_keeps_values_on_error(client, make, db):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    from weltoffen.auth.services import create_invitation

    _, token = create_invitation(lead, "x@example.org", municipality=m, role="member")
    r = client.post(
        f"/auth/invitation/{token}",
        data={"name": "Xaver", "password": "kurz", "confirm": "anders", "language": "en"},
    )
    assert r.status_code == 200
    assert 'value="Xaver"' in r.text
    assert (
        db.session.scalar(sa.select(sa.func.count(User.id)).where(User.email == "x@example.org"))
        == 0
    )


def test_expired_invitation(client, make, db):
    m = make.municipality()
    from weltoffen.auth.services import create_invitation

    invitation, token = create_invitation(
        make.user(municipality=m, role="lead"), "e@example.org", municipality=m, role="member"
    )
    invitation.expires_at = utcnow() - timedelta(minutes=1)
    db.session.flush()
    r = client.get(f"/auth/invitation/{token}")
    assert r.status_code == 410
    assert "abgelaufen" in r.text


def test_unknown_invitation_token(client):
    assert client.get("/auth/invitation/forged-token").status_code == 410


def test_member_cannot_invite(client, make, login, inbox):
    m = make.municipality()
    login(make.user(municipality=m, role="member"))
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "a@example.org", "role": "member"}
    )
    assert r.status_code == 403
    assert inbox.messages == []


def test_lead_cannot_invite_into_other_municipality(client, make, login, db):
    own, other = make.municipality(), make.municipality()
    login(make.user(municipality=own, role="lead"))
    r = client.post(
        f"/municipalities/{other.id}/invitations", data={"email": "a@example.org", "role": "member"}
    )
    assert r.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_coordinator_may_invite_leads_only(client, make, login, inbox):
    m = make.municipality()
    login(make.user(network_role="coordinator", network=m.network))
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "m@example.org", "role": "member"}
    )
    assert r.status_code == 400  # not a role on offer
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "l@example.org", "role": "lead"}
    )
    assert r.status_code == 302
    inbox.wait_for("l@example.org")


def test_coordinator_of_other_network_is_refused(client, make, login):
    m = make.municipality()
    login(make.user(network_role="coordinator", network=make.network()))
    assert client.get(f"/municipalities/{m.id}").status_code == 403
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "l@example.org", "role": "lead"}
    )
    assert r.status_code == 403


def test_coordinator_invites_coordinator(client, make, login, inbox, db):
    network = make.network()
    login(make.user(network_role="coordinator", network=network))
    r = client.post(
        f"/networks/{network.id}/coordinators",
        data={"email": "k2@example.org", "role": "coordinator"},
    )
    assert r.status_code == 302
    link = inbox.link("k2@example.org", "/auth/invitation/")
    client.post("/auth/logout")
    client.post(
        _path(link),
        data={
            "name": "Kai",
            "password": "ein sicheres passwort",
            "confirm": "ein sicheres passwort",
            "language": "de",
        },
    )
    user = db.session.scalar(sa.select(User).where(User.email == "k2@example.org"))
    assert user.network_role == "coordinator" and user.network_id == network.id
    # A coordinator must enrol a second factor before anything else.
    assert client.get("/").headers["Location"] == "/auth/account/second-factor"


def test_invalid_invite_keeps_typed_email(client, make, login):
    m = make.municipality()
    login(make.user(municipality=m, role="lead"))
    r = client.post(
        f"/municipalities/{m.id}/invitations", data={"email": "not-an-address", "role": "member"}
    )
    assert r.status_code == 400
    assert 'value="not-an-address"' in r.text


def test_mail_failure_saves_nothing(app, client, make, login, db):
    m = make.municipality()
    login(make.user(municipality=m, role="lead"))
    port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens there
    try:
        r = client.post(
            f"/municipalities/{m.id}/invitations", data={"email": "z@example.org", "role": "member"}
        )
    finally:
        app.config["MAIL_PORT"] = port
    assert r.status_code == 503
    assert 'value="z@example.org"' in r.text
    assert db.session.scalar(sa.select(sa.func.count(Invitation.id))) == 0


def test_revoke_invitation(client, make, login, db):
    m = make.municipality()
    lead = login(make.user(municipality=m, role="lead"))
    from weltoffen.auth.services import create_invitation

    invitation, token = create_invitation(lead, "w@example.org", municipality=m, role="member")
    other = make.municipality()
    assert (
        client.post(f"/municipalities/{other.id}/invitations/{invitation.id}/revoke").status_code
        == 403
    )
    assert (
        client.post(f"/municipalities/{m.id}/invitations/{invitation.id}/revoke").status_code == 302
    )
    assert client.get(f"/auth/invitation/{token}").status_code == 410


def test_existing_account_accepts_after_login(client, make, login, db):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    existing = make.user(email="da@example.org")
    from weltoffen.auth.services import create_invitation

    _, token = create_invitation(lead, "da@example.org", municipality=m, role="member")
    r = client.get(f"/auth/invitation/{token}")
    assert r.status_code == 302 and r.headers["Location"].startswith("/auth/login")
    login(existing)
    assert client.get(f"/auth/invitation/{token}").status_code == 200
    assert client.post(f"/auth/invitation/{token}").status_code == 302
    assert existing.roles_in(m.id) == {"member"}


def test_invitation_for_someone_else_while_logged_in(client, make, login):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    from weltoffen.auth.services import create_invitation

    _, token = create_invitation(lead, "fremd@example.org", municipality=m, role="member")
    login(make.user())
    assert client.get(f"/auth/invitation/{token}").status_code == 409
