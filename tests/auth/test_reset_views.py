import re
from urllib.parse import urlsplit

from ..support.factories import PASSWORD


def test_reset_from_the_mail_that_arrived(client, make, inbox):
    make.user(email="vergessen@example.org", language="en")
    r = client.post("/auth/reset", data={"email": "vergessen@example.org"})
    assert r.status_code == 200
    mail = inbox.wait_for("vergessen@example.org")
    assert mail["Subject"] == "Reset your weltoffen password"  # in the user's language
    path = urlsplit(inbox.link("vergessen@example.org", "/auth/reset/")).path
    assert client.get(path).status_code == 200
    r = client.post(
        path, data={"password": "mein neues passwort", "confirm": "mein neues passwort"}
    )
    assert r.status_code == 302
    assert (
        client.post(
            "/auth/login", data={"email": "vergessen@example.org", "password": PASSWORD}
        ).status_code
        == 200
    )
    r = client.post(
        "/auth/login", data={"email": "vergessen@example.org", "password": "mein neues passwort"}
    )
    assert r.status_code == 302
    assert client.get(path).status_code == 410  # used


#: The CSRF token is signed with a timestamp: two answers a second apart differ there.
CSRF = re.compile(r'("X-CSRFToken": |name="csrf_token" value=)"[^"]*"')


def _same_page(text: str, email: str) -> str:
    return CSRF.sub(r"\1", text.replace(email, "X"))


def test_unknown_address_gets_the_same_answer_and_no_mail(client, make, inbox):
    make.user(email="da@example.org")
    known = client.post("/auth/reset", data={"email": "da@example.org"})
    unknown = client.post("/auth/reset", data={"email": "weg@example.org"})
    assert known.status_code == unknown.status_code == 200
    assert _same_page(known.text, "da@example.org") == _same_page(unknown.text, "weg@example.org")
    inbox.wait_for("da@example.org")
    assert not any("weg@example.org" in m["To"] for m in inbox.messages)


def test_forged_reset_token(client):
    assert client.get("/auth/reset/forged").status_code == 410
    assert (
        client.post(
            "/auth/reset/forged", data={"password": "x" * 12, "confirm": "x" * 12}
        ).status_code
        == 410
    )


def test_reset_password_mismatch_keeps_form(client, make, inbox):
    make.user(email="m@example.org")
    client.post("/auth/reset", data={"email": "m@example.org"})
    path = urlsplit(inbox.link("m@example.org", "/auth/reset/")).path
    r = client.post(path, data={"password": "mein neues passwort", "confirm": "anderes passwort"})
    assert r.status_code == 200
    assert client.get(path).status_code == 200  # still valid after the failed attempt
