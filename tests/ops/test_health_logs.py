"""/healthz (database and upload folder, 503 with what failed, no secrets) and the
logs: request ids, LOG_FORMAT=json with one object per line."""

import io
import json
import logging

import pytest

from weltoffen import create_app
from weltoffen.platform.web import logging_setup

from ..conftest import make_test_app


def test_healthz_ok_without_login(client):
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json == {"status": "ok", "database": "ok", "uploads": "ok"}
    assert r.headers["Cache-Control"] == "no-store"


def test_healthz_upload_folder_not_usable(app, client, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")
    app.config["UPLOAD_FOLDER"] = str(blocked)
    try:
        r = client.get("/healthz")
    finally:
        app.config["UPLOAD_FOLDER"] = ""
    assert r.status_code == 503
    assert r.json["status"] == "error" and r.json["database"] == "ok" and r.json["uploads"] == "error"
    assert r.json["errors"] == {"uploads": "FileExistsError"}
    assert str(tmp_path) not in r.text


def test_healthz_disk_nearly_full(app, client):
    app.config["HEALTHZ_MIN_FREE_BYTES"] = 10**18
    try:
        r = client.get("/healthz")
    finally:
        app.config["HEALTHZ_MIN_FREE_BYTES"] = 0
    assert r.status_code == 503 and r.json["errors"] == {"uploads": "disk nearly full"}


def test_healthz_database_unreachable(tmp_path):
    missing = tmp_path / "no-such-folder" / "weltoffen.db"
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}",
                      "UPLOAD_FOLDER": str(tmp_path / "uploads")})
    r = app.test_client().get("/healthz")
    assert r.status_code == 503
    assert r.json == {"status": "error", "database": "error", "uploads": "ok",
                      "errors": {"database": "OperationalError"}}
    assert "no-such-folder" not in r.text


def test_request_id_passed_through_or_generated(client):
    assert client.get("/healthz", headers={"X-Request-ID": "abc-123"}).headers["X-Request-ID"] == "abc-123"
    generated = client.get("/healthz", headers={"X-Request-ID": "<script>"}).headers["X-Request-ID"]
    assert generated != "<script>" and len(generated) == 32
    assert client.get("/").headers["X-Request-ID"] != client.get("/").headers["X-Request-ID"]


@pytest.fixture
def json_app(database_url, tmp_path, smtp_server):
    root = logging.getLogger()
    level = root.level
    app = make_test_app(database_url, tmp_path, smtp_server, LOG_FORMAT="json")
    # make_test_app migrates in this process, and Alembic's env.py reconfigures logging
    # (fileConfig); `flask db upgrade` runs in its own process in production.
    logging_setup._install_json(app)
    handler = next(h for h in root.handlers if isinstance(h, logging_setup._JsonHandler))
    stream = io.StringIO()
    handler.setStream(stream)
    app.log_stream = stream
    try:
        yield app
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        from weltoffen.extensions import db

        with app.app_context():
            db.engine.dispose()


def _lines(app) -> list[dict]:
    return [json.loads(line) for line in app.log_stream.getvalue().splitlines()]


def test_json_log_lines_with_request_fields(json_app):
    client = json_app.test_client()
    client.get("/healthz", headers={"X-Request-ID": "req-42"})
    client.get("/auth/reset/secret-token-value")
    lines = _lines(json_app)
    health = next(entry for entry in lines if entry["path"] == "/healthz")
    assert health["request_id"] == "req-42" and health["method"] == "GET" and health["status"] == 200
    assert health["level"] == "INFO" and health["logger"] == "weltoffen.request"
    assert health["duration_ms"] >= 0 and health["time"].endswith("+00:00")
    assert "secret-token-value" not in json_app.log_stream.getvalue()
    assert any(entry["path"] == "/auth/reset/[redacted]" for entry in lines)


def test_json_log_of_an_error_with_traceback(json_app):
    with json_app.test_request_context("/x", headers={"X-Request-ID": "r-1"}):
        json_app.preprocess_request()
        try:
            raise ValueError("boom")
        except ValueError:
            logging.getLogger("weltoffen.test").exception("failed: %s", "here", extra={"incident": 7})
    entry = _lines(json_app)[-1]
    assert entry["message"] == "failed: here" and entry["level"] == "ERROR" and entry["incident"] == 7
    assert entry["request_id"] == "r-1" and entry["path"] == "/x"
    assert "ValueError: boom" in entry["exception"]


def test_plain_is_the_default(app):
    assert app.config["LOG_FORMAT"] == "plain"
    assert not any(isinstance(h, logging_setup._JsonHandler) for h in logging.getLogger().handlers)
