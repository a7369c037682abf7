"""A real gunicorn on the suite's database kind: 32 concurrent writers lose and duplicate
nothing; a worker SIGKILLed in the middle of an autosave, a submission and an evidence
upload (held there by weltoffen/platform/web/faults.py) leaves no acknowledged write lost, nothing
half-written that `flask files sweep` does not remove, and is replaced by gunicorn
without help."""

import argparse

import pytest

from .faults_support import (
    autosave_phase,
    database,
    kill_autosave,
    kill_submit,
    kill_upload,
    lead_client,
    login_all,
    official_client,
    served,
    verify_saves,
)

WORKERS = 2
MEMBERS = 32


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    with database(tmp, "faults_kill") as url, served(url, tmp, MEMBERS, WORKERS) as srv:
        srv.sessions = login_all(srv.port, srv.world.fixture)
        assert not [s.error for s in srv.sessions if s.error]
        yield srv


def test_32_concurrent_writers_lose_and_duplicate_nothing(world):
    args = argparse.Namespace(seed="ops", saves=10, hot_every=5, twins=True)
    phase = autosave_phase(world.world.fixture, args, world.sessions, 0)
    found = verify_saves(world.world, phase["runs"])
    assert found["sent"] >= MEMBERS * 10
    assert found["acknowledged"] == found["sent"], found["statuses"]
    assert (found["lost"], found["duplicated"], found["server_errors_5xx"]) == (0, 0, 0), found


@pytest.mark.parametrize("point", ["before_commit", "after_commit"])
def test_worker_killed_in_the_middle_of_an_autosave(world, point):
    found = kill_autosave(world.server, world.world, world.fault_dir, world.sessions, point, WORKERS)
    assert found["killed"] and found["status"] == 0  # the connection died with the worker
    # Not committed: not stored. Committed: durable, although never acknowledged.
    assert found["killed_request_stored"] is (point == "after_commit")
    assert (found["lost"], found["duplicated"], found["server_errors_5xx"]) == (0, 0, 0), found
    assert found["recovery_seconds"] is not None  # gunicorn replaced the worker by itself


def test_worker_killed_in_the_middle_of_a_submission(world):
    found = kill_submit(world.server, world.world, world.fault_dir,
                        lead_client(world.port, world.world), WORKERS)
    assert found["killed"] and found["status"] == 0
    assert found["after_kill"]["status"] != "submitted" and not found["half_submitted_after_kill"]
    assert found["recovery_seconds"] is not None
    assert found["resubmit_status"] == 302
    assert found["final"]["status"] == "submitted" and not found["half_submitted_final"]


def test_worker_killed_in_the_middle_of_an_evidence_upload(world):
    found = kill_upload(world.server, world.world, world.fault_dir, official_client(world.port, world.world),
                        WORKERS, world.upload_root, world.env)
    assert found["killed"] and found["status"] == 0
    after_kill = found["after_kill"]
    # The killed worker had written its files, the row was never committed.
    assert after_kill["rows_without_file"] == 0 and after_kill["files_without_row"] >= 1
    assert found["after_sweep"]["files_without_row"] == 0
    assert found["after_sweep"]["temporary_files"] == 0
    assert found["upload_status"] == 302 and found["rows_added"] == 1
    final = found["final"]
    assert (final["rows_without_file"], final["files_without_row"], final["temporary_files"]) == (0, 0, 0)
    assert found["recovery_seconds"] is not None
