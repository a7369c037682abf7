import logging
import subprocess
import sys
import textwrap
import uuid

import sqlalchemy as sa

from weltoffen.auth.models import User
from weltoffen.network.models import Membership, Municipality
from weltoffen.platform.mail import send


def test_demo_is_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    counts = [
        db.session.scalar(sa.select(sa.func.count()).select_from(t))
        for t in (Municipality, User, Membership)
    ]
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert [
        db.session.scalar(sa.select(sa.func.count()).select_from(t))
        for t in (Municipality, User, Membership)
    ] == counts
    assert counts[0] == 36 and counts[1] == 8 + 8  # accounts, and the reporters of incidents/demo_statistics.py
    assert "TOTP secret" in first.output and "demo-weltoffen" in first.output
    # The printed secrets stay the same across runs.
    secrets = [
        line.split("TOTP secret ")[1] for line in first.output.splitlines() if "TOTP secret" in line
    ]
    assert all(s in second.output for s in secrets)
    names = set(db.session.scalars(sa.select(Municipality.name)))
    assert {
        "Lübeck",
        "Konstanz",
        "Aachen",
        "Zwickau",
        "Iserlohn",
        "Bochum",
        "Teltow-Fläming",
    } <= names


def test_demo_banner(app, client):
    assert "demo-banner" not in client.get("/").text
    app.config["DEMO"] = True
    try:
        assert "demo-banner" in client.get("/").text
    finally:
        app.config["DEMO"] = False


def test_mail_without_server_is_logged_as_not_sent_without_its_text(app, caplog):
    """Production without MAIL_SERVER: a warning names the recipient; the body (which may
    carry a password-reset link) is not written to the log (tests/core/test_dev_outbox.py
    shows demo mode printing and keeping it)."""
    with app.app_context():
        app.config["MAIL_SERVER"] = ""
        try:
            with caplog.at_level(logging.INFO, logger="weltoffen.platform.mail"):
                send("a@example.org", "Betreff", "Text der Nachricht")
        finally:
            app.config["MAIL_SERVER"] = "127.0.0.1"
    assert "Text der Nachricht" not in caplog.text and "not sent" in caplog.text


def test_login_limits_shared_through_redis(tmp_path):
    """With a Redis storage URI the login limit lives in Redis (separate process,
    because the limiter is a process-wide extension). The counters carry a prefix of
    this run's own and only they are deleted: a flushdb() here once emptied the
    counters of another copy of the suite running the same test at the same time."""
    prefix = f"weltoffen-login-{uuid.uuid4().hex[:12]}"
    script = textwrap.dedent(
        f"""
        import redis
        from flask_migrate import upgrade
        from weltoffen import create_app
        r = redis.Redis.from_url("redis://127.0.0.1:6379/15")
        app = create_app({{"TESTING": True, "SECRET_KEY": "x", "WTF_CSRF_ENABLED": False,
            "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path}/r.db",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15", "RATELIMIT_KEY_PREFIX": "{prefix}"}})
        with app.app_context():
            upgrade()
        c = app.test_client()
        data = {{"email": "x@example.org", "password": "y"}}
        codes = [c.post("/auth/login", data=data).status_code for _ in range(11)]
        keys = list(r.scan_iter(match="*{prefix}*"))
        print(codes[-1], len(keys) > 0)
        if keys:
            r.delete(*keys)
        """
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-2:] == ["429", "True"]
