"""Shared parts of the benchmarks in bench/ (standard library plus the app's own stack).

    databases    throwaway SQLite/PostgreSQL databases, the app's settings for a run,
                 a migrated app context for loading data through the app's services
    server       gunicorn on 127.0.0.1: start, wait until every worker answers, stop,
                 scan its log for tracebacks and "database is locked"
    http_client  a browser without a browser: cookies, CSRF tokens, login, timed requests
    load         many clients at once: barriers, threads, the GET /healthz baseline
    stats        nearest-rank percentiles, medians, milliseconds, status counts
    report       log lines, the table with one column per database, bench/results.json
    sqlite_lock  how long an action keeps SQLite's write lock from everyone else

A benchmark script in bench/ puts its own folder on sys.path and imports these as
`from common import server`; see bench/autosave.py. Nothing here may import from tests/.
"""

from pathlib import Path

#: The repository root (gunicorn's working directory; bench/results.json lives below it).
ROOT = Path(__file__).resolve().parents[2]
