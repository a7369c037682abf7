"""Two app servers, one PostgreSQL, one Redis: what makes the app scale past one
machine (docs/operations.md, "Past one machine").

Two gunicorn processes (2 sync workers each, different ports), with the same
WELTOFFEN_SECRET_KEY, against one fresh PostgreSQL database (created beside
WELTOFFEN_TEST_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/test, dropped
afterwards) and Redis database 13 as rate-limit storage. The servers count under a key
prefix of their own (RATELIMIT_KEY_PREFIX), and only keys with that prefix are deleted
before each test and afterwards - not the whole database, since another test run on this
machine may be using it at the same time:

(a) the login limit is shared: failed logins alternating between A and B are stopped
    together once the limit is reached, on both;
(b) sessions are shared: a session started on A logs in on B and is used on A and B;
    logging out on A ends it on B; a password change on A (new session token in the
    database) ends a copied cookie on B, while the changing browser stays logged in.

Runs in both CI runs (it brings its own PostgreSQL database either way)."""

import base64
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import pytest

from ..support.databases import PG_BASE, create_database, drop_database, pg_reachable_or_fail

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/13"
PREFIX = f"weltoffen-two-{uuid.uuid4().hex[:12]}"
LIMIT = 6
PASSWORD = "two-processes-password"
CSRF_RE = re.compile(r'name="(?:[a-z]+-)?csrf_token"[^>]*value="([^"]+)"')


class Browser:
    """Cookies kept by name, one request per connection, no redirects followed."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, form: dict | None = None, headers=None):
        send = {"Connection": "close", **(headers or {})}
        if self.cookies:
            send["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            send["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=send)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header in response.msg.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if value and "Expires=Thu, 01 Jan 1970" not in header:
                    self.cookies[name] = value
                else:
                    self.cookies.pop(name, None)
            return response.status, response.msg, text
        finally:
            conn.close()

    def csrf(self, port: int, path: str) -> str:
        status, _, text = self.request(port, "GET", path)
        assert status == 200, (path, status)
        return CSRF_RE.search(text).group(1)

    def logged_in(self, port: int) -> bool:
        status, headers, _ = self.request(port, "GET", "/auth/account")
        assert status in (200, 302), status
        return status == 200


def _reachable_or_fail() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=5).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {REDIS_URL} is not reachable (it is part of this machine): {exc}")
    pg_reachable_or_fail()


def _redis_keys() -> list[bytes]:
    import redis

    return list(redis.Redis.from_url(REDIS_URL).scan_iter(match=f"*{PREFIX}*"))


def _flush_redis() -> None:
    """Delete this run's counters (DB 13, our prefix only)."""
    import redis

    keys = _redis_keys()
    if keys:
        redis.Redis.from_url(REDIS_URL).delete(*keys)


