"""What the fault tests share: the bench/ modules that drive a real gunicorn (bench/ is
put on sys.path; bench itself never imports from tests/), a database of the suite's
kind (a SQLite file, or a fresh database beside WELTOFFEN_TEST_DATABASE_URL), the app
served with fault injection on, and a small tmpfs for the upload folder."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))

from autosave_scenario import autosave_phase, login_all  # noqa: E402
from common.databases import AppSettings, fresh_database  # noqa: E402
from common.server import Server, gunicorn  # noqa: E402
from faults_pg import available as unavailable_postgres  # noqa: E402
from faults_pg import private_postgres  # noqa: E402
from faults_scenarios import kill_autosave, kill_submit, kill_upload, restart_under_load, verify_saves  # noqa: E402
from faults_world import World, lead_client, official_client, setup_in_subprocess  # noqa: E402

#: For the test modules (bench/ is only importable once this module has run).
__all__ = ["autosave_phase", "kill_autosave", "kill_submit", "kill_upload", "lead_client", "login_all",
           "official_client", "private_postgres", "restart_under_load", "unavailable_postgres", "verify_saves"]

PG_URL = os.environ.get("WELTOFFEN_TEST_DATABASE_URL", "")
KIND = "postgresql" if PG_URL else "sqlite"


@dataclass
class Served:
    server: Server
    world: World
    env: dict[str, str]
    fault_dir: Path
    upload_root: Path
    workers: int

    @property
    def port(self) -> int:
        return self.server.port


@contextmanager
def database(tmp: Path, label: str) -> Iterator[str]:
    """A fresh database of the kind the suite runs on, removed afterwards."""
    if KIND == "sqlite":
        yield f"sqlite:///{tmp / f'{label}.db'}"
        return
    with fresh_database("postgresql", tmp, PG_URL, label=label) as url:
        yield url


@contextmanager
def served(url: str, tmp: Path, members: int, workers: int) -> Iterator[Served]:
    """The fault world in `url`, served by gunicorn with fault injection on."""
    settings = AppSettings.generate()
    world = setup_in_subprocess(url, members, settings)
    fault_dir, upload_root = tmp / "faults", tmp / "uploads"
    fault_dir.mkdir()
    upload_root.mkdir()
    env = {**settings.environment(url), "WELTOFFEN_FAULT_DIR": str(fault_dir),
           "WELTOFFEN_UPLOAD_FOLDER": str(upload_root)}
    with gunicorn(env, tmp / "gunicorn.log", workers=workers) as server:
        yield Served(server, world, env, fault_dir, upload_root, workers)


@contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on a new folder; unmounted and removed afterwards.
    Skips the test where mounting is not allowed (not root, no CAP_SYS_ADMIN)."""
    mountpoint = Path(tempfile.mkdtemp(prefix="weltoffen-tmpfs-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mountpoint)],  # noqa: S607
                          capture_output=True, text=True)
    if done.returncode:
        mountpoint.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)  # noqa: S607
        mountpoint.rmdir()


def fill(folder: Path, leave: int) -> Path:
    """A file that takes all free space of `folder`'s file system but `leave` bytes."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    filler = folder / "filler.bin"
    with open(filler, "wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler
