"""Autosave under load: N team members autosave answers at the same time through
gunicorn, then the database is read directly and every acknowledged save must be
there, exactly once.

    .venv/bin/python bench/autosave.py [--db sqlite|postgresql|both] [--clients 32]
        [--saves 40] [--repeats 3] [--workers 4] [--threads 1] [--quick]
        [--login-probe SECONDS]

Per database: a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database created beside --pg-url and dropped afterwards), migrations, the main
questionnaire, one network, one municipality, an open round and one member account
per client. gunicorn serves the app on 127.0.0.1 (free port). Every client logs in as
its own member, opens the first dimension page for the CSRF token and sends --saves
autosave requests (POST /selfcheck/submissions/<id>/answers/<key>, as htmx does).
Every --hot-every-th save is a "hot" round: all clients wait at a barrier and then
write the SAME question at the same moment, each with two overlapping requests from
its own session (a double-fire: two tabs, or a retry) - so the submission row and
one answer row per member are written concurrently (INSERT ... ON CONFLICT).

Afterwards the answer table is read with SQLAlchemy (not through the app):
  lost saves  acknowledged (HTTP 200) but the stored answer is not the last acknowledged
              one (for overlapping requests: any write no other write started after)
  duplicates  more than one row per submission + question + member
  5xx         server errors, by status
The autosave phase runs --repeats times, each between two baseline phases in which the
same number of clients each send --saves requests to GET /healthz (SELECT 1, no
session) at once; ratios are taken per repeat against the baselines around it.
Figures are medians/percentiles; results go to bench/results.json under "autosave"
(sub-key "full" or "quick"). Exit status 1 when anything was lost, duplicated or
answered with 5xx, or when a client could not run (login, CSRF, 4xx).

Login rate limits are switched off (WELTOFFEN_RATELIMIT_ENABLED=false): all clients log
in from 127.0.0.1, which the default limit (10 per minute per address) would stop.
Only 127.0.0.1 is contacted; nothing is downloaded; every loop is bounded.

This file is the entry point (command line, one run per database, exit status). The
scenario is in autosave_scenario.py, the verification and figures in autosave_results.py,
--login-probe in autosave_probe.py; databases, gunicorn, the HTTP client, the baseline,
statistics and results.json in common/, shared with the other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# Sibling modules (common/, autosave_*.py) whichever way this file is started.
sys.path.insert(0, str(Path(__file__).resolve().parent))

from autosave_probe import login_probe
from autosave_results import read_answers, summarise, table_rows
from autosave_scenario import autosave_phase, login_all, setup_fixture
from common import ROOT
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database
from common.load import baseline
from common.report import finish, log, print_table
from common.server import gunicorn, scan_log


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    log(f"{kind}: preparing a fresh database")
    log_path = tmp / f"gunicorn-{kind}.log"
    with fresh_database(kind, tmp, args.pg_url, label="autosave") as url:
        fixture = setup_fixture(url, args.clients, settings)
        log(f"{kind}: migrated and loaded in {fixture.setup_seconds:.1f}s "
            f"({len(fixture.questions)} questions, {len(fixture.users)} members)")
        with gunicorn(settings.environment(url), log_path, args.workers, args.threads) as server:
            log(f"{kind}: gunicorn on 127.0.0.1:{server.port} ({args.workers} workers"
                f"{f' x {args.threads} threads' if args.threads > 1 else ', sync'})")
            started = time.perf_counter()
            sessions = login_all(server.port, fixture)
            login_wall = time.perf_counter() - started
            log(f"{kind}: {sum(not s.error for s in sessions)}/{len(sessions)} logged in "
                f"({login_wall:.1f}s)")
            # baseline, autosave, baseline, autosave, ..., baseline
            base_runs = [baseline(server.port, args.clients, args.saves)]
            phases = []
            for repeat in range(args.repeats):  # bounded: --repeats
                phases.append(autosave_phase(fixture, args, sessions, repeat))
                base_runs.append(baseline(server.port, args.clients, args.saves))
                wall = phases[-1]["wall"]
                log(f"{kind}: repeat {repeat + 1}/{args.repeats}: autosave "
                    f"{f'{wall:.1f}s' if wall else 'failed'}, baselines "
                    f"{base_runs[-2]['wall']:.1f}s / {base_runs[-1]['wall']:.1f}s")
            probe = None
            if args.login_probe and not sessions[0].error:
                probe = login_probe(server.port, fixture, sessions[0], url, args.login_probe,
                                    args.workers)
                log(f"{kind}: login probe {probe['report']}")
        stored, duplicates = read_answers(url, fixture.submission_id)
    extra = [probe["run"]] if probe else []
    result = summarise(kind, sessions, phases, base_runs, stored, duplicates, extra)
    if probe:
        result["login_probe"] = probe["report"]
    result["login_wall_seconds"] = round(login_wall, 2)
    result["server_log"] = scan_log(log_path)
    result["gunicorn"] = server.command_line
    result["setup_seconds"] = round(fixture.setup_seconds, 2)
    if result["server_log"]["tracebacks"] or result["errors"]["failed_clients"]:
        keep = ROOT / "bench" / f"autosave-gunicorn-{kind}.log"
        keep.write_text(log_path.read_text(errors="replace"))
        result["server_log"]["kept_as"] = str(keep.relative_to(ROOT))
    return result


def report_problems(results: dict) -> list[str]:
    """Print the login probe and any problem per database; the FAILED lines."""
    failed = []
    for kind, r in results.items():
        if r["lost_saves"] or r["duplicates"] or r["server_errors_5xx"]:
            failed.append(f"{kind}: {r['lost_saves']} lost, {r['duplicates']} duplicates, "
                          f"{r['server_errors_5xx']} 5xx")
        if r["errors"]["failed_clients"] or r["errors"]["non_200"] > r["server_errors_5xx"]:
            failed.append(f"{kind}: {r['errors']['failed_clients']} clients failed "
                          f"{r['errors']['examples']}, statuses {r['statuses']}")
        if "login_probe" in r:
            lp = r["login_probe"]
            print(f"{kind}: login probe: one member saving alone p50/p95 "
                  f"{lp['saver_alone']['p50_ms']} / {lp['saver_alone']['p95_ms']} ms; while "
                  f"{lp['logging_in']} members log in {lp['saver_during_logins']['p50_ms']} / "
                  f"{lp['saver_during_logins']['p95_ms']} ms (max "
                  f"{lp['saver_during_logins']['max_ms']} ms)")
            if "write_lock" in lp:
                wl = lp["write_lock"]
                print(f"{kind}: one member logging in repeatedly keeps the SQLite write lock "
                      f"{wl['write_lock_unavailable_share']:.0%} of the time "
                      f"({wl['one_member_logging_in_repeatedly']} logins in {wl['seconds']} s, "
                      f"longest {wl['longest_ms']} ms)")
        if r["verification"]["lost_examples"]:
            print(f"{kind}: lost saves, e.g. {r['verification']['lost_examples'][:2]}")
        if r["server_log"]["first_traceback"]:
            print(f"{kind}: first traceback in the gunicorn log:")
            print(r["server_log"]["first_traceback"])
    return failed


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--saves", type=int, default=None,
                        help="autosaves per client and repeat (40; quick: 12)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="autosave phases per database, each between two baselines (3)")
    parser.add_argument("--hot-every", type=int, default=None,
                        help="every n-th save all clients write the same question "
                        "(10; quick: 4); 0: never")
    parser.add_argument("--twins", action=argparse.BooleanOptionalAction, default=True,
                        help="hot saves are sent twice at once from the same session")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=1,
                        help="gunicorn --threads (1: sync worker)")
    parser.add_argument("--quick", action="store_true",
                        help="fewer saves: both databases in < 2 min")
    parser.add_argument("--login-probe", type=float, default=0, metavar="SECONDS",
                        help="afterwards: save latency of one member alone and while others "
                        "(workers/2) log in, SECONDS each (off by default)")
    parser.add_argument("--seed", default="weltoffen-autosave")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL,
                        help="maintenance database; the bench database is created beside it")
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    if args.saves is None:
        args.saves = 12 if args.quick else 40
    if args.hot_every is None:
        args.hot_every = 4 if args.quick else 10
    if min(args.clients, args.saves, args.workers, args.threads, args.repeats) < 1:
        parser.error("--clients, --saves, --repeats, --workers and --threads must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    log("login rate limits are OFF for this run (WELTOFFEN_RATELIMIT_ENABLED=false): "
        f"{args.clients} logins from 127.0.0.1 would hit the per-address limit")
    settings = AppSettings.generate()
    results: dict = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="weltoffen-autosave-") as tmpdir:
        for kind in kinds:
            results[kind] = run_database(kind, args, settings, Path(tmpdir))
    total = time.perf_counter() - started
    print_table(results, table_rows(args.clients, args.saves),
                title=f"gunicorn: {results[kinds[0]]['gunicorn']}  (WELTOFFEN_RATELIMIT_ENABLED=false)")
    failed = report_problems(results)
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/autosave.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(),
        "settings": {
            "clients": args.clients, "saves_per_client_and_repeat": args.saves,
            "repeats": args.repeats, "hot_every": args.hot_every,
            "twins": args.twins, "workers": args.workers, "threads": args.threads,
            "ratelimit_enabled": False, "login_probe_seconds": args.login_probe,
        },
        "total_seconds": round(total, 1),
        "ok": not failed,
        "databases": results,
    }
    return finish("autosave", args.quick, not args.no_write, payload, failed, total)


if __name__ == "__main__":
    sys.exit(main())
