"""Where the time of the benchmark pages goes, in-process (Flask test client, no
gunicorn, no network) on a generated network with refreshed aggregates: per page the
median time, the SQL statements per request, and optionally a cProfile.

    .venv/bin/python bench/peer_profile.py [--db sqlite|postgresql] [--municipalities 10800]
        [--requests 30] [--profile compare,heatmap,floor] [--top 30] [--sql]

Pages: the minimal 50-row page (bench/minimal_app.py, its own app), the app's floor
(the simplest logged-in page: a lead's account page), the benchmark page of a lead
and the heatmap of a coordinator (logged in with TOTP). The clients log in through the
login forms, as browsers do. Figures are indicative only: gunicorn and HTTP add the
same overhead to every page; bench/peer_benchmark.py measures through gunicorn.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import pyotp
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.http_client import find_csrf
from common.report import log
from common.stats import median, ms, percentile
from peer_data import PASSWORD, generate

from weltoffen.benchmark import versions


class Counter:
    """SQL statements of the current request (engine event)."""

    def __init__(self):
        self.statements: list[str] = []

    def __call__(self, _conn, _cursor, statement, *_args):
        self.statements.append(statement)


def log_in(client, email: str, totp_secret: str | None = None) -> None:
    token = find_csrf(client.get("/auth/login").data)
    r = client.post("/auth/login", data={"csrf_token": token, "email": email, "password": PASSWORD})
    if totp_secret:
        token = find_csrf(client.get("/auth/login/code").data)
        r = client.post("/auth/login/code", data={"csrf_token": token, "code": pyotp.TOTP(totp_secret).now()})
    if r.status_code != 302 or "/auth/" in r.headers.get("Location", ""):
        raise RuntimeError(f"login of {email}: HTTP {r.status_code} -> {r.headers.get('Location')}")


def measure(name: str, client, path: str, n: int, counter: Counter, args) -> dict:
    for _ in range(3):  # warm
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"{name} {path}: HTTP {response.status_code}")
    seconds, cpu = [], []
    for _ in range(n):  # bounded
        if args.cold:
            versions.CACHE.clear()
        counter.statements.clear()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    statements = list(counter.statements)
    if name in args.profile:
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.profile_requests):  # bounded
            if args.cold:
                versions.CACHE.clear()
            client.get(path)
        profile.disable()
        print(f"\n=== {name}: {path} ===")
        pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)
    if args.sql and statements:
        print(f"\n--- SQL of {name} ({len(statements)}) ---")
        for s in statements:
            print(" ", " ".join(s.split())[:300])
    return {"p50_ms": ms(median(seconds)), "p95_ms": ms(percentile(seconds, 95)),
            "cpu_p50_ms": ms(median(cpu)), "queries": len(statements)}


def run(kind: str, args, tmp: Path) -> None:
    import minimal_app
    from sqlalchemy import select

    from weltoffen.benchmark import aggregates
    from weltoffen.extensions import db
    from weltoffen.selfcheck.models import Round

    settings = AppSettings.generate()
    with fresh_database(kind, tmp, args.pg_url, label="prof") as url:
        with migrated_app(url, settings):
            net = generate(args.municipalities, random.Random("weltoffen-peer"), False, log)
            for round_ in db.session.scalars(select(Round)).all():
                aggregates.refresh(round_)
            db.session.commit()
        app, counter, engine = counted_app(settings, url)
        try:
            lead_email, _mid, subs = net.leads[-3]
            lead = app.test_client()
            log_in(lead, lead_email)
            coord = app.test_client()
            log_in(coord, net.coordinator_email, net.coordinator_totp)
            pages = [
                ("minimal", minimal_app.app.test_client(), "/table"),
                ("floor", lead, "/auth/account"),
                ("compare", lead, f"/benchmark/submissions/{subs[-1]}"),
                ("heatmap", coord, f"/benchmark/rounds/{net.round_ids[-1]}/heatmap"),
            ]
            results = {name: measure(name, c, path, args.requests, counter, args) for name, c, path in pages}
        finally:
            engine.dispose()
        print_pages(f"{kind}: in-process, {args.requests} requests each", results)


def counted_app(settings: AppSettings, url: str):
    """(app, Counter, engine): a new app without an app context pushed - every request
    gets its own context (its own g, current user and session), as under gunicorn -
    on plain HTTP (the cookie would otherwise be Secure and not sent back), its SQL
    statements counted. Dispose of the engine afterwards."""
    from sqlalchemy import event

    from weltoffen import create_app
    from weltoffen.extensions import db

    app = create_app(settings.flask_config(url))
    app.config["SESSION_COOKIE_SECURE"] = False
    counter = Counter()
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", counter)
    return app, counter, engine


def print_pages(title: str, results: dict, width: int = 8) -> None:
    """One line per page: p50/p95, ratio to the minimal page, CPU, SQL statements."""
    base = results["minimal"]["p50_ms"]
    print(f"\n{title}")
    for name, r in results.items():
        print(f"  {name:{width}} p50 {r['p50_ms']:7.2f} ms  p95 {r['p95_ms']:7.2f} ms  "
              f"{r['p50_ms'] / base:5.1f}x  CPU p50 {r['cpu_p50_ms']:6.2f} ms  {r['queries']} SQL statements")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--profile", default="", help="comma-separated: minimal,floor,compare,heatmap")
    parser.add_argument("--cold", action="store_true",
                        help="drop the benchmark pages' kept parts before every request (the cost of a miss)")
    parser.add_argument("--profile-requests", type=int, default=1, help="requests per profile")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request per page")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()
    args.profile = set(filter(None, args.profile.split(",")))
    with tempfile.TemporaryDirectory(prefix="weltoffen-prof-") as tmp:
        run(args.db, args, Path(tmp))


if __name__ == "__main__":
    main()
