"""Dialogue at national scale: the public process pages and the coordinators' overview
through gunicorn, beside the minimal Flask page and the app's floor measured in the
same run (the machine has 2 cores and is shared: medians, p95).

    .venv/bin/python bench/dialogue_benchmark.py [--db sqlite|postgresql|both] [--quick]
        [--processes 50000] [--recommendations 600000] [--municipalities 10800]
        [--workers 4] [--requests N]

Per database: a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database beside --pg-url, dropped afterwards), migrations, then dialogue_data.generate():
peer_data's network of ~10,800 municipalities with its coordinator (TOTP), --processes
dialogue processes skewed by municipality size (~30 % published) and --recommendations
recommendations with responses and progress updates (quick: 5,000 / 60,000 on the same
full network). Then, through gunicorn, one request at a time, warm, in interleaved blocks:

    minimal              bench/minimal_app.py /table (a 50-row template, its own gunicorn)
    floor                /auth/account, the coordinator logged in
    public_process       /beteiligung/<ags>/<slug>, anonymous, the target processes
                         (5-60 recommendations, municipalities of different sizes)
    public_municipality  /beteiligung/<ags>, anonymous (Berlin lists hundreds)
    public_feed          /beteiligung/<ags>/feed.atom, anonymous
    overview             /dialogue/networks/<id>/overview, the coordinator
    public_process_304   public_process with If-None-Match: the ETag's 304

Public pages are sent without If-None-Match (full 200 answers) and without cookies;
rate limits are off (AppSettings). Targets: public pages <= 2x the minimal page (p50),
the overview <= 3x. Results: bench/results.json -> "dialogue_benchmark" -> "quick" |
"full". Only 127.0.0.1 is contacted; every loop is bounded. Exit status 1 when a page
answered other than 200 (304 for public_process_304).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import pages, runner
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.http_client import Client
from common.report import log
from common.server import gunicorn, scan_log
from dialogue_data import generate
from peer_data import PASSWORD
from peer_measure import FLOOR_PATH, log_in_totp, minimal_gunicorn

PAGES = ["minimal", "floor", "public_process", "public_municipality", "public_feed", "overview",
         "public_process_304"]
#: Pages that must answer 200 (public_process_304 must answer 304).
OK_200 = PAGES[:-1]
PUBLIC = {"public_process", "public_municipality", "public_feed", "public_process_304"}
TARGET = {"public_process": 2.0, "public_municipality": 2.0, "public_feed": 2.0, "overview": 3.0}


def paths(dialogue) -> dict[str, list[str]]:
    """The URLs each page cycles through."""
    towns = list(dict.fromkeys(ags for ags, _slug, _n in dialogue.targets))
    process = [f"/beteiligung/{ags}/{slug}" for ags, slug, _n in dialogue.targets]
    return {
        "minimal": ["/table"], "floor": [FLOOR_PATH], "public_process": process,
        "public_municipality": [f"/beteiligung/{ags}" for ags in towns],
        "public_feed": [f"/beteiligung/{ags}/feed.atom" for ags in towns],
        "overview": [f"/dialogue/networks/{dialogue.network.network_id}/overview"],
        "public_process_304": process,
    }


def measure_pages(app_port: int, minimal_port: int, dialogue, requests: int, workers: int) -> dict:
    """One client at a time, in interleaved blocks of 5 requests per page; each page
    requested 3x per worker (and each of its URLs once) before timing."""
    net = dialogue.network
    coordinator = Client(app_port)
    log_in_totp(coordinator, net.coordinator_email, PASSWORD, net.coordinator_totp)
    anonymous = Client(app_port)
    minimal = Client(minimal_port)
    urls = paths(dialogue)
    etags: dict[str, str] = {}

    def get(name: str, path: str):
        if name == "minimal":
            return minimal.request("GET", path)
        if name not in PUBLIC:
            return coordinator.request("GET", path)
        headers = {"If-None-Match": etags[path]} if name == "public_process_304" else None
        return anonymous.request("GET", path, headers=headers, cookies=False)

    for path in urls["public_process"]:
        _s, headers, _b, _t = anonymous.request("GET", path, cookies=False)
        etags[path] = (headers.get("ETag") if headers else None) or '"none"'
    out = pages.measure(get, urls, PAGES, requests, workers)
    for name in PAGES[1:]:
        if name in TARGET:
            out[name]["target_ratio_minimal"] = TARGET[name]
            out[name]["meets_target"] = (out[name]["p50_ratio_minimal"] or 0) <= TARGET[name]
    return out


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    started = time.perf_counter()
    result: dict = {}
    with fresh_database(kind, tmp, args.pg_url, label="dialogue") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating {args.municipalities} municipalities, "
                f"{args.processes} processes / {args.recommendations} recommendations")
            dialogue = generate(random.Random(args.seed), args.processes, args.recommendations,
                                args.municipalities, log)
        result["data"] = {"seconds": dialogue.seconds, **dialogue.summary}
        log(f"{kind}: data in {dialogue.seconds['total']} s {dialogue.seconds}")
        log_path = tmp / f"gunicorn-dialogue-{kind}.log"
        with gunicorn(settings.environment(url), log_path, args.workers) as server, \
                minimal_gunicorn(args.workers, tmp / f"gunicorn-minimal-{kind}.log") as minimal:
            log(f"{kind}: gunicorn on :{server.port}, minimal app on :{minimal.port}")
            result["pages"] = measure_pages(server.port, minimal.port, dialogue, args.requests, args.workers)
        result["gunicorn"] = server.command_line
        result["server_log"] = scan_log(log_path)
    p = result["pages"]
    log(f"{kind}: " + "; ".join(f"{n} {p[n]['p50_ms']}" for n in PAGES) + " (p50 ms)")
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def rows() -> list:
    def page(name):
        return lambda r: pages.cell(r["pages"][name], minimal=name == "minimal")

    def d(key):
        return lambda r: str(r["data"][key])

    return [
        ("municipalities (with processes)", lambda r: f"{r['data']['municipalities']} "
                                                      f"({r['data']['municipalities_with_processes']})"),
        ("processes / published", lambda r: f"{r['data']['processes']} / {r['data']['published']}"),
        ("recommendations", d("recommendations")),
        ("responses / progress updates", lambda r: f"{r['data']['responses']} / {r['data']['progress_updates']}"),
        ("overdue / stalled (generated)", lambda r: f"{r['data']['overdue_at_generation']} / "
                                                    f"{r['data']['stalled_at_generation']}"),
        ("data generated in (network)", lambda r: f"{r['data']['seconds']['total']} s "
                                                  f"({r['data']['seconds']['network']} s)"),
        ("database size", lambda r: f"{r['data']['database_bytes'] / 1e6:.0f} MB"),
        *[(f"{name} p50 / p95", page(name)) for name in PAGES],
        ("tracebacks in gunicorn log", lambda r: str(r["server_log"]["tracebacks"])),
        ("run time", lambda r: f"{r['seconds']} s"),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="5,000 processes / 60,000 recommendations")
    parser.add_argument("--processes", type=int, default=None, help="50,000 (quick: 5,000)")
    parser.add_argument("--recommendations", type=int, default=None, help="600,000 (quick: 60,000)")
    parser.add_argument("--municipalities", type=int, default=10_800)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page (60; quick: 20)")
    parser.add_argument("--seed", default="weltoffen-dialogue")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    args.processes = args.processes or (5_000 if args.quick else 50_000)
    args.recommendations = args.recommendations or (60_000 if args.quick else 600_000)
    args.requests = args.requests or (20 if args.quick else 60)
    if args.processes < 100 or args.municipalities < 100 or args.recommendations < 200:
        parser.error("--processes and --municipalities at least 100, --recommendations at least 200")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def failures(results: dict) -> list[str]:
        return runner.bad_statuses(results, OK_200) + [
            f"{kind}: public_process_304 statuses {r['pages']['public_process_304']['statuses']}"
            for kind, r in results.items() if set(r["pages"]["public_process_304"]["statuses"]) != {"304"}]

    title = (f"dialogue benchmark ({'quick' if args.quick else 'full'}; gunicorn -w {args.workers}, sync; "
             "p50 / p95, ratios of p50 / p95 to the minimal page)")
    return runner.run("dialogue_benchmark", args, argv, run_database, rows(), title, failures)


if __name__ == "__main__":
    sys.exit(main())
