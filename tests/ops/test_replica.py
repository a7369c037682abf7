"""Reads from a PostgreSQL streaming replica (weltoffen/platform/db/replica.py), with a real one:
a private primary and a replica made by pg_basebackup -R, streaming from it. With
replay paused on the replica, a change shows who reads where: the marked pages
(forum search here) of a person who has not written read the replica and do not see
it yet; the writer sees it at once (read-your-writes), every unmarked page reads the
primary; once replay resumes, everyone sees it. Runs in both passes of the suite (the
servers are private; ~10 s)."""

import time

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from weltoffen import create_app
from weltoffen.extensions import db
from weltoffen.forum.discussions import services as forum
from weltoffen.platform.db.replica import WROTE_AT

from ..support.factories import Factory
from .faults_support import private_postgres, unavailable_postgres

KEY = "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmc="


@pytest.fixture(scope="module")
def cluster():
    reason = unavailable_postgres()
    if reason:
        pytest.fail(f"a private PostgreSQL primary and replica are needed: {reason}")
    with private_postgres() as primary:
        replica = primary.start_replica()
        try:
            primary.create_database("weltoffen")
            yield primary, replica
        finally:
            replica.stop()


def _on(url: str, sql: str):
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            return conn.execute(sa.text(sql)).scalar()
    finally:
        engine.dispose()


def caught_up(primary, replica, timeout: float = 30) -> None:
    lsn = _on(primary.url("weltoffen"), "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # bounded
        if _on(replica.url("weltoffen"), f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"):
            return
        time.sleep(0.05)
    raise AssertionError("the replica did not catch up")


@pytest.fixture(scope="module")
def world(cluster, tmp_path_factory):
    primary, replica = cluster
    app = create_app({
        "TESTING": True, "SECRET_KEY": "replica-test-secret", "INCIDENT_KEY": KEY,
        "SQLALCHEMY_DATABASE_URI": primary.url("weltoffen"), "REPLICA_URL": replica.url("weltoffen"),
        "WTF_CSRF_ENABLED": False, "RATELIMIT_ENABLED": False,
    })
    app.instance_path = str(tmp_path_factory.mktemp("replica-instance"))
    with app.app_context():
        upgrade()
        make = Factory(db)
        network = make.network()
        town = make.municipality(network)
        reader, writer = make.user(municipality=town), make.user(municipality=town)
        category = forum.create_category(reader, network, title="Allgemeines")
        forum.start_topic(reader, category, "Zwiebelmarkt im Herbst", "Wie organisiert ihr den Zwiebelmarkt?")
        db.session.commit()
        ids = {"reader": reader.session_token, "writer": writer.session_token, "category": category.id}
        db.session.remove()
    caught_up(primary, replica)
    yield app, ids
    with app.app_context():
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def client_of(app, token: str):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    return client


#: The rest of each topic's title: the search page repeats the query itself in its box
#: and wraps the matched word in <mark>.
TITLE_REST = {"Zwiebelmarkt": b"im Herbst", "Kartoffelfest": b"im Dorf"}


def found(client, word: str) -> bool:
    response = client.get(f"/forum/search?q={word}")
    assert response.status_code == 200
    return TITLE_REST[word] in response.data


def test_engines_point_at_primary_and_replica(world):
    app, _ids = world
    with app.app_context():
        assert db.engines["replica"].url.port != db.engine.url.port
        with db.engines["replica"].connect() as conn:
            assert conn.execute(sa.text("SELECT pg_is_in_recovery()")).scalar() is True


def test_marked_pages_read_the_replica_and_writers_read_their_writes(world, cluster):
    app, ids = world
    primary, replica = cluster
    reader, writer = client_of(app, ids["reader"]), client_of(app, ids["writer"])
    assert found(reader, "Zwiebelmarkt") and found(writer, "Zwiebelmarkt")

    _on(replica.url("weltoffen"), "SELECT pg_wal_replay_pause()")
    try:
        topic = {"title": "Kartoffelfest im Dorf", "body": "Wer hat Erfahrung mit einem Kartoffelfest?"}
        response = writer.post(f"/forum/categories/{ids['category']}/topics/new", data=topic)
        assert response.status_code == 302, response.data[:500]
        with writer.session_transaction() as session:
            assert session.get(WROTE_AT)  # the writer reads from the primary for a while
        assert found(writer, "Kartoffelfest")  # read-your-writes: the primary
        assert not found(reader, "Kartoffelfest")  # the replica, paused before the change
        index = reader.get(f"/forum/categories/{ids['category']}")  # not marked: the primary
        assert index.status_code == 200 and b"Kartoffelfest im Dorf" in index.data
        app.config["REPLICA_GRACE_SECONDS"] = 0  # the grace period is over
        try:
            assert not found(writer, "Kartoffelfest")  # now the writer reads the replica too
        finally:
            app.config["REPLICA_GRACE_SECONDS"] = 10
    finally:
        _on(replica.url("weltoffen"), "SELECT pg_wal_replay_resume()")
    caught_up(primary, replica)
    assert found(reader, "Kartoffelfest")


def test_without_a_replica_url_everything_reads_the_primary(world, tmp_path_factory):
    app, ids = world
    plain = create_app({"TESTING": True, "SECRET_KEY": "replica-test-secret", "INCIDENT_KEY": KEY,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    plain.instance_path = str(tmp_path_factory.mktemp("plain-instance"))
    with plain.app_context():
        assert set(db.engines) == {None}
    assert found(client_of(plain, ids["reader"]), "Zwiebelmarkt")
    with plain.app_context():
        db.engine.dispose()
