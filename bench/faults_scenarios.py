"""Fault scenarios against a real gunicorn (bench/faults.py, tests/ops/test_faults_*.py):
SIGKILL a worker in the middle of an autosave, a submission and an evidence upload
(held at a named point by weltoffen/platform/web/faults.py, or at random under load), restart
PostgreSQL under load, and count what the clients were told against what the database
and the upload folder hold. Each returns a dict of counts; nothing here asserts.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

from autosave_results import read_answers, verify
from autosave_scenario import ClientRun, Session, make_save
from common import ROOT
from common.http_client import Client
from common.load import run_threads
from common.server import Server
from faults_world import FAULT_HEADER, World, half_submitted, image, submission_state, upload_audit, upload_evidence

MARKER_TIMEOUT = 30.0
RECOVERY_TIMEOUT = 60.0


def worker_pids(master: int) -> set[int]:
    """Live (not zombie) child processes of the gunicorn master."""
    pids = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[1]) == master:
            pids.add(int(entry))
    return pids


#: Logged by every worker once its app is created (weltoffen/platform/web/faults.py, FAULT_DIR set).
READY_LINE = "fault injection is on"


def ready_workers(server: Server) -> int:
    """How many workers have created the app so far (started and replaced ones)."""
    return server.log_path.read_text(errors="replace").count(READY_LINE)


def wait_recovered(server: Server, workers: int, killed: int, since: float, ready_before: int) -> float | None:
    """Seconds from `since` until gunicorn has replaced the killed worker, the new one has
    created the app (one more READY_LINE in the log than `ready_before`) and /healthz
    answers 200 twice per worker in a row; None on timeout."""
    ok = 0
    while time.monotonic() - since < RECOVERY_TIMEOUT:  # bounded
        pids = worker_pids(server.proc.pid)
        if killed not in pids and len(pids) >= workers and ready_workers(server) > ready_before:
            ok = ok + 1 if Client(server.port).request("GET", "/healthz").status == 200 else 0
            if ok >= 2 * workers:
                return round(time.monotonic() - since, 2)
        time.sleep(0.05)
    return None


def kill_at(server: Server, fault_dir: Path, point: str, send, workers: int) -> dict:
    """Run send() (a request carrying X-Weltoffen-Fault: point) in a thread, SIGKILL the
    worker once it reports that it holds at `point`, and wait for gunicorn to recover."""
    for old in fault_dir.glob("*"):
        old.unlink()
    answer: dict = {}
    thread = threading.Thread(target=lambda: answer.setdefault("response", send()))
    thread.start()
    deadline = time.monotonic() + MARKER_TIMEOUT
    marker = None
    while marker is None and time.monotonic() < deadline:  # bounded
        marker = next(iter(fault_dir.glob(f"*.{point}")), None)
        time.sleep(0.02)
    if marker is None:
        thread.join()
        return {"killed": False, "status": answer["response"].status}
    pid = int(marker.name.split(".")[0])
    ready = ready_workers(server)
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    thread.join()
    recovery = wait_recovered(server, workers, pid, killed_at, ready)
    return {"killed": True, "status": answer["response"].status, "recovery_seconds": recovery}


def _saver(run: ClientRun, session: Session, world: World, saves: int, seed: str) -> None:
    rng = random.Random(seed)
    questions = world.fixture.questions
    for n in range(saves):  # bounded
        q = rng.choice(questions)
        prepared = make_save(q, rng, f"{seed}-{n}")
        run.save(session, world.fixture.answer_path(q["key"]), q["key"], prepared, False, False)


def background_saves(sessions: list[Session], world: World, saves: int, tag: str) -> tuple[list, threading.Thread]:
    """Start `sessions` saving `saves` answers each in the background."""
    runs = [ClientRun(s.index, s.user_id, 0) for s in sessions]
    thread = threading.Thread(target=run_threads, args=(_saver, [
        (run, sessions[i], world, saves, f"{tag}-{i}") for i, run in enumerate(runs)]))
    thread.start()
    return runs, thread


def saving_until(stop: threading.Event, sessions: list[Session], world: World,
                 tag: str) -> tuple[list[ClientRun], threading.Thread]:
    """Start every session saving answers one after the other until `stop` is set."""
    runs = [ClientRun(s.index, s.user_id, 0) for s in sessions]

    def loop(run: ClientRun, session: Session) -> None:
        rng = random.Random(f"{tag}-{run.index}")
        for n in range(100_000):  # bounded; ends when stop is set
            if stop.is_set():
                return
            q = rng.choice(world.fixture.questions)
            run.save(session, world.fixture.answer_path(q["key"]), q["key"],
                     make_save(q, rng, f"{tag}-{run.index}-{n}"), False, False)

    thread = threading.Thread(target=run_threads, args=(loop, list(zip(runs, sessions, strict=True))))
    thread.start()
    return runs, thread


def verify_saves(world: World, runs: list[ClientRun]) -> dict:
    stored, duplicates = read_answers(world.url, world.fixture.submission_id)
    checked = verify(runs, stored["answers"])
    statuses: dict[int, int] = {}
    for run in runs:
        for w in run.writes:
            statuses[w.status] = statuses.get(w.status, 0) + 1
    return {"sent": sum(statuses.values()), "acknowledged": statuses.get(200, 0),
            "lost": checked["lost"], "duplicated": len(duplicates),
            "server_errors_5xx": sum(n for s, n in statuses.items() if s >= 500),
            "connection_failures": statuses.get(0, 0), "statuses": statuses,
            "lost_examples": checked["lost_examples"]}


def kill_autosave(server: Server, world: World, fault_dir: Path, sessions: list[Session], point: str,
                  workers: int, background: int = 4) -> dict:
    """One member's save held at `point` and its worker killed while the other sessions
    keep saving. before_commit: the answer is not stored; after_commit: it is (durable,
    though never acknowledged). Every acknowledged background save is stored."""
    victim, others = sessions[-1], sessions[:-1]
    runs, thread = background_saves(others, world, background, f"kill-{point}")
    question = world.fixture.questions[0]
    fields, expected = make_save(question, random.Random(point), f"killed-{point}")
    while expected is None:
        fields, expected = make_save(question, random.Random(point + "x"), f"killed-{point}")
    result = kill_at(server, fault_dir, point, lambda: victim.client.request(
        "POST", world.fixture.answer_path(question["key"]), form=fields,
        headers={**victim.headers(), FAULT_HEADER: point}), workers)
    thread.join()
    stored, _dups = read_answers(world.url, world.fixture.submission_id)
    actual = stored["answers"].get((victim.user_id, question["key"]))
    result["killed_request_stored"] = actual is not None and list(actual) == list(expected)
    result.update(verify_saves(world, runs))
    return result


def kill_submit(server: Server, world: World, fault_dir: Path, lead: tuple[Client, str], workers: int) -> dict:
    """The lead's submit held after its flush (status and scores written, not committed)
    and killed: the self-check is still a consistent draft; submitting again works."""
    client, csrf = lead
    result = kill_at(server, fault_dir, "before_commit", lambda: client.request(
        "POST", world.submit_path(), form=[("csrf_token", csrf), ("confirm", "y")],
        headers={FAULT_HEADER: "before_commit"}),
        workers)
    after_kill = submission_state(world.url, world.submit_id)
    again = client.request("POST", world.submit_path(), form=[("csrf_token", csrf), ("confirm", "y")])
    final = submission_state(world.url, world.submit_id)
    result.update({
        "after_kill": after_kill, "half_submitted_after_kill": half_submitted(after_kill, world.dimensions),
        "resubmit_status": again.status, "final": final,
        "half_submitted_final": half_submitted(final, world.dimensions),
    })
    return result


def sweep(env: dict[str, str], older_than_minutes: float = 0) -> str:
    """`flask files sweep --older-than N` with the app's environment; its last line."""
    full = {k: v for k, v in os.environ.items() if not k.startswith("WELTOFFEN_")}
    full.update(env, FLASK_APP="wsgi:app")
    done = subprocess.run(  # noqa: S603 - our own venv
        [str(ROOT / ".venv" / "bin" / "flask"), "files", "sweep", "--older-than", str(older_than_minutes)],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise RuntimeError(f"flask files sweep failed: {done.stderr[-3000:]}")
    return done.stdout.strip().splitlines()[-1]


def kill_upload(server: Server, world: World, fault_dir: Path, official: tuple[Client, str], workers: int,
                upload_root: Path, env: dict[str, str]) -> dict:
    """An evidence upload held after its files were written, before the commit, and
    killed: no row; the files it wrote are orphans until `flask files sweep` removes
    them. Then an upload that is acknowledged has its row and its files."""
    client, csrf = official
    before = upload_audit(world.url, upload_root)
    result = kill_at(server, fault_dir, "before_commit", lambda: upload_evidence(
        client, csrf, world, image(48, seed=1), "killed", fault="before_commit"), workers)
    result["after_kill"] = upload_audit(world.url, upload_root)
    result["sweep"] = sweep(env)
    result["after_sweep"] = upload_audit(world.url, upload_root)
    again = upload_evidence(client, csrf, world, image(48, seed=2), "again")
    result["upload_status"] = again.status
    result["final"] = upload_audit(world.url, upload_root)
    result["rows_added"] = result["final"]["rows"] - before["rows"]
    return result


def restart_under_load(world: World, sessions: list[Session], restart, modes=("fast", "immediate"),
                       settle: float = 2.0) -> dict:
    """Every session saves answers in a loop while restart(mode) restarts PostgreSQL
    (pg_ctl restart -m fast, then -m immediate), `settle` seconds apart. Per restart: the
    failed saves, and how long after the server accepted connections again the first
    save was acknowledged; afterwards no acknowledged save may be lost."""
    stop = threading.Event()
    runs, thread = saving_until(stop, sessions, world, "restart")
    restarts = []
    try:
        time.sleep(settle)
        for mode in modes:
            began = time.perf_counter()
            restart(mode)
            restarts.append({"mode": mode, "began": began, "accepting": time.perf_counter()})
            time.sleep(settle)
    finally:
        stop.set()
        thread.join()
    result = verify_saves(world, runs)
    writes = sorted((w for r in runs for w in r.writes), key=lambda w: w.started)
    for i, event in enumerate(restarts):
        # A save belongs to the last restart that began before it ended.
        until = restarts[i + 1]["began"] if i + 1 < len(restarts) else float("inf")
        window = [w for w in writes if event["began"] <= w.ended < until]
        first_ok = next((w for w in window if w.status == 200 and w.started >= event["accepting"]), None)
        failed = [w for w in window if w.status != 200]
        event.update({
            "restart_seconds": round(event["accepting"] - event["began"], 2),
            "failed_saves": len(failed),
            "failed_statuses": sorted({w.status for w in failed}),
            "recovery_seconds": round(first_ok.ended - event["accepting"], 2) if first_ok else None,
            "failed_after_recovery": sum(1 for w in failed if first_ok and w.started > first_ok.ended),
        })
        del event["began"], event["accepting"]
    result["restarts"] = restarts
    result["max_latency_seconds"] = round(max((w.ended - w.started for w in writes), default=0), 2)
    return result


def random_kills(server: Server, world: World, sessions: list[Session], kills: int, workers: int,
                 seed: int = 1) -> dict:
    """Every session saves answers while a random worker is SIGKILLed at a random moment,
    `kills` times (each after gunicorn recovered from the one before)."""
    rng = random.Random(seed)
    stop = threading.Event()
    runs, thread = saving_until(stop, sessions, world, f"random-{seed}")
    recoveries = []
    try:
        while len(recoveries) < kills:  # bounded: kills
            time.sleep(rng.uniform(0.2, 0.8))
            pids = sorted(worker_pids(server.proc.pid))
            if not pids:
                continue
            pid = rng.choice(pids)
            ready = ready_workers(server)
            os.kill(pid, signal.SIGKILL)
            recoveries.append(wait_recovered(server, workers, pid, time.monotonic(), ready))
        time.sleep(0.5)  # saves after the last recovery
    finally:
        stop.set()
        thread.join()
    result = verify_saves(world, runs)
    done = [r for r in recoveries if r is not None]
    result.update({"kills": len(recoveries), "unrecovered": len(recoveries) - len(done),
                   "recovery_seconds_max": max(done, default=None),
                   "recovery_seconds_median": sorted(done)[len(done) // 2] if done else None})
    return result


def disk_full(world: World, official: tuple[Client, str], upload_root: Path, fill, leave: int = 300_000) -> dict:
    """Fill the upload file system but `leave` bytes, upload evidence until it is refused,
    then free the space and upload again."""
    client, csrf = official
    before = upload_audit(world.url, upload_root)
    filler = fill(upload_root, leave)
    statuses, message = [], False
    for i in range(40):  # bounded
        response = upload_evidence(client, csrf, world, image(96, seed=100 + i), f"Notiz {i}")
        statuses.append(response.status)
        if response.status != 302:
            body = response.body.decode("utf-8", "replace")
            message = "Speicher voll" in body and f"Notiz {i}" in body
            break
    full = upload_audit(world.url, upload_root)
    filler.unlink()
    again = upload_evidence(client, csrf, world, image(96, seed=999), "nach dem Aufräumen")
    final = upload_audit(world.url, upload_root)
    return {"uploads_sent": len(statuses), "acknowledged": statuses.count(302),
            "refused_status": statuses[-1] if statuses and statuses[-1] != 302 else None,
            "message_and_form_kept": message, "rows_added_while_filling": full["rows"] - before["rows"],
            "when_full": full, "upload_after_freeing": again.status, "final": final}
