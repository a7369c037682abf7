"""A private PostgreSQL server for the scenarios that restart the database: initdb into
a temporary folder, its own port on 127.0.0.1 and its own socket folder, run as the
`postgres` system user when started as root (postgres refuses to run as root). The
shared server on 5432 is never touched.

    with private_postgres() as pg:
        url = pg.create_database("faults")
        pg.restart("fast")          # or "immediate": a crash, recovery on start
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from common.server import free_port

PG_BIN = Path(os.environ.get("WELTOFFEN_PG_BIN", "/usr/lib/postgresql/15/bin"))


def available() -> str | None:
    """None when a private server can be started here, else why not."""
    if not (PG_BIN / "initdb").exists():
        return f"no PostgreSQL binaries in {PG_BIN}"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root without a postgres system user"
    return None


@dataclass
class PrivatePostgres:
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def _run(self, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)  # noqa: S603

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "--no-sync",
                  "-E", "UTF8", "--locale=C.UTF-8")

    def _options(self) -> str:
        return f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60"

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o",
                  self._options(), "-w", "-t", "60", "start")

    def restart(self, mode: str) -> None:
        """pg_ctl restart -m fast|immediate, waiting until the server accepts connections."""
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.folder / "server.log"), "-o",
                  self._options(), "-m", mode, "-w", "-t", "60", "restart")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass

    def start_replica(self) -> PrivatePostgres:
        """A streaming replica of this server (pg_basebackup -R: standby.signal and
        primary_conninfo written), started on a port of its own; stop() it before this
        server's folder is removed (it lives inside it)."""
        replica = PrivatePostgres(self.folder / "replica", free_port())
        replica.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(replica.folder, "postgres", "postgres")
        self._run("pg_basebackup", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                  "-D", str(replica.data), "-R", "-X", "stream", "--no-sync", timeout=120)
        replica.start()
        return replica

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @property
    def base_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self, name: str) -> str:
        engine = sa.create_engine(f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres",
                                  isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{name}"


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A started private server in a new folder below /tmp (not below a folder only root
    may enter: the server runs as postgres); stopped and removed afterwards."""
    pg = PrivatePostgres(Path(tempfile.mkdtemp(prefix="weltoffen-faults-pg-")), free_port())
    try:
        pg.init()
        pg.start()
        yield pg
    finally:
        pg.stop()
        shutil.rmtree(pg.folder, ignore_errors=True)
