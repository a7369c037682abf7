"""PostgreSQL restarted under load (a private server, never the shared one): saves
during the restart fail cleanly with a 503 page and in seconds, no acknowledged save is
lost, and the app recovers by itself (weltoffen/platform/db/postgres.py replaces dead pooled
connections) without manual help.

The private server does not depend on the suite's database, so the test runs once: in
the SQLite run of `make test` (CI's PostgreSQL run skips it to keep its time)."""

import pytest

from .faults_support import KIND, login_all, private_postgres, restart_under_load, served, unavailable_postgres


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    reason = unavailable_postgres() or (KIND == "postgresql" and "runs in the SQLite run of the suite")
    if reason:
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp("pg_restart")
    with private_postgres() as pg:
        url = pg.create_database("faults")
        with served(url, tmp, members=6, workers=2) as srv:
            sessions = login_all(srv.port, srv.world.fixture)
            assert not [s.error for s in sessions if s.error]
            yield srv, sessions, pg


def test_postgresql_restart_under_load_loses_nothing_and_recovers(loaded):
    srv, sessions, pg = loaded
    found = restart_under_load(srv.world, sessions, pg.restart, modes=("fast", "immediate"), settle=1.5)
    assert found["acknowledged"] > 0
    assert (found["lost"], found["duplicated"]) == (0, 0), found
    assert found["connection_failures"] == 0  # gunicorn answered every request
    assert found["max_latency_seconds"] < 15  # no hang
    for restart in found["restarts"]:
        assert set(restart["failed_statuses"]) <= {503}, restart  # a clean error page
        assert restart["recovery_seconds"] is not None and restart["recovery_seconds"] < 10, restart
        assert restart["failed_after_recovery"] == 0, restart
