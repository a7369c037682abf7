"""Mixed load at national scale: gunicorn with several sync workers serves the app on
SQLite and on PostgreSQL, and this process drives it over loopback with a mix of
concurrent users - team members autosaving, leads opening their benchmark page,
coordinators opening the heatmap, forum readers and posters, officials recording
incidents - each beside the minimal Flask page measured in the same run under the
same concurrency.

    .venv/bin/python bench/load_benchmark.py [--db sqlite|postgresql|both] [--quick]
        [--municipalities 10800] [--topics N --posts N] [--workers 4] [--requests N]
        [--users autosave=8,benchmark_page=4,...]

Per database: a fresh database (an SQLite file in a temporary folder, or a PostgreSQL
database beside --pg-url, dropped afterwards), migrations, then load_data.generate():
a forum (forum_data; quick: 500 topics / 5,000 posts, full: 20,000 / 200,000), the
national-scale network (peer_data: ~10,800 municipalities, 3 rounds, all submitted),
aggregates, draft self-checks in the open round with autosaving teams, coordinators
and officials with TOTP. gunicorn serves bench/load_wsgi.py (the app plus a SQL
statement count in a response header). Then (load_run.py): every user logs in at once;
a warm-up mix (not timed); the minimal page; the timed mix (every user sends --requests
requests, all started together); the minimal page again; the SQL statements of every
request kind (one request at a time); the peak memory of the master and every worker
(VmHWM, read before gunicorn stops).

Results: bench/results.json -> "load" -> "quick" | "full", and a table. Only 127.0.0.1 is
contacted; every loop is bounded. Exit status 1 on any unexpected status (a 5xx, a
refused post, ...), a failed login, or a traceback in the gunicorn log.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import finish, log
from common.server import memory, scan_log, start_gunicorn, stop_gunicorn
from common.stats import median, ms
from load_data import generate
from load_results import TABLE_NOTE, failures, kinds, print_kinds
from load_run import count_sql, log_in_all, minimal, mix
from load_users import ROLES, make_users
from peer_measure import minimal_gunicorn

DEFAULT_USERS = {"autosave": 8, "benchmark_page": 4, "heatmap": 2, "forum_read": 6, "forum_post": 2,
                 "incident": 2}
#: --quick: half as many users (each login costs an argon2 hash, ~0.25 s of a core).
QUICK_USERS = {"autosave": 4, "benchmark_page": 2, "heatmap": 1, "forum_read": 3, "forum_post": 1,
               "incident": 1}


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path,
                 minimal_port: int) -> tuple[dict, threading.Thread, Path]:
    """One database's run; returns its result, the thread stopping its gunicorn and
    the gunicorn log (scanned when the thread is done)."""
    started = time.perf_counter()
    result: dict = {"users": args.users}
    phases: dict[str, float] = {}
    mark = [time.perf_counter()]

    def phase(name: str) -> None:
        now = time.perf_counter()
        phases[name] = round(now - mark[0], 1)
        mark[0] = now

    with fresh_database(kind, tmp, args.pg_url, label="load") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating the world")
            phase("create_and_migrate")
            world = generate(args, random.Random(args.seed), log)
        phase("generate")
        result["data"] = {**world.summary, "seconds": world.seconds}
        uploads = tmp / f"uploads-{kind}"
        uploads.mkdir()
        env = {**settings.environment(url), "WELTOFFEN_BENCH_COUNT_SQL": "1",
               "WELTOFFEN_UPLOAD_FOLDER": str(uploads)}
        log_path = tmp / f"gunicorn-load-{kind}.log"
        server = start_gunicorn(env, log_path, args.workers, app="bench.load_wsgi:app")
        try:
            log(f"{kind}: gunicorn on :{server.port} ({args.workers} workers)")
            phase("gunicorn_start")
            users = make_users(server.port, world, args.users, args.poster_accounts, args.seed)
            t = time.perf_counter()
            result["login_errors"] = log_in_all(users)
            result["login_seconds"] = round(time.perf_counter() - t, 1)
            phase("log_in")
            log(f"{kind}: {len(users)} users logged in in {result['login_seconds']} s"
                f"{'; errors: ' + str(result['login_errors']) if result['login_errors'] else ''}")
            mix(users, args.warm)  # warm-up: every worker renders each kind once or more
            phase("warm_up")
            active = sum(1 for u in users if not u.error)
            baselines = [minimal(minimal_port, active, args.requests)]
            timed = mix(users, args.requests)
            baselines.append(minimal(minimal_port, active, args.requests))
            phase("minimal_mix_minimal")
            log(f"{kind}: mix {len(timed['samples'])} requests in {timed['wall']:.1f} s; counting SQL")
            sql = count_sql(users, args.sql_repeats)
            sql["minimal"] = {"alone_p50_ms": ms(median(minimal(minimal_port, 1, 20)["latencies"]))}
            result["memory"] = memory(server)  # before the workers go
            phase("count_sql")
        except BaseException:
            stop_gunicorn(server)
            raise
        # gunicorn's master takes ~5 s to exit after its workers: stop it while the
        # next database is generated; main() scans the log once it is done.
        stopping = threading.Thread(target=stop_gunicorn, args=(server,))
        stopping.start()
        result["kinds"] = kinds(timed, baselines, sql)
        result["gunicorn"] = server.command_line
        if kind == "postgresql":
            stopping.join()  # no worker may hold a connection while the database is dropped
    phase("drop_database")
    result["phase_seconds"] = phases
    log(f"{kind}: seconds per phase {phases}")
    k = result["kinds"]
    log(f"{kind}: minimal p50 {k['minimal']['p50_ms']} ms; " + "; ".join(
        f"{name} {v['p50_ms']} ms ({v['p50_ratio_minimal']}x)" for name, v in k.items()
        if name not in ("minimal", "overall")))
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result, stopping, log_path


def parse_users(text: str | None) -> dict[str, int]:
    users = dict.fromkeys(DEFAULT_USERS, 0)
    for part in filter(None, (text or "").split(",")):
        role, _, n = part.partition("=")
        if role not in users or not n.isdigit():
            raise argparse.ArgumentTypeError(f"--users: {part!r} (roles: {', '.join(ROLES)})")
        users[role] = int(n)
    return users


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="a small forum, fewer requests")
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--topics", type=int, default=None, help="forum topics (20,000; quick: 500)")
    parser.add_argument("--posts", type=int, default=None, help="forum posts (200,000; quick: 5,000)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--users", type=parse_users, default=None,
                        help="users per role, e.g. autosave=8,heatmap=2 (roles not named: 0; default "
                             + ",".join(f"{k}={v}" for k, v in DEFAULT_USERS.items()) + "; quick: half)")
    parser.add_argument("--requests", type=int, default=None, help="timed requests per user (40; quick: 12)")
    parser.add_argument("--warm", type=int, default=None, help="untimed requests per user first (4; quick: 2)")
    parser.add_argument("--poster-accounts", type=int, default=None,
                        help="accounts per forum poster, used in turn (10; quick: 5)")
    parser.add_argument("--team-size", type=int, default=4, help="autosaving members per draft self-check")
    parser.add_argument("--sql-repeats", type=int, default=None, help="requests per kind counted (2; quick: 1)")
    parser.add_argument("--seed", default="weltoffen-load")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    q = args.quick
    args.users = args.users or dict(QUICK_USERS if q else DEFAULT_USERS)
    args.topics = args.topics or (500 if q else 20_000)
    args.posts = args.posts or (5_000 if q else 200_000)
    args.requests = args.requests or (12 if q else 40)
    args.warm = args.warm if args.warm is not None else (2 if q else 4)
    args.poster_accounts = args.poster_accounts or (5 if q else 10)
    args.sql_repeats = args.sql_repeats or (1 if q else 2)
    if min(args.municipalities, args.workers, args.requests, args.team_size) < 1:
        parser.error("--municipalities, --workers, --requests and --team-size must be at least 1")
    if args.topics < 50 or args.posts < args.topics + 300:
        parser.error("--topics at least 50, --posts at least --topics + 300")
    if sum(args.users.values()) < 1:
        parser.error("--users: at least one user")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    names = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    settings = AppSettings.generate()
    results: dict = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="weltoffen-load-") as tmpdir:
        tmp = Path(tmpdir)
        with minimal_gunicorn(args.workers, tmp / "gunicorn-minimal.log") as minimal_server:
            stopping = []
            for name in names:
                results[name], thread, log_path = run_database(name, args, settings, tmp, minimal_server.port)
                stopping.append((name, thread, log_path))
        for name, thread, log_path in stopping:
            thread.join()
            results[name]["server_log"] = scan_log(log_path)
    total = time.perf_counter() - started
    print(f"\nmixed load ({'quick' if args.quick else 'full'}; gunicorn -w {args.workers}, sync; "
          f"{args.requests} requests per user)\n{TABLE_NOTE}")
    print_kinds(results)
    bad = [line for name, r in results.items() for line in failures(name, r)]
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "bench/load_benchmark.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(),
        "settings": {k: v for k, v in vars(args).items() if k != "pg_url"},
        "total_seconds": round(total, 1),
        "ok": not bad,
        "databases": results,
    }
    return finish("load", args.quick, not args.no_write, payload, bad, total)


if __name__ == "__main__":
    sys.exit(main())
