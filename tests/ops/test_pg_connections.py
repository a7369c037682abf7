"""PostgreSQL connections (weltoffen/platform/db/postgres.py) on a fresh database of the
shared server, in both runs of the suite: reading requests run without a transaction,
writes in them stay atomic, writing requests are ordinary transactions, and a pooled
connection whose backend was terminated is replaced before a request uses it."""

import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade
from psycopg.pq import TransactionStatus

from weltoffen import create_app
from weltoffen.extensions import db
from weltoffen.platform.db import postgres as pgconnections

from ..support.databases import PG_BASE, create_database, drop_database, pg_reachable_or_fail


@pytest.fixture(scope="module")
def pg_app(tmp_path_factory):
    pg_reachable_or_fail()
    url = create_database(PG_BASE, f"weltoffen_conn_{uuid.uuid4().hex[:8]}")
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 32, "SQLALCHEMY_DATABASE_URI": url,
                      "INCIDENT_KEY": "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmc="})
    app.instance_path = str(tmp_path_factory.mktemp("pgconn"))
    with app.app_context():
        upgrade()
        db.session.execute(sa.text("CREATE TABLE probe (id serial PRIMARY KEY, note text)"))
        db.session.commit()
    try:
        yield app
    finally:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        drop_database(PG_BASE, url)


def _dbapi():
    return db.session.connection().connection.dbapi_connection


def _notes(app) -> list[str]:
    with app.app_context():
        notes = list(db.session.scalars(sa.text("SELECT note FROM probe ORDER BY id")))
        db.session.remove()
    return notes


@pytest.fixture(autouse=True)
def _empty(pg_app):
    yield
    with pg_app.app_context():
        db.session.execute(sa.text("DELETE FROM probe"))
        db.session.commit()
        db.session.remove()


def test_a_reading_request_sends_no_begin(pg_app):
    with pg_app.test_request_context("/", method="GET"):
        assert db.session.execute(sa.text("SELECT 1")).scalar() == 1
        conn = _dbapi()
        assert conn.autocommit is True
        assert conn.pgconn.transaction_status == TransactionStatus.IDLE  # no transaction open
        db.session.remove()
    assert conn.autocommit is False  # back in the pool as an ordinary connection


def test_a_write_in_a_reading_request_is_one_transaction(pg_app):
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text("INSERT INTO probe (note) VALUES ('one')"))
        assert _dbapi().pgconn.transaction_status == TransactionStatus.INTRANS
        db.session.execute(sa.text("INSERT INTO probe (note) VALUES ('two')"))
        db.session.rollback()  # the request failed: both rows go
    assert _notes(pg_app) == []
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text("INSERT INTO probe (note) VALUES ('three')"))
        db.session.execute(sa.text("INSERT INTO probe (note) VALUES ('four')"))
        db.session.commit()
        assert _dbapi().pgconn.transaction_status == TransactionStatus.IDLE
        db.session.remove()
    assert _notes(pg_app) == ["three", "four"]


def test_an_error_after_a_write_in_a_reading_request_leaves_nothing(pg_app):
    with pg_app.test_request_context("/", method="GET"):
        db.session.execute(sa.text("INSERT INTO probe (note) VALUES ('half')"))
        with pytest.raises(sa.exc.ProgrammingError):
            db.session.execute(sa.text("SELECT * FROM no_such_table"))
        db.session.remove()  # teardown after the error
    assert _notes(pg_app) == []


def test_writing_requests_and_cli_use_ordinary_transactions(pg_app):
    for context in (pg_app.test_request_context("/", method="POST"), pg_app.app_context()):
        with context:
            db.session.execute(sa.text("SELECT 1"))
            conn = _dbapi()
            assert conn.autocommit is False
            assert conn.pgconn.transaction_status == TransactionStatus.INTRANS
            db.session.remove()


@pytest.mark.parametrize("statement,expected", [
    ("SELECT 1", False),
    ("  select id FROM probe", False),
    ("SELECT id FROM probe FOR UPDATE", True),
    ("SELECT id FROM probe FOR NO KEY UPDATE", True),
    ("INSERT INTO probe (note) VALUES ('x')", True),
    ("UPDATE probe SET note = 'x'", True),
    ("DELETE FROM probe", True),
    ("WITH x AS (DELETE FROM probe RETURNING id) SELECT * FROM x", True),
    ("SAVEPOINT sa_1", True),
])
def test_what_counts_as_a_write(statement, expected):
    assert pgconnections.writes(statement) is expected


def test_a_terminated_connection_is_replaced_before_the_request_uses_it(pg_app):
    with pg_app.app_context():
        engine = db.engine
    with pg_app.test_request_context("/", method="GET"):
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        db.session.remove()
    killer = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://", 1))
    with killer.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
    killer.dispose()
    import time

    time.sleep(0.2)  # the goodbye reaches the pooled connection's socket
    with pg_app.test_request_context("/", method="GET"):
        new_pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()  # no error
        db.session.remove()
    assert new_pid != pid
    assert engine.pool.checkedout() == 0


def test_healthz_after_the_backend_was_terminated(pg_app):
    client = pg_app.test_client()
    assert client.get("/healthz").status_code == 200
    with pg_app.test_request_context("/", method="GET"):
        pids = [db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()]
        db.session.remove()
    killer = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://", 1))
    with killer.connect() as conn:
        conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pids[0]})
    killer.dispose()
    import time

    time.sleep(0.2)
    assert client.get("/healthz").status_code == 200  # not a 503: replaced before use


def test_a_transaction_whose_backend_died_ends_without_an_error(pg_app):
    """A restart terminates a writing request's open transaction: the request's end
    (errors.close_session) must not turn into a 500, and the next request works."""
    from weltoffen.platform.web import errors

    with pg_app.test_request_context("/", method="POST"):
        pid = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()  # transaction open
        killer = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://", 1))
        with killer.connect() as conn:
            assert conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
        killer.dispose()
        errors.close_session()  # ROLLBACK fails on the dead connection: invalidated, no exception
        db.session.remove()
    with pg_app.test_request_context("/", method="POST"):
        assert db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar() != pid
        db.session.remove()
