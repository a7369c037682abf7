"""Released figures at national scale (platform/releases.py): what one recorded
incident and one submission cost now that every write evaluates a release, each
beside a baseline measured in the same run (the machine has 2 cores and is shared:
medians).

    .venv/bin/python bench/release_benchmark.py [--db sqlite|postgresql|both] [--quick]
        [--municipalities 10800] [--incidents 60000] [--repeats N]

Per database: a fresh database, migrations, peer_data.generate() (about 10,800
municipalities in one network, 3 rounds with a submitted self-check each), then
--incidents recorded incidents of that network over the last 9 quarters, inserted in
bulk. Measured:

  (1) incidents: the first release of the network's statistics; then, --repeats
      times, one incident recorded (its row written as services.record leaves it) and
      statistics_release.refresh() - beside the baseline, the bare GROUP BY the old
      live page ran on every request (statistics.recorded_rows); and the release
      after K more incidents, with the history of releases grown to --history.
  (2) benchmark: one submission's scores changed and aggregates.refresh() of its
      round (what services.submit does), beside the bare SQL GROUP BY count/avg over
      the same round (peer_measure.bare_sql).

Results go to bench/results.json under "release_benchmark" -> "quick" or "full".
Only the local database is contacted; every loop is bounded.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import runner
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import log
from common.stats import median, ms
from peer_data import generate
from peer_measure import refresh_figures

FORMS = ("insult", "threat", "online_hate", "defamation", "property_campaign", "physical_shoving")
CHANNELS = ("social_media", "email", "letter", "in_person", "phone", "other")


def _incident_rows(network_id: int, reporter_id: int, quarters: tuple[str, ...], n: int, rng) -> list[dict]:
    now = datetime.now(UTC)
    return [{"reporter_id": reporter_id, "network_id": network_id, "status": rng.choice(("open", "closed")),
             "quarter": rng.choice(quarters), "form": rng.choice(FORMS), "channel": rng.choice(CHANNELS),
             "severity": rng.randrange(5), "size_class": rng.randrange(5), "sealed": b"bench", "created_at": now,
             "updated_at": now, "recorded_at": now} for _ in range(n)]


def incident_figures(network_id: int, n: int, repeats: int, history: int, rng) -> dict:
    """Inside an app context on the bench database (see the module docstring, (1))."""
    from sqlalchemy import select

    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.incidents import statistics, statistics_release
    from weltoffen.incidents.models import Incident
    from weltoffen.network.models import Network

    k = statistics.k_value()
    today = date.today()
    closed = statistics.closed_quarters(today)
    reporter = db.session.scalar(select(User.id).order_by(User.id).limit(1))
    rows = _incident_rows(network_id, reporter, (*closed, *statistics.quarters_until(today, 1)), n, rng)
    for start in range(0, len(rows), 5_000):
        db.session.execute(Incident.__table__.insert(), rows[start:start + 5_000])
    db.session.commit()
    network = db.session.get(Network, network_id)
    started = time.perf_counter()
    first = statistics_release.refresh(network, today)
    db.session.commit()
    first_s = time.perf_counter() - started
    one, bare = [], []
    for _ in range(repeats):  # bounded
        started = time.perf_counter()
        statistics.recorded_rows(network_id, closed)
        bare.append(time.perf_counter() - started)
        db.session.rollback()
        db.session.execute(Incident.__table__.insert(), _incident_rows(network_id, reporter, closed[-1:], 1, rng))
        started = time.perf_counter()
        statistics_release.refresh(db.session.get(Network, network_id), today)
        db.session.commit()
        one.append(time.perf_counter() - started)
    for _ in range(history):  # bounded: grow the history, one release per K incidents
        db.session.execute(Incident.__table__.insert(), _incident_rows(network_id, reporter, closed[-1:], k, rng))
        statistics_release.refresh(db.session.get(Network, network_id), today)
        db.session.commit()
    late = []
    for _ in range(repeats):  # bounded
        db.session.execute(Incident.__table__.insert(), _incident_rows(network_id, reporter, closed[-1:], 1, rng))
        started = time.perf_counter()
        statistics_release.refresh(db.session.get(Network, network_id), today)
        db.session.commit()
        late.append(time.perf_counter() - started)
    released = statistics_release.released(db.session.get(Network, network_id))
    o, b, lt = median(one), median(bare), median(late)
    return {
        "incidents": n, "k": k, "first_release_ms": ms(first_s), "first_release_n": first.n,
        "refresh_after_one_incident_ms": ms(o), "refresh_ms_each": [ms(x) for x in one],
        "bare_group_by_ms": ms(b), "bare_ms_each": [ms(x) for x in bare],
        "ratio": round(o / b, 2) if b else None,
        "history_releases": history + 1,
        "refresh_after_one_incident_with_history_ms": ms(lt),
        "ratio_with_history": round(lt / b, 2) if b else None,
        "shown_n_at_end": released.n, "pending_at_end": released.pending,
    }


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    started = time.perf_counter()
    result: dict = {}
    with fresh_database(kind, tmp, args.pg_url, label="release") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating {args.municipalities} municipalities")
            net = generate(args.municipalities, random.Random(args.seed), False, log)
            result["data"] = {"municipalities": net.municipalities}
            result["incidents"] = incident_figures(net.network_id, args.incidents, args.repeats, args.history,
                                                   random.Random(args.seed))
            i = result["incidents"]
            log(f"{kind}: incidents: first release {i['first_release_ms']} ms; one incident "
                f"{i['refresh_after_one_incident_ms']} ms vs bare GROUP BY {i['bare_group_by_ms']} ms "
                f"({i['ratio']}x); after {i['history_releases']} releases "
                f"{i['refresh_after_one_incident_with_history_ms']} ms")
            result["benchmark"] = refresh_figures(net.round_ids, args.repeats)
            r = result["benchmark"]
            log(f"{kind}: benchmark: one submission {r['refresh_ms']} ms vs bare SQL {r['bare_sql_ms']} ms "
                f"({r['ratio']}x)")
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def rows() -> list:
    def f(section, key, unit=" ms"):
        return lambda r: f"{r[section][key]}{unit}"

    return [
        ("municipalities", lambda r: str(r["data"]["municipalities"])),
        ("incidents in the network", f("incidents", "incidents", "")),
        ("first incident release", f("incidents", "first_release_ms")),
        ("one incident: refresh, median", f("incidents", "refresh_after_one_incident_ms")),
        ("bare GROUP BY (old live page), median", f("incidents", "bare_group_by_ms")),
        ("  ratio", f("incidents", "ratio", "x")),
        ("releases in the history", f("incidents", "history_releases", "")),
        ("one incident with that history", f("incidents", "refresh_after_one_incident_with_history_ms")),
        ("  ratio", f("incidents", "ratio_with_history", "x")),
        ("benchmark initial releases", f("benchmark", "initial_release_all_rounds_ms")),
        ("one submission: refresh, median", f("benchmark", "refresh_ms")),
        ("bare SQL GROUP BY of the round, median", f("benchmark", "bare_sql_ms")),
        ("  ratio", f("benchmark", "ratio", "x")),
        ("run time", lambda r: f"{r['seconds']} s"),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a shorter history")
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--incidents", type=int, default=60_000)
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats (9; quick: 5)")
    parser.add_argument("--history", type=int, default=None, help="releases to grow (200; quick: 40)")
    parser.add_argument("--seed", default="weltoffen-release")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    args.repeats = args.repeats or (5 if args.quick else 9)
    args.history = args.history if args.history is not None else (40 if args.quick else 200)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    title = f"released figures ({'quick' if args.quick else 'full'})"
    return runner.run("release_benchmark", args, argv, run_database, rows(), title, lambda results: [])


if __name__ == "__main__":
    sys.exit(main())
