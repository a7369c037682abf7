"""Forum at scale: the topic page, the search and the forum's lists through gunicorn,
beside the minimal Flask page and the app's floor measured in the same run (the
machine has 2 cores and is shared: medians, p95).

    .venv/bin/python bench/forum_benchmark.py [--db sqlite|postgresql|both] [--quick]
        [--topics 20000] [--posts 200000] [--workers 4] [--requests N]

Per database: a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database beside --pg-url, dropped afterwards), migrations, then forum_data.generate():
a network of municipalities with three people each, a second network, 6+2 categories
(one staff-only), --topics topics with --posts posts of German municipal text with
some Markdown (quick: 2,000 / 20,000), practices, attachments, revisions, reports and
hidden posts; the search index (search.reindex()) and ANALYZE. Then, through gunicorn,
a member of the network logged in, one request at a time, warm, in interleaved blocks:

    minimal        bench/minimal_app.py /table (a 50-row template, its own gunicorn)
    floor          /auth/account, the app's simplest logged-in page
    topic          /forum/topics/<id>, first page (30 posts), varied topics
    topic_late     /forum/topics/<id>?page=N of the longest topics, varied N
    search_common  /forum/search?q=... single common words (thousands of matches)
    search_rare    a rare word, and a word that is nowhere
    search_two     two-word queries
    search_page3   a common word, page 3
    index          /forum/
    category       /forum/categories/<id>, first page

Results: bench/results.json -> "forum_benchmark" -> "quick" | "full". Only 127.0.0.1
is contacted; every loop is bounded. Exit status 1 when a page answered other than
200 or a query that must find something found nothing.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import pages, runner
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.http_client import Client
from common.report import log
from common.server import gunicorn, scan_log
from forum_data import PASSWORD, RARE, generate
from peer_measure import FLOOR_PATH, minimal_gunicorn

SEARCHES = {
    "search_common": ["Beteiligung", "Kommunen", "Verwaltungen", "Ehrenämter"],
    "search_rare": [RARE, "Dolmetscherpool", "Raumfahrt"],
    "search_two": ["Beteiligung Quartier", "Sprachkurse Integration", "Bürgerhaushalt Stadtrat"],
}
MUST_FIND = {"Beteiligung", "Kommunen", RARE, "Beteiligung Quartier", "Sprachkurse Integration"}
PAGES = ["minimal", "floor", "topic", "topic_late", *SEARCHES, "search_page3", "index", "category"]
#: The hit count in the results heading ("1234 Treffer"; "über 1.000 ..." when capped).
TOTAL_RE = re.compile(r'id="results-heading">[^<\d]*(\d[\d.]*)')


def paths(forum) -> dict[str, list[str]]:
    """The URLs each page cycles through."""
    late = [f"/forum/topics/{tid}?page={page}" for tid, pages in forum.long_topics
            for page in (pages // 2, pages - 1, max(2, pages // 4))]
    out = {
        "minimal": ["/table"],
        "floor": [FLOOR_PATH],
        "topic": [f"/forum/topics/{tid}" for tid in forum.topic_ids],
        "topic_late": late,
        "search_page3": [f"/forum/search?q={quote(SEARCHES['search_common'][0])}&page=3"],
        "index": ["/forum/"],
        "category": [f"/forum/categories/{cid}" for cid in forum.category_ids],
    }
    for name, queries in SEARCHES.items():
        out[name] = [f"/forum/search?q={quote(q)}" for q in queries]
    return out


def measure_pages(app_port: int, minimal_port: int, forum, requests: int, workers: int) -> dict:
    """One client at a time, in interleaved blocks of 5 requests per page; each page
    requested 3x per worker (and each of its URLs once) before timing."""
    member = Client(app_port)
    member.log_in(forum.member_email, PASSWORD)
    minimal = Client(minimal_port)
    urls = paths(forum)
    client = {name: minimal if name == "minimal" else member for name in PAGES}
    out = pages.measure(lambda name, path: client[name].request("GET", path), urls, PAGES, requests, workers)
    out["found"] = search_totals(member)
    return out


def search_totals(member: Client) -> dict[str, int | None]:
    """How many hits each query reports on its page (None if the page shows no count)."""
    found = {}
    for queries in SEARCHES.values():
        for q in queries:
            _s, _h, body, _t = member.request("GET", f"/forum/search?q={quote(q)}")
            text = body.decode("utf-8", "replace")
            match = TOTAL_RE.search(text)
            found[q] = int(match.group(1).replace(".", "")) if match else 0
    return found


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    started = time.perf_counter()
    result: dict = {}
    with fresh_database(kind, tmp, args.pg_url, label="forum") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating {args.topics} topics / {args.posts} posts")
            forum = generate(args.topics, args.posts, random.Random(args.seed), log)
        result["data"] = {"seconds": forum.seconds, **forum.summary}
        log(f"{kind}: data in {forum.seconds['total']} s {forum.seconds}")
        log_path = tmp / f"gunicorn-forum-{kind}.log"
        with gunicorn(settings.environment(url), log_path, args.workers) as server, \
                minimal_gunicorn(args.workers, tmp / f"gunicorn-minimal-{kind}.log") as minimal:
            log(f"{kind}: gunicorn on :{server.port}, minimal app on :{minimal.port}")
            result["pages"] = measure_pages(server.port, minimal.port, forum, args.requests, args.workers)
        result["gunicorn"] = server.command_line
        result["server_log"] = scan_log(log_path)
    p = result["pages"]
    log(f"{kind}: " + "; ".join(f"{n} {p[n]['p50_ms']}" for n in PAGES) + " (p50 ms)")
    result["seconds"] = round(time.perf_counter() - started, 1)
    return result


def rows() -> list:
    def page(name):
        return lambda r: pages.cell(r["pages"][name], minimal=name == "minimal")

    return [
        ("topics / posts", lambda r: f"{r['data']['topics']} / {r['data']['posts']}"),
        ("users / municipalities", lambda r: f"{r['data']['users']} / {r['data']['municipalities']}"),
        ("data generated in (index)", lambda r: f"{r['data']['seconds']['total']} s "
                                                f"({r['data']['seconds']['search_index']} s)"),
        ("database size", lambda r: f"{r['data']['database_bytes'] / 1e6:.0f} MB"),
        *[(f"{name} p50 / p95", page(name)) for name in PAGES],
        ("hits for “Beteiligung”", lambda r: str(r["pages"]["found"].get("Beteiligung"))),
        ("tracebacks in gunicorn log", lambda r: str(r["server_log"]["tracebacks"])),
        ("run time", lambda r: f"{r['seconds']} s"),
    ]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="2,000 topics / 20,000 posts, fewer requests")
    parser.add_argument("--topics", type=int, default=None, help="20,000 (quick: 2,000)")
    parser.add_argument("--posts", type=int, default=None, help="200,000 (quick: 20,000)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--requests", type=int, default=None, help="timed requests per page (60; quick: 20)")
    parser.add_argument("--seed", default="weltoffen-forum")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    args.topics = args.topics or (2_000 if args.quick else 20_000)
    args.posts = args.posts or (20_000 if args.quick else 200_000)
    args.requests = args.requests or (20 if args.quick else 60)
    if args.topics < 50 or args.posts < args.topics + 300:
        parser.error("--topics at least 50, --posts at least --topics + 300")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def failures(results: dict) -> list[str]:
        return runner.bad_statuses(results, PAGES) + [
            f"{k}: “{q}” found nothing" for k, r in results.items() for q in MUST_FIND
            if not r["pages"]["found"].get(q)
        ]

    title = (f"forum benchmark ({'quick' if args.quick else 'full'}; gunicorn -w {args.workers}, sync; "
             "p50 / p95, ratios of p50 / p95 to the minimal page)")
    return runner.run("forum_benchmark", args, argv, run_database, rows(), title, failures)


if __name__ == "__main__":
    sys.exit(main())
