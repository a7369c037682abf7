"""On SQLite a writing request holds the database's write lock from its first
statement (BEGIN IMMEDIATE). Password hashing takes ~0.2 s of CPU, so logins and
password changes must not hold the lock meanwhile, or every autosave waits.
Uses its own SQLite database whatever the suite runs on: the lock is SQLite's."""

import sqlite3

import pytest

from weltoffen.auth import passwords, services
from weltoffen.auth.models import User
from weltoffen.extensions import db

from ..conftest import make_test_app
from ..support.factories import PASSWORD


@pytest.fixture(scope="module")
def sqlite_app(tmp_path_factory, smtp_server):
    path = tmp_path_factory.mktemp("lock") / "lock.db"
    app = make_test_app(f"sqlite:///{path}", tmp_path_factory.mktemp("lock-instance"), smtp_server,
                        RATELIMIT_ENABLED=False)
    with app.app_context():
        db.session.add(User(email="lock@example.org", name="Lock", password_hash=passwords.hash_password(PASSWORD)))
        db.session.commit()
        db.session.remove()
    yield app, path
    with app.app_context():
        db.engine.dispose()


def _lock_is_free(path) -> bool:
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        other.close()


@pytest.mark.parametrize("password", [PASSWORD, "wrong password"])
def test_login_does_not_hold_the_write_lock_while_hashing(sqlite_app, monkeypatch, password):
    app, path = sqlite_app
    seen = []
    real_verify = services.verify_password

    def verify(stored, given):
        seen.append(_lock_is_free(path))
        return real_verify(stored, given)

    monkeypatch.setattr(services, "verify_password", verify)
    r = app.test_client().post("/auth/login", data={"email": "lock@example.org", "password": password})
    assert r.status_code in (200, 302)
    assert seen == [True]


def test_new_password_hash_is_computed_without_the_lock(sqlite_app, monkeypatch):
    app, path = sqlite_app
    seen = []
    real_hash = services.hash_password

    def hash_(password):
        seen.append(_lock_is_free(path))
        return real_hash(password)

    monkeypatch.setattr(services, "hash_password", hash_)
    client = app.test_client()
    client.post("/auth/login", data={"email": "lock@example.org", "password": PASSWORD})
    r = client.post("/auth/account", data={
        "form": "password", "password-current_password": PASSWORD,
        "password-password": "ein neues passwort", "password-confirm": "ein neues passwort"})
    assert r.status_code == 302
    assert seen == [True]
