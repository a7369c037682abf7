"""Impressum, Datenschutzerklärung and Erklärung zur Barrierefreiheit: linked from every
footer, public, the operator's text from the instance folder (templates otherwise); the
statement's feedback form reaches the admins, refuses empty messages keeping what was
typed, and is rate-limited."""

from pathlib import Path

from weltoffen.extensions import limiter

PAGES = ("/impressum", "/datenschutz", "/barrierefreiheit")


def test_the_pages_are_public_and_linked_from_every_footer(client, app):
    start = client.get("/auth/login").text
    for path in PAGES:
        assert f'href="{path}"' in start
        page = client.get(path)
        assert page.status_code == 200 and "<h1>" in page.text
    assert client.get("/impressum").headers["Cache-Control"] == "public, max-age=300"
    assert client.get("/barrierefreiheit").headers["Cache-Control"] == "private, no-store"
    statement = client.get("/barrierefreiheit").text
    assert "Stand der Vereinbarkeit" in statement and "Durchsetzungsverfahren" in statement
    assert client.get("/agb").status_code == 404


def test_the_operator_sets_the_text(client, app):
    own = Path(app.instance_path) / "legal"
    own.mkdir(parents=True, exist_ok=True)
    (own / "impressum.md").write_text("# Impressum\n\nStadt Musterhausen, <script>alert(1)</script>Rathausplatz 1\n")
    try:
        page = client.get("/impressum").text
        assert "Stadt Musterhausen" in page and "<script>alert" not in page
    finally:
        (own / "impressum.md").unlink()


def test_feedback_reaches_the_admins(client, make, inbox, db):
    admin = make.user(network_role="admin")
    db.session.commit()
    empty = client.post("/barrierefreiheit", data={"message": "", "page": "/selfcheck/", "email": "x"})
    assert empty.status_code == 422 and 'value="/selfcheck/"' in empty.text  # kept, with the errors
    sent = client.post("/barrierefreiheit", data={"message": "Das Diagramm hat keinen Text.",
                                                  "page": "/benchmark/", "email": "ina@example.org"})
    assert sent.status_code == 200 and "Vielen Dank" in sent.text
    body = inbox.body(inbox.wait_for(admin.email))
    assert "Das Diagramm hat keinen Text." in body and "ina@example.org" in body and "/benchmark/" in body


def test_feedback_is_rate_limited(client, app, monkeypatch):
    monkeypatch.setattr(limiter, "enabled", True)
    limiter.reset()
    statuses = [client.post("/barrierefreiheit", data={"message": ""}).status_code for _ in range(7)]
    assert statuses[:5] == [422] * 5 and statuses[5] == 429
