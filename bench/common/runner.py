"""The skeleton the gunicorn benchmarks share (peer_benchmark.py, forum_benchmark.py):
run each chosen database in turn in one temporary folder, print the table, check
statuses, store the payload in bench/results.json and return the exit status."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from common.databases import AppSettings
from common.report import Row, finish, print_table

#: run_database(kind, args, settings, tmp) -> that database's results
RunDatabase = Callable[[str, argparse.Namespace, AppSettings, Path], dict]


def kinds(args: argparse.Namespace) -> list[str]:
    """The databases of --db: "both" is SQLite, then PostgreSQL."""
    return ["sqlite", "postgresql"] if args.db == "both" else [args.db]


def bad_statuses(results: dict[str, dict], pages: Iterable[str]) -> list[str]:
    """A line per database and page that answered anything but 200."""
    return [f"{kind}: {name} statuses {r['pages'][name]['statuses']}" for kind, r in results.items()
            for name in pages if set(r["pages"][name]["statuses"]) != {"200"}]


def run(
    benchmark: str,
    args: argparse.Namespace,
    argv: list[str] | None,
    run_database: RunDatabase,
    rows: list[Row],
    title: str,
    failures: Callable[[dict[str, dict]], list[str]],
) -> int:
    """Run `benchmark` (its name in bench/ and in results.json) on each database of
    args.db; `failures(results)` names what failed (exit status 1)."""
    settings = AppSettings.generate()
    results: dict = {}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"weltoffen-{benchmark.split('_')[0]}-") as tmpdir:
        for kind in kinds(args):
            results[kind] = run_database(kind, args, settings, Path(tmpdir))
    total = time.perf_counter() - started
    print_table(results, rows, title=title)
    bad = failures(results)
    payload = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": f"bench/{benchmark}.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "cpus": os.cpu_count(),
        "settings": {k: v for k, v in vars(args).items() if k != "pg_url"},
        "total_seconds": round(total, 1),
        "ok": not bad,
        "databases": results,
    }
    return finish(benchmark, args.quick, not args.no_write, payload, bad, total)
