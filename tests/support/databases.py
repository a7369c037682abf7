"""Fresh PostgreSQL databases for a test run, created beside the one in the URL: the
benchmarks' helpers (bench/common/databases.py), one implementation for both. The
suite already puts bench/ on sys.path for the fault tests; bench never imports tests/."""

import os
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from common.databases import create_pg_database as create_database  # noqa: E402
from common.databases import drop_pg_database as drop_database  # noqa: E402

__all__ = ["PG_BASE", "create_database", "drop_database", "pg_reachable_or_fail"]

#: The shared PostgreSQL server of this machine, for tests that need one in both passes.
PG_BASE = os.environ.get("WELTOFFEN_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/test"


def pg_reachable_or_fail() -> None:
    """Fail (not skip) when the shared PostgreSQL server does not answer: it is part of
    this machine, and a skipped test would hide that."""
    try:
        engine = sa.create_engine(PG_BASE.replace("postgresql://", "postgresql+psycopg://", 1),
                                  connect_args={"connect_timeout": 5})
        with engine.connect():
            pass
        engine.dispose()
    except sa.exc.OperationalError as exc:
        pytest.fail(f"PostgreSQL at {PG_BASE} is not reachable (it is part of this machine): {exc}")
