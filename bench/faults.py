"""Fault scenarios through gunicorn, per database: 32 concurrent writers, a worker
SIGKILLed in the middle of an autosave / a submission / an evidence upload (held there
by weltoffen/platform/web/faults.py), random worker kills under autosave load, a full upload disk
(a tmpfs as UPLOAD_FOLDER), and - on a private PostgreSQL server - restarts under load
(-m fast, -m immediate). Counts per scenario into bench/results.json under "faults".

    .venv/bin/python bench/faults.py            # both databases, 32 x 40 saves, 5 random kills
    .venv/bin/python bench/faults.py --quick    # SQLite only, 32 x 10 saves, 2 random kills; restart
    .venv/bin/python bench/faults.py --db sqlite   # no PostgreSQL at all

The PostgreSQL runs use a private server (initdb in a temporary folder, its own port):
the shared server on 5432 is never stopped. The exit status is 1 when any scenario
lost, duplicated or half-wrote anything, answered 5xx where it must not, or did not
recover by itself.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from autosave_scenario import autosave_phase, login_all  # noqa: E402
from common.report import finish, log, print_table  # noqa: E402
from common.server import scan_log  # noqa: E402
from faults_pg import available, private_postgres  # noqa: E402
from faults_scenarios import (  # noqa: E402
    disk_full,
    kill_autosave,
    kill_submit,
    kill_upload,
    random_kills,
    restart_under_load,
    verify_saves,
)
from faults_world import TmpfsUnavailable, fill, lead_client, official_client, served, tmpfs  # noqa: E402

MEMBERS = 32
WORKERS = 3


def run_database(kind: str, url: str, args: argparse.Namespace, tmp: Path) -> dict:
    results: dict = {}
    with ExitStack() as stack:
        try:
            upload_root = stack.enter_context(tmpfs("64m"))
        except TmpfsUnavailable as exc:
            log(f"{kind}: {exc}; the disk-full scenario is skipped")
            upload_root = None
        srv = stack.enter_context(served(url, tmp, MEMBERS, WORKERS, upload_root))
        sessions = login_all(srv.port, srv.world.fixture)
        log(f"{kind}: gunicorn -w {WORKERS} on port {srv.port}, "
            f"{sum(not s.error for s in sessions)}/{len(sessions)} members logged in")
        phase = autosave_phase(srv.world.fixture, argparse.Namespace(
            seed="faults", saves=args.saves, hot_every=5, twins=True), sessions, 0)
        results["writers_32"] = verify_saves(srv.world, phase["runs"])
        log(f"{kind}: 32 writers {_brief(results['writers_32'])}")
        for point in ("before_commit", "after_commit"):
            results[f"kill_autosave_{point}"] = kill_autosave(
                srv.server, srv.world, srv.fault_dir, sessions, point, WORKERS, background=8)
            log(f"{kind}: kill in autosave at {point}: {_brief(results[f'kill_autosave_{point}'])}")
        results["kill_submit"] = kill_submit(srv.server, srv.world, srv.fault_dir,
                                             lead_client(srv.port, srv.world), WORKERS)
        official = official_client(srv.port, srv.world)
        results["kill_upload"] = kill_upload(srv.server, srv.world, srv.fault_dir, official, WORKERS,
                                             srv.upload_root, srv.env)
        log(f"{kind}: kill in submit/upload: recovered in {results['kill_submit']['recovery_seconds']}s / "
            f"{results['kill_upload']['recovery_seconds']}s, sweep: {results['kill_upload']['sweep']}")
        results["random_kills"] = random_kills(srv.server, srv.world, sessions, args.kills, WORKERS)
        log(f"{kind}: {args.kills} random kills: {_brief(results['random_kills'])}")
        if upload_root is not None:
            results["disk_full"] = disk_full(srv.world, official, upload_root, fill)
            log(f"{kind}: disk full after {results['disk_full']['acknowledged']} uploads: "
                f"{results['disk_full']['refused_status']}")
    results["server_log"] = scan_log(tmp / "gunicorn.log")
    return results


def run_restart(args: argparse.Namespace, tmp: Path) -> dict:
    reason = available()
    if reason:
        log(f"postgresql restart: skipped ({reason})")
        return {"skipped": reason}
    with private_postgres() as pg:
        url = pg.create_database("faults")
        with served(url, tmp, 8, WORKERS) as srv:
            sessions = login_all(srv.port, srv.world.fixture)
            result = restart_under_load(srv.world, sessions, pg.restart, settle=args.settle)
        result["server_log"] = scan_log(tmp / "gunicorn.log")
    log(f"postgresql restart: {_brief(result)}; {result['restarts']}")
    return result


def _brief(r: dict) -> str:
    return (f"sent {r['sent']}, acknowledged {r['acknowledged']}, lost {r['lost']}, "
            f"duplicated {r['duplicated']}, 5xx {r['server_errors_5xx']}, connection failures "
            f"{r['connection_failures']}")


def problems(kind: str, r: dict) -> list[str]:
    failed = []
    for name in ("writers_32", "kill_autosave_before_commit", "kill_autosave_after_commit", "random_kills"):
        s = r[name]
        if s["lost"] or s["duplicated"] or s["server_errors_5xx"]:
            failed.append(f"{kind} {name}: {_brief(s)}")
    if r["writers_32"]["acknowledged"] != r["writers_32"]["sent"]:
        failed.append(f"{kind} writers_32: not every save acknowledged {r['writers_32']['statuses']}")
    if r["kill_autosave_before_commit"]["killed_request_stored"]:
        failed.append(f"{kind}: an uncommitted autosave was stored")
    sub = r["kill_submit"]
    if sub["half_submitted_after_kill"] or sub["half_submitted_final"] or sub["final"]["status"] != "submitted":
        failed.append(f"{kind} kill_submit: {sub}")
    up = r["kill_upload"]
    if any(up["final"][k] for k in ("rows_without_file", "files_without_row", "temporary_files")):
        failed.append(f"{kind} kill_upload: {up['final']}")
    if r["random_kills"]["unrecovered"]:
        failed.append(f"{kind} random_kills: {r['random_kills']['unrecovered']} kills without recovery")
    disk = r.get("disk_full")
    if disk and (disk["refused_status"] != 507 or not disk["message_and_form_kept"]
                 or disk["upload_after_freeing"] != 302
                 or any(disk["final"][k] for k in ("rows_without_file", "files_without_row", "temporary_files"))):
        failed.append(f"{kind} disk_full: {disk}")
    return failed


def restart_problems(r: dict) -> list[str]:
    if "skipped" in r:
        return []
    failed = []
    if r["lost"] or r["duplicated"] or r["connection_failures"] or r["max_latency_seconds"] > 15:
        failed.append(f"postgresql restart: {_brief(r)}, max latency {r['max_latency_seconds']}s")
    for event in r["restarts"]:
        if set(event["failed_statuses"]) - {503} or event["recovery_seconds"] is None \
                or event["failed_after_recovery"]:
            failed.append(f"postgresql restart -m {event['mode']}: {event}")
    return failed


def table_rows() -> list:
    def cell(name, fmt):
        return lambda r: fmt(r[name]) if name in r else "-"

    return [
        ("32 writers: sent/ack/lost/dup/5xx", cell("writers_32", lambda s: (
            f"{s['sent']}/{s['acknowledged']}/{s['lost']}/{s['duplicated']}/{s['server_errors_5xx']}"))),
        ("kill autosave before commit: stored", cell("kill_autosave_before_commit",
                                                     lambda s: f"{s['killed_request_stored']} "
                                                               f"(recovered {s['recovery_seconds']}s)")),
        ("kill autosave after commit: stored", cell("kill_autosave_after_commit",
                                                    lambda s: f"{s['killed_request_stored']} "
                                                              f"(recovered {s['recovery_seconds']}s)")),
        ("kill submit: after kill / final", cell("kill_submit", lambda s: (
            f"{s['after_kill']['status']}/{s['final']['status']} ({s['recovery_seconds']}s)"))),
        ("kill upload: orphans before/after sweep", cell("kill_upload", lambda s: (
            f"{s['after_kill']['files_without_row']}/{s['after_sweep']['files_without_row']} "
            f"({s['recovery_seconds']}s)"))),
        ("random kills: kills/lost/dup/5xx/conn", cell("random_kills", lambda s: (
            f"{s['kills']}/{s['lost']}/{s['duplicated']}/{s['server_errors_5xx']}/{s['connection_failures']}"))),
        ("random kills: recovery max s", cell("random_kills", lambda s: str(s["recovery_seconds_max"]))),
        ("disk full: acked/refused/after freeing", cell("disk_full", lambda s: (
            f"{s['acknowledged']}/{s['refused_status']}/{s['upload_after_freeing']}"))),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default=None,
                        help="where the kill and disk scenarios run (both; quick: sqlite, the "
                        "PostgreSQL restart still runs unless --db sqlite)")
    parser.add_argument("--quick", action="store_true", help="fewer saves and kills")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    args.saves, args.kills, args.settle = (10, 2, 1.5) if args.quick else (40, 5, 3.0)
    db = args.db or ("sqlite" if args.quick else "both")
    kinds = ["sqlite", "postgresql"] if db == "both" else [db]
    restart = None
    results: dict = {}
    failed: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="weltoffen-faults-") as tmpdir:
        for kind in kinds:
            tmp = Path(tmpdir) / kind
            tmp.mkdir()
            if kind == "sqlite":
                results[kind] = run_database(kind, f"sqlite:///{tmp / 'faults.db'}", args, tmp)
            else:
                if available():
                    log(f"postgresql: skipped ({available()})")
                    continue
                with private_postgres() as pg:
                    results[kind] = run_database(kind, pg.create_database("faults"), args, tmp)
            failed += problems(kind, results[kind])
        if args.db != "sqlite":
            tmp = Path(tmpdir) / "restart"
            tmp.mkdir()
            restart = run_restart(args, tmp)
            failed += restart_problems(restart)
    total = time.perf_counter() - started
    if results:
        print_table(results, table_rows(), title=f"gunicorn -w {WORKERS}, {MEMBERS} members")
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/faults.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(),
        "settings": {"members": MEMBERS, "workers": WORKERS, "saves_per_client": args.saves,
                     "random_kills": args.kills, "restart_settle_seconds": args.settle},
        "total_seconds": round(total, 1),
        "ok": not failed,
        "databases": results,
        "postgresql_restart": restart,
    }
    return finish("faults", args.quick, not args.no_write, payload, failed, total)


if __name__ == "__main__":
    sys.exit(main())
