"""Test fixtures: one migrated database per run (SQLite file, or a fresh PostgreSQL
database when WELTOFFEN_TEST_DATABASE_URL is set), a rollback per test, factories,
and a real SMTP server on loopback."""

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from weltoffen import create_app
from weltoffen.extensions import db as _db
from weltoffen.extensions import limiter

from .support.client import IsolatedClient
from .support.databases import create_database, drop_database
from .support.factories import Factory
from .support.smtp import SmtpServer

PG_URL = os.environ.get("WELTOFFEN_TEST_DATABASE_URL", "")


@pytest.fixture(scope="session")
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if PG_URL:
        url = create_database(PG_URL, f"weltoffen_unit_{uuid.uuid4().hex[:8]}")
        yield url
        drop_database(PG_URL, url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'unit.db'}"


def make_test_app(database_url: str, instance_path: Path, smtp_server, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "weltoffen.test",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_server.port,
        "MAIL_FROM": "weltoffen <noreply@weltoffen.test>",
        "INCIDENT_KEY": "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmc=",
        "PASSWORD_MIN_LENGTH": 10,
        # CSRF is switched on per test with the `csrf` fixture (and always in the browser).
        "WTF_CSRF_ENABLED": False,
        # Public process pages read the database at every request (their 10 s memory is
        # tested on its own in tests/dialogue/test_public.py).
        "DIALOGUE_PUBLIC_FRESH_SECONDS": 0,
        "DIALOGUE_OVERVIEW_FRESH_SECONDS": 0,
        **extra,
    }
    app = create_app(config)
    app.instance_path = str(instance_path)
    app.test_client_class = IsolatedClient
    with app.app_context():
        upgrade()
    return app


@pytest.fixture(scope="session")
def _app(database_url, tmp_path_factory, smtp_server):
    app = make_test_app(database_url, tmp_path_factory.mktemp("instance"), smtp_server)
    yield app
    with app.app_context():
        _db.engine.dispose()  # before the database is dropped


@pytest.fixture
def app(_app):
    limiter.reset()
    # The limiter is one global instance: a test that builds a second app with limits
    # off (tests/auth/test_sqlite_write_lock.py) must not switch them off for the rest.
    limiter.enabled = _app.config["RATELIMIT_ENABLED"]
    return _app


@pytest.fixture
def db(app):
    """Every test runs inside a transaction that is rolled back afterwards; the
    application's own commits become savepoints inside it."""
    with app.app_context():
        engines = _db.engines
        engine = engines[None]
        connection = engine.connect()
        outer = connection.begin()
        engines[None] = connection
        _db.session.remove()
        _db.session.configure(join_transaction_mode="create_savepoint")
        try:
            yield _db
        finally:
            _db.session.remove()
            engines[None] = engine
            outer.rollback()
            connection.close()


@pytest.fixture
def client(app, db):
    return app.test_client()


@pytest.fixture
def make(db):
    return Factory(db)


@pytest.fixture
def login(client):
    """Log a user in without the login form (the form itself is tested in test_login)."""

    def _login(user):
        with client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
        return user

    return _login


@pytest.fixture
def csrf(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def inbox(smtp_server):
    from weltoffen.platform import mail

    mail.outbox.join()  # an earlier test's queued mail is out before the inbox is emptied
    smtp_server.messages.clear()
    return smtp_server


def raw_count(table: str) -> int:
    return _db.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608
