"""What the fault tests share: the bench/ modules that drive a real gunicorn (bench/ is
put on sys.path; bench itself never imports from tests/), a database of the suite's
kind (a SQLite file, or a fresh database beside WELTOFFEN_TEST_DATABASE_URL), the app
served with fault injection on, and a small tmpfs for the upload folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from autosave_scenario import autosave_phase, login_all  # noqa: E402
from common.databases import fresh_database  # noqa: E402
from faults_pg import available as unavailable_postgres  # noqa: E402
from faults_pg import private_postgres  # noqa: E402
from faults_scenarios import kill_autosave, kill_submit, kill_upload, restart_under_load, verify_saves  # noqa: E402
from faults_world import Served, TmpfsUnavailable, fill, lead_client, official_client, served  # noqa: E402
from faults_world import tmpfs as mounted_tmpfs  # noqa: E402

#: For the test modules (bench/ is only importable once this module has run).
__all__ = ["Served", "autosave_phase", "fill", "kill_autosave", "kill_submit", "kill_upload", "lead_client",
           "login_all", "official_client", "private_postgres", "restart_under_load", "served",
           "unavailable_postgres", "verify_saves"]

PG_URL = os.environ.get("WELTOFFEN_TEST_DATABASE_URL", "")
KIND = "postgresql" if PG_URL else "sqlite"


@contextmanager
def database(tmp: Path, label: str) -> Iterator[str]:
    """A fresh database of the kind the suite runs on, removed afterwards."""
    if KIND == "sqlite":
        yield f"sqlite:///{tmp / f'{label}.db'}"
        return
    with fresh_database("postgresql", tmp, PG_URL, label=label) as url:
        yield url


@contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """faults_world.tmpfs(); fails clearly where mounting is not allowed (the suite and
    CI run as root here: a full disk must be tested, not skipped)."""
    try:
        with mounted_tmpfs(size) as mountpoint:
            yield mountpoint
    except TmpfsUnavailable as exc:
        pytest.fail(f"a tmpfs is needed to fill the upload disk: {exc}")
