"""Where the time of the dialogue pages goes, in-process (Flask test client, no
gunicorn, no network) on data from dialogue_data.py: per page the median wall and CPU
time, the answer's size and the SQL statements of one request, optionally a cProfile,
the statements themselves, and the slowest statements of one request with their time.

    .venv/bin/python bench/dialogue_profile.py [--db sqlite|postgresql]
        [--processes 50000] [--recommendations 600000] [--requests 10]
        [--profile overview,public_process] [--sql] [--slowest 8] [--explain]

Pages as in dialogue_benchmark.py: the minimal 50-row page, the floor (/auth/account of
the coordinator, logged in with TOTP), the public process page of each target process
(anonymous), the public municipality page and feed of the largest city, and the
coordinators' overview. Figures are indicative: dialogue_benchmark.py measures through
gunicorn.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import log
from dialogue_data import generate
from peer_profile import counted_app, log_in, measure, print_pages


class Timed:
    """Each SQL statement of the current request with its time (engine events)."""

    def __init__(self):
        self.spans: list[tuple[float, str]] = []
        self._started = 0.0

    def before(self, _conn, _cursor, statement, *_args):
        self._started = time.perf_counter()

    def after(self, _conn, _cursor, statement, *_args):
        self.spans.append((time.perf_counter() - self._started, statement))


def slowest(name: str, client, path: str, timed: Timed, top: int) -> None:
    timed.spans.clear()
    started = time.perf_counter()
    response = client.get(path)
    total = time.perf_counter() - started
    spent = sum(s for s, _q in timed.spans)
    print(f"\n--- {name} {path}: HTTP {response.status_code}, {len(response.data)} bytes, {total * 1000:.1f} ms, "
          f"{len(timed.spans)} statements taking {spent * 1000:.1f} ms ---")
    for seconds, statement in sorted(timed.spans, reverse=True)[:top]:
        print(f"  {seconds * 1000:8.1f} ms  {' '.join(statement.split())[:400]}")


def explain_overview(app, network_id: int) -> None:
    """PostgreSQL's plan of the overview's per-municipality sums over facts()."""
    from datetime import date

    from sqlalchemy import select, text

    from weltoffen.dialogue import network_figures
    from weltoffen.extensions import db

    with app.app_context():
        f = network_figures._facts(network_id, date.today())
        _in_time, sums = network_figures._sums(f)
        q = select(f.c.municipality_id, *sums).where(f.c.published).group_by(f.c.municipality_id)
        sql = str(q.compile(db.engine, compile_kwargs={"literal_binds": True}))
        plan = db.session.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + sql)).scalars().all()
        print("\n--- EXPLAIN ANALYZE: overview, sums per municipality over facts() ---\n  " + "\n  ".join(plan))
        db.session.rollback()


def run(kind: str, args, tmp: Path) -> None:
    import minimal_app
    from sqlalchemy import event

    settings = AppSettings.generate()
    with fresh_database(kind, tmp, args.pg_url, label="dprof") as url:
        with migrated_app(url, settings):
            dialogue = generate(random.Random(args.seed), args.processes, args.recommendations,
                                args.municipalities, log)
        app, counter, engine = counted_app(settings, url)
        timed = Timed()
        event.listen(engine, "before_cursor_execute", timed.before)
        event.listen(engine, "after_cursor_execute", timed.after)
        try:
            net = dialogue.network
            coord = app.test_client()
            log_in(coord, net.coordinator_email, net.coordinator_totp)
            anonymous = app.test_client()
            big = dialogue.targets[0][0]
            pages = [("minimal", minimal_app.app.test_client(), "/table"), ("floor", coord, "/auth/account")]
            pages += [(f"process_{n}", anonymous, f"/beteiligung/{ags}/{slug}") for ags, slug, n in dialogue.targets]
            pages += [("municipality", anonymous, f"/beteiligung/{big}"),
                      ("feed", anonymous, f"/beteiligung/{big}/feed.atom"),
                      ("overview", coord, f"/dialogue/networks/{net.network_id}/overview")]
            if args.explain and kind == "postgresql":
                explain_overview(app, net.network_id)
            results = {}
            for name, client, path in pages:
                size = len(client.get(path).data)
                results[name] = measure(name, client, path, args.requests, counter, args) | {"bytes": size}
                if args.slowest:
                    slowest(name, client, path, timed, args.slowest)
        finally:
            engine.dispose()
        print_pages(f"{kind}: in-process, {args.requests} requests each ({args.processes} processes / "
                    f"{args.recommendations} recommendations)", results, width=14)
        for name, r in results.items():
            print(f"  {name:14} {r['bytes']} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--processes", type=int, default=50_000)
    parser.add_argument("--recommendations", type=int, default=600_000)
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--seed", default="weltoffen-dialogue")
    parser.add_argument("--profile", default="", help="comma-separated page names (overview, process_14, ...)")
    parser.add_argument("--profile-requests", type=int, default=1, help="requests per profile")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sql", action="store_true", help="print the SQL of one request per page")
    parser.add_argument("--slowest", type=int, default=0, help="print the N slowest statements of one request")
    parser.add_argument("--explain", action="store_true", help="PostgreSQL: EXPLAIN ANALYZE an overview query")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()
    args.profile = set(filter(None, args.profile.split(",")))
    args.cold = False
    with tempfile.TemporaryDirectory(prefix="weltoffen-dprof-") as tmp:
        run(args.db, args, Path(tmp))


if __name__ == "__main__":
    main()
