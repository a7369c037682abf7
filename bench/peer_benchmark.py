"""Peer benchmark at national scale: aggregates refresh, the municipality benchmark
page, the coordinator heatmap and the result chart, each beside a baseline measured in
the same run (the machine has 2 cores and is shared: medians, p95).

    .venv/bin/python bench/peer_benchmark.py [--db sqlite|postgresql|both] [--quick]
        [--municipalities 10800] [--workers 4] [--requests N] [--repeats N]

Per database: a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database beside --pg-url, dropped afterwards), migrations, then peer_data.generate():
~10,800 municipalities with German-like attributes, 3 rounds, a submitted self-check
per municipality and round (DimensionScore rows and overall scores written directly in
bulk; TeamAnswer rows only in the full run). Then:

  (1) aggregates.refresh() for every round (= `flask benchmark refresh`), median of
      --repeats, vs the bare SQL GROUP BY count/avg over the same scores; target <= 2x
  (2) GET /benchmark/submissions/<id> (a lead) and /benchmark/rounds/<id>/heatmap (a
      coordinator, logged in with TOTP) through gunicorn, warm, p50/p95, vs a minimal
      Flask page rendering a 50-row template (bench/minimal_app.py, its own gunicorn,
      same worker count); target <= 3x
  (3) charts.svg(ScoreBars) cold (fresh process) and warm; the chart route on a cache
      miss and repeated

Results go to bench/results.json under "peer_benchmark" -> "quick" or "full". Only
127.0.0.1 is contacted; every loop is bounded. Login rate limits are off (all clients
come from 127.0.0.1). Exit status 1 when a page answered other than 200.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import runner
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import log
from common.server import gunicorn, scan_log
from peer_data import PASSWORD, generate
from peer_measure import chart_figures, minimal_gunicorn, page_figures, refresh_figures


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    started = time.perf_counter()
    result: dict = {}
    with fresh_database(kind, tmp, args.pg_url, label="peer") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating {args.municipalities} municipalities")
            net = generate(args.municipalities, random.Random(args.seed), not args.quick, log)
            result["data"] = {"seconds": net.seconds, "team_answers_written": not args.quick,
                              "scores_written_directly": True, **net.summary}
            result["refresh"] = refresh_figures(net.round_ids, args.repeats)
            r = result["refresh"]
            log(f"{kind}: initial releases {r['initial_release_all_rounds_ms']} ms; refresh after one "
                f"submission {r['refresh_ms']} ms "
                f"vs bare SQL {r['bare_sql_ms']} ms: {r['ratio']}x")
        log_path = tmp / f"gunicorn-peer-{kind}.log"
        with gunicorn(settings.environment(url), log_path, args.workers) as server, \
                minimal_gunicorn(args.workers, tmp / f"gunicorn-minimal-{kind}.log") as minimal:
            log(f"{kind}: gunicorn on :{server.port}, minimal app on :{minimal.port} "
                f"({args.workers} workers each)")
            result["pages"] = page_figures(server.port, minimal.port, net, PASSWORD,
                                           args.requests, args.workers)
            p = result["pages"]
            log(f"{kind}: minimal p50 {p['minimal']['p50_ms']} ms; floor p50 {p['floor']['p50_ms']} ms "
                f"({p['floor']['p50_ratio']}x); compare p50 "
                f"{p['compare']['p50_ms']} ms ({p['compare']['p50_ratio']}x); heatmap p50 "
                f"{p['heatmap']['p50_ms']} ms ({p['heatmap']['p50_ratio']}x)")
            result["charts"] = chart_figures(server.port, net, PASSWORD, args.chart_calls,
                                             args.chart_processes, args.workers)
        result["gunicorn"] = server.command_line
        result["server_log"] = scan_log(log_path)
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def rows() -> list:
    def f(path, unit=" ms"):
        def render(r):
            v = r
            for k in path:
                v = v.get(k) if isinstance(v, dict) else None
            return "-" if v is None else f"{v}{unit}"
        return render

    return [
        ("municipalities / submissions", lambda r: f"{r['data']['municipalities']} / "
                                                   f"{3 * r['data']['municipalities']}"),
        ("data generated in", f(("data", "seconds", "total"), " s")),
        ("initial releases (3 rounds)", f(("refresh", "initial_release_all_rounds_ms"))),
        ("refresh after one submission, median", f(("refresh", "refresh_ms"))),
        ("bare SQL GROUP BY, median", f(("refresh", "bare_sql_ms"))),
        ("refresh / bare SQL (<= 2)", f(("refresh", "ratio"), "x")),
        ("minimal page p50 / p95", lambda r: f"{r['pages']['minimal']['p50_ms']} / "
                                             f"{r['pages']['minimal']['p95_ms']} ms"),
        ("app floor (account page) p50 / p95", lambda r: f"{r['pages']['floor']['p50_ms']} / "
                                                         f"{r['pages']['floor']['p95_ms']} ms"),
        ("  ratio p50 / p95", lambda r: f"{r['pages']['floor']['p50_ratio']}x / "
                                        f"{r['pages']['floor']['p95_ratio']}x"),
        ("benchmark page p50 / p95", lambda r: f"{r['pages']['compare']['p50_ms']} / "
                                               f"{r['pages']['compare']['p95_ms']} ms"),
        ("  ratio p50 / p95 (<= 3)", lambda r: f"{r['pages']['compare']['p50_ratio']}x / "
                                               f"{r['pages']['compare']['p95_ratio']}x"),
        ("heatmap p50 / p95", lambda r: f"{r['pages']['heatmap']['p50_ms']} / "
                                        f"{r['pages']['heatmap']['p95_ms']} ms"),
        ("  ratio p50 / p95 (<= 3)", lambda r: f"{r['pages']['heatmap']['p50_ratio']}x / "
                                               f"{r['pages']['heatmap']['p95_ratio']}x"),
        ("after a change: page / heatmap p50", lambda r: f"{r['pages']['after_change']['compare']['p50_ms']} / "
                                                       f"{r['pages']['after_change']['heatmap']['p50_ms']} ms"),
        ("svg cold first call / warm p50", lambda r: f"{r['charts']['svg_in_process']['cold_first_call_ms']} / "
                                                     f"{r['charts']['svg_in_process']['warm_p50_ms']} ms"),
        ("svg cold incl. import", f(("charts", "svg_in_process", "cold_import_plus_first_ms"))),
        ("chart route miss / repeated p50", lambda r: f"{r['charts']['route_chart_svg']['cache_miss_p50_ms']} / "
                                                      f"{r['charts']['route_chart_svg']['repeated_p50_ms']} ms"),
        ("tracebacks in gunicorn log", f(("server_log", "tracebacks"), "")),
        ("run time", f(("seconds",), " s")),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true",
                        help="fewer requests and repeats, no TeamAnswer rows")
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=None,
                        help="timed requests per page (60; quick: 20)")
    parser.add_argument("--repeats", type=int, default=None, help="refresh repeats (5; quick: 3)")
    parser.add_argument("--chart-calls", type=int, default=None, help="warm svg calls (30; quick: 10)")
    parser.add_argument("--chart-processes", type=int, default=None,
                        help="fresh processes for the cold chart (3; quick: 2)")
    parser.add_argument("--seed", default="weltoffen-peer")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    q = args.quick
    args.requests = args.requests or (20 if q else 60)
    args.repeats = args.repeats or (3 if q else 5)
    args.chart_calls = args.chart_calls or (10 if q else 30)
    args.chart_processes = args.chart_processes or (2 if q else 3)
    if min(args.municipalities, args.workers, args.requests) < 1:
        parser.error("--municipalities, --workers and --requests must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    title = f"peer benchmark ({'quick' if args.quick else 'full'}; gunicorn -w {args.workers}, sync)"
    return runner.run("peer_benchmark", args, argv, run_database, rows(), title,
                      lambda results: runner.bad_statuses(results, ("minimal", "floor", "compare", "heatmap")))


if __name__ == "__main__":
    sys.exit(main())
