"""Fresh PostgreSQL databases for a test run, created beside the one in the URL: the
benchmarks' helpers (bench/common/databases.py), one implementation for both. The
suite already puts bench/ on sys.path for the fault tests; bench never imports tests/."""

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from common.databases import create_pg_database as create_database  # noqa: E402
from common.databases import drop_pg_database as drop_database  # noqa: E402

__all__ = ["create_database", "drop_database"]
