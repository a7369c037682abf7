import re

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from weltoffen import create_app
from weltoffen.extensions import db as _db


def test_refuses_to_start_without_secret_key(monkeypatch, capsys):
    monkeypatch.delenv("WELTOFFEN_SECRET_KEY", raising=False)
    monkeypatch.delenv("WELTOFFEN_DEMO", raising=False)
    with pytest.raises(SystemExit) as exc:
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    message = str(exc.value)
    assert "WELTOFFEN_SECRET_KEY is not set" in message
    assert "\n" not in message


def test_demo_mode_starts_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("WELTOFFEN_SECRET_KEY", raising=False)
    app = create_app({"DEMO": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(app.config["SECRET_KEY"]) == 64
    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_cookies_are_secure(monkeypatch):
    app = create_app({"SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_postgres_url_uses_psycopg3():
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": "postgresql://u@h:5432/d"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@h:5432/d"


def test_connection_settings(app, db):
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        assert conn.dialect.driver == "psycopg"
        assert conn.exec_driver_sql("SHOW server_encoding").scalar() == "UTF8"
        return
    assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000


def test_schema_matches_models(app, db):
    """Every model change comes with a migration."""
    def include_name(name, type_, parent_names):  # the forum's search index is no model
        return not (type_ == "table" and name.startswith("forum_search"))

    ctx = MigrationContext.configure(
        db.session.connection(), opts={"compare_type": True, "include_name": include_name}
    )
    diff = compare_metadata(ctx, _db.metadata)
    assert diff == []


def test_security_headers(client):
    r = client.get("/auth/login")
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client, make, login):
    login(make.user(network_role="admin"))  # the factory enrols the second factor
    for path in ["/", "/auth/login", "/admin/", "/admin/municipalities", "/auth/account"]:
        html = client.get(path).text
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\sstyle=", html), path
        assert not re.search(r"\son[a-z]+=", html), path


def test_session_cookie_flags(client, make):
    make.user(email="flags@example.org")
    r = client.post(
        "/auth/login", data={"email": "flags@example.org", "password": "correct horse battery"}
    )
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_404_page_full_and_htmx(client):
    r = client.get("/does-not-exist")
    assert r.status_code == 404 and "<html" in r.text
    assert "Seite nicht gefunden" in r.text or "Page not found" in r.text
    r = client.get("/does-not-exist", headers={"HX-Request": "true"})
    assert r.status_code == 404 and "<html" not in r.text
    assert r.headers["HX-Retarget"] == "#alerts"


def test_413_page(app, client):
    big = b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    r = client.post("/auth/login", data=big, content_type="application/octet-stream")
    assert r.status_code == 413


def test_500_page_rolls_back(monkeypatch, tmp_path):
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.db"})

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    boom.is_public = True
    r = app.test_client().get("/boom")
    assert r.status_code == 500 and "<html" in r.text
    r = app.test_client().get("/boom", headers={"HX-Request": "true"})
    assert r.status_code == 500 and r.headers["HX-Retarget"] == "#alerts"


def test_csrf_missing_token_is_refused(client, make, csrf):
    make.user(email="csrf@example.org")
    r = client.post(
        "/auth/login", data={"email": "csrf@example.org", "password": "correct horse battery"}
    )
    assert r.status_code == 400
    assert "abgelaufen" in r.text or "expired" in r.text


def test_language_switch(client):
    assert 'lang="de"' in client.get("/").text
    r = client.post("/language", data={"lang": "en", "next": "/auth/login"})
    assert r.status_code == 302 and r.headers["Location"] == "/auth/login"
    page = client.get("/auth/login").text
    assert 'lang="en"' in page and "Log in" in page
    client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert 'lang="en"' in client.get("/").text


def test_language_switch_ignores_foreign_next(client):
    r = client.post("/language", data={"lang": "de", "next": "//evil.example/x"})
    assert r.headers["Location"] == "/"


def test_no_create_all_in_app_code():
    from pathlib import Path

    for path in Path("weltoffen").rglob("*.py"):
        assert "create_all(" not in path.read_text(), path


def test_healthz_checks_database(client):
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json["status"] == "ok"


def test_foreign_keys_enforced(db):
    from sqlalchemy.exc import IntegrityError

    from weltoffen.network.models import Membership

    with pytest.raises(IntegrityError):
        with db.session.begin_nested():
            db.session.add(Membership(user_id=999999, municipality_id=999999, role="member"))
            db.session.flush()
    assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