def _listening_socket() -> socket.socket:
    """A socket bound to a free port and listening: handed to gunicorn (fd://), so no
    other process can take the port between choosing and binding it."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(64)
    s.set_inheritable(True)
    return s


@pytest.fixture(scope="module")
def shared_backends(tmp_path_factory):
    """A fresh PostgreSQL database with one account, and Redis DB 13, emptied."""
    _reachable_or_fail()
    tmp_path = tmp_path_factory.mktemp("two")
    url = create_database(PG_BASE, f"weltoffen_two_{uuid.uuid4().hex[:8]}")
    _flush_redis()
    env = {
        "WELTOFFEN_SECRET_KEY": "two-processes-" + uuid.uuid4().hex,
        "WELTOFFEN_DATABASE_URL": url,
        "WELTOFFEN_INCIDENT_KEY": base64.b64encode(os.urandom(32)).decode(),
        "WELTOFFEN_RATELIMIT_STORAGE_URI": REDIS_URL,
        "WELTOFFEN_RATELIMIT_KEY_PREFIX": PREFIX,
        "WELTOFFEN_LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
        "WELTOFFEN_SESSION_COOKIE_SECURE": "false",
        "WELTOFFEN_UPLOAD_FOLDER": str(tmp_path / "uploads"),
    }
    try:
        _migrate_and_add_user(url, env, tmp_path)
        yield env
    finally:
        _flush_redis()
        drop_database(PG_BASE, url)


def _migrate_and_add_user(url: str, env: dict, tmp_path: Path) -> None:
    from flask_migrate import upgrade

    from weltoffen import create_app
    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db

    app = create_app({"SECRET_KEY": env["WELTOFFEN_SECRET_KEY"], "SQLALCHEMY_DATABASE_URI": url,
                      "INCIDENT_KEY": env["WELTOFFEN_INCIDENT_KEY"]})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        upgrade()
        db.session.add(User(email="member@example.org", name="Mitglied", password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def two_servers(shared_backends):
    servers, procs = [], []
    tmp_path = Path(shared_backends["WELTOFFEN_UPLOAD_FOLDER"]).parent
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTOFFEN_")}
    env.update(shared_backends, PYTHONUNBUFFERED="1")
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    try:
        for name in ("a", "b"):
            sock = _listening_socket()
            port = sock.getsockname()[1]
            log = (tmp_path / f"gunicorn-{name}.log").open("w")
            procs.append(subprocess.Popen(  # noqa: S603 - our own venv's gunicorn
                [gunicorn, "-w", "2", "-b", f"fd://{sock.fileno()}", "--chdir", str(ROOT), "wsgi:app"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                pass_fds=(sock.fileno(),)))
            log.close()
            sock.close()  # gunicorn holds its own copy
            servers.append(port)
        for port, proc in zip(servers, procs, strict=True):
            _wait_healthy(port, proc)
        yield servers
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture(autouse=True)
def _empty_limits():
    """Every test starts with no counted request (Redis DB 13 only)."""
    _flush_redis()


def _wait_healthy(port: int, proc) -> None:
    deadline, ok = time.monotonic() + 60, 0
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"gunicorn on port {port} exited with {proc.returncode}")
        try:
            ok = ok + 1 if Browser().request(port, "GET", "/healthz")[0] == 200 else 0
        except OSError:
            ok = 0
        if ok >= 4:  # both workers answer
            return
        time.sleep(0.2)
    pytest.fail(f"gunicorn on port {port} did not answer /healthz within 60 s")


def _login(browser: Browser, token_port: int, post_port: int, password: str = PASSWORD) -> int:
    token = browser.csrf(token_port, "/auth/login")
    status, _, _ = browser.request(post_port, "POST", "/auth/login",
                                   {"csrf_token": token, "email": "member@example.org", "password": password})
    return status


def test_sessions_are_shared(two_servers):
    a, b = two_servers
    me = Browser()
    assert not me.logged_in(a)
    # The login form (and its CSRF token) comes from A, the login is sent to B.
    assert _login(me, a, b) == 302
    assert me.logged_in(a) and me.logged_in(b)

    # Log out on A: the browser is logged out on B too.
    token = me.csrf(b, "/auth/account")
    assert me.request(a, "POST", "/auth/logout", {"csrf_token": token})[0] == 302
    assert not me.logged_in(b) and not me.logged_in(a)

    # A new session; a copy of its cookie works on B until the password changes on A.
    assert _login(me, b, a) == 302
    copy = Browser()
    copy.cookies = dict(me.cookies)
    assert copy.logged_in(b)
    token = me.csrf(a, "/auth/account")
    form = {"form": "password", "password-csrf_token": token, "password-current_password": PASSWORD,
            "password-password": PASSWORD + "-neu", "password-confirm": PASSWORD + "-neu"}
    assert me.request(a, "POST", "/auth/account", form, {"X-CSRFToken": token})[0] == 302
    assert not copy.logged_in(b) and not copy.logged_in(a)  # the session token in the database changed
    assert me.logged_in(b) and me.logged_in(a)


def test_login_limit_is_shared(two_servers):
    a, b = two_servers
    me = Browser()
    token = me.csrf(a, "/auth/login")
    statuses = []
    for attempt in range(LIMIT + 4):
        port = (a, b)[attempt % 2]
        form = {"csrf_token": token, "email": "member@example.org", "password": "wrong-password-1"}
        statuses.append((port, me.request(port, "POST", "/auth/login", form)[0]))
    # Four workers in two processes, one limit: LIMIT attempts in all, then 429 on both.
    assert [s for _, s in statuses[:LIMIT]] == [200] * LIMIT
    assert {(p, s) for p, s in statuses[LIMIT:]} == {(a, 429), (b, 429)}
    assert _redis_keys()  # the counter lives in Redis
    # Even the right password is refused now, on either server.
    assert _login(me, b, a) == 429 and _login(me, a, b) == 429
