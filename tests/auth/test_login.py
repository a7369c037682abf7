import time

import pyotp
import pytest

from weltoffen.audit import AuditEntry
from weltoffen.auth import totp

from ..support.factories import PASSWORD

GENERIC = "E-Mail-Adresse oder das Passwort ist nicht korrekt"


def _login(client, email, password=PASSWORD):
    return client.post("/auth/login", data={"email": email, "password": password})


def _actions(db):
    return [e.action for e in db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id))]


def test_login_without_second_factor(client, make, db):
    user = make.user(email="lead@example.org")
    r = _login(client, "lead@example.org")
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert user.name in client.get("/").text
    assert "login" in _actions(db)


def test_wrong_password_and_unknown_email_get_the_same_message(client, make, db):
    make.user(email="known@example.org")
    wrong = _login(client, "known@example.org", "not the password")
    unknown = _login(client, "nobody@example.org", "not the password")
    for r in (wrong, unknown):
        assert r.status_code == 200
        assert GENERIC in r.text
    assert 'value="known@example.org"' in wrong.text  # the typed e-mail stays in the form
    assert _actions(db).count("login.failed") == 2


def test_login_redirects_only_to_local_next(client, make):
    make.user(email="n@example.org")
    r = client.post(
        "/auth/login?next=https://evil.example/",
        data={"email": "n@example.org", "password": PASSWORD},
    )
    assert r.headers["Location"] == "/"


def test_session_is_renewed_at_login(client, make):
    make.user(email="s@example.org")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        session["lang"] = "en"
    _login(client, "s@example.org")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["lang"] == "en"  # the visitor's language choice survives


def test_second_factor_flow(client, make, db):
    secret = pyotp.random_base32()
    user = make.user(
        email="official@example.org",
        municipality=make.municipality(),
        role="official",
        totp_secret=secret,
    )
    r = _login(client, "official@example.org")
    assert r.headers["Location"] == "/auth/login/code"
    assert client.get("/auth/account").status_code == 302  # not logged in yet
    bad = client.post("/auth/login/code", data={"code": "123456"})
    assert "nicht gültig" in bad.text
    r = client.post("/auth/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 302 and r.headers["Location"] == "/"
    assert client.get("/auth/account").status_code == 200
    assert "login.second_factor_failed" in _actions(db)
    assert user.totp_last_step is not None


def test_second_factor_code_cannot_be_replayed(client, make, app):
    secret = pyotp.random_base32()
    make.user(email="r@example.org", network_role="admin", totp_secret=secret)
    code = pyotp.TOTP(secret).now()
    _login(client, "r@example.org")
    assert client.post("/auth/login/code", data={"code": code}).status_code == 302
    client.post("/auth/logout")
    _login(client, "r@example.org")
    r = client.post("/auth/login/code", data={"code": code})
    assert r.status_code == 200 and "nicht gültig" in r.text


def test_recovery_code_logs_in(client, make, db):
    user = make.user(email="rc@example.org", network_role="admin")
    codes = totp.new_recovery_codes(user)
    _login(client, "rc@example.org")
    r = client.post("/auth/login/code", data={"code": codes[3]})
    assert r.status_code == 302
    entry = db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "login")).one()
    assert entry.details == {"second_factor": "recovery"}


def test_pending_second_factor_expires(client, make):
    make.user(email="p@example.org", network_role="admin")
    _login(client, "p@example.org")
    with client.session_transaction() as session:
        pending = dict(session["pending_second_factor"], at=time.time() - 3600)
        session["pending_second_factor"] = pending
    r = client.post("/auth/login/code", data={"code": "123456"})
    assert r.headers["Location"] == "/auth/login"


def test_roles_needing_second_factor_must_enrol_first(client, make, login, db):
    user = make.user(municipality=make.municipality(), role="member")
    user.memberships[0].role = "official"  # promoted after the account was made
    db.session.flush()
    login(user)
    r = client.get("/")
    assert r.status_code == 302 and r.headers["Location"] == "/auth/account/second-factor"
    page = client.get("/auth/account/second-factor")
    assert page.status_code == 200 and "<svg" in page.text
    with client.session_transaction() as session:
        secret = session["totp_enrolment_secret"]
    r = client.post("/auth/account/second-factor", data={"code": pyotp.TOTP(secret).now()})
    assert r.status_code == 200 and "Wiederherstellungscodes" in r.text
    assert client.get("/").status_code == 200


def test_login_rate_limit(client, make):
    make.user(email="rl@example.org")
    statuses = [_login(client, "rl@example.org", "wrong").status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    r = _login(client, "rl@example.org")
    assert r.status_code == 429 and "Zu viele Anfragen" in r.text
    assert "Retry-After" in r.headers


def test_logout_needs_post(client, make, login):
    login(make.user())
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/auth/account").status_code == 302


def test_deactivated_user_is_logged_out(client, make, login, db):
    user = login(make.user())
    assert client.get("/auth/account").status_code == 200
    user.active = False
    db.session.flush()
    assert client.get("/auth/account").status_code == 302


@pytest.mark.parametrize("path", ["/auth/account", "/admin/", "/networks/1"])
def test_anonymous_is_sent_to_login(client, path):
    r = client.get(path)
    assert r.status_code == 302 and r.headers["Location"].startswith("/auth/login?next=")


def test_logout_ends_a_copied_session_cookie(app, make):
    """Logging out rotates the session token: a session copied before stops working."""
    user = make.user()
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        with c.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
    assert second.get("/auth/account").status_code == 200
    first.post("/auth/logout")
    assert second.get("/auth/account").status_code == 302
