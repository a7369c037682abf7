"""`flask backup`: the database and the upload folder in one tar.gz with a manifest.

    weltoffen-backup-20261121T101500Z.tar.gz
      database.sqlite3 | database.pgdump   SQLite online backup / pg_dump -Fc
      uploads/forum/<name>                 forum attachments as stored
      uploads/incidents/<name>             incident evidence, encrypted as stored
      manifest.json                        version, revision, created_at, kind, SHA-256s

SQLite is copied with the online backup API (sqlite3.Connection.backup), which reads a
consistent snapshot while the app keeps running; PostgreSQL with pg_dump in its custom
format (one snapshot too). Incident contents stay sealed: their data keys are in the
database, wrapped by the master key, and the master key itself is never written into
an archive - every member is scanned for the key's bytes and its base64 before the
archive is kept, and the archive is refused if one contains them. Keep the key
(WELTOFFEN_INCIDENT_KEY or instance/incident.key) in a separate place.
"""

from __future__ import annotations

import base64
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from flask import current_app
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ..extensions import db
from ..platform.storage.files import upload_root

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBERS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
#: Files in the upload folder that are never backed up (written atomically under these names).
SKIPPED_SUFFIXES = (".tmp",)
#: Names of secrets that must never enter an archive, wherever they lie.
SECRET_NAMES = {"incident.key", "dev-secret-key"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


@dataclass
class BackupResult:
    path: Path
    size: int
    seconds: float
    members: int
    kind: str
    revision: str | None


def database_kind() -> str:
    name = db.engine.dialect.name
    if name not in DB_MEMBERS:
        raise BackupError(f"unsupported database: {name}")
    return name


def alembic_revision() -> str | None:
    try:
        return db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        db.session.rollback()


def app_version() -> str:
    try:
        return metadata.version("weltoffen")
    except metadata.PackageNotFoundError:
        return "unknown"


def find_pg_tool(name: str) -> str:
    """pg_dump / pg_restore: on PATH, else the newest /usr/lib/postgresql/<v>/bin."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise BackupError(f"{name} not found on PATH or in /usr/lib/postgresql/*/bin: "
                      "install the PostgreSQL client (apt-get install postgresql-client)")


def pg_environment() -> dict[str, str]:
    """libpq variables for the configured database: the password never appears in argv."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    env = dict(os.environ)
    for var, value in (("PGHOST", url.host), ("PGPORT", url.port), ("PGUSER", url.username),
                       ("PGPASSWORD", url.password), ("PGDATABASE", url.database)):
        if value is not None:
            env[var] = str(value)
    return env


def sqlite_path() -> Path:
    database = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).database
    if not database or database == ":memory:":
        raise BackupError("the SQLite database is in memory: nothing to back up")
    return Path(database)


def dump_sqlite(target: Path) -> None:
    """Online backup: a consistent copy while other processes keep writing."""
    source = sqlite3.connect(sqlite_path(), timeout=30)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    finally:
        copy.close()
        source.close()


def dump_postgresql(target: Path) -> None:
    command = [find_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
               f"--file={target}"]
    done = subprocess.run(command, env=pg_environment(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed ({done.returncode}): {done.stderr.strip()}")


def secret_patterns() -> list[bytes]:
    """The master key (and the audit key, if one is set) as bytes and as base64, if one
    exists (never creates one)."""
    configured = current_app.config.get("INCIDENT_KEY")
    key_file = Path(current_app.instance_path) / "incident.key"
    keys = []
    if configured:
        keys.append(base64.b64decode(configured))
    elif key_file.exists():
        keys.append(base64.b64decode(key_file.read_bytes()))
    if current_app.config.get("AUDIT_KEY"):
        keys.append(base64.b64decode(current_app.config["AUDIT_KEY"]))
    patterns = []
    for key in keys:
        encoded = base64.b64encode(key)
        patterns += [key, encoded, encoded.rstrip(b"="), base64.urlsafe_b64encode(key).rstrip(b"=")]
    return patterns


def _hash_and_scan(path: Path, patterns: list[bytes]) -> str:
    """SHA-256 of the file; BackupError if it contains one of the patterns."""
    digest = hashlib.sha256()
    overlap = max((len(p) for p in patterns), default=1) - 1
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
            window = tail + chunk
            if any(p in window for p in patterns):
                raise BackupError(f"{path.name} contains the master key (or the audit key): backup refused")
            tail = window[-overlap:] if overlap else b""
    return digest.hexdigest()


def upload_files() -> list[tuple[str, Path]]:
    """(archive name, path) of every stored upload, sorted."""
    root = upload_root()
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        if path.name in SECRET_NAMES or path.name.endswith(SKIPPED_SUFFIXES):
            continue
        found.append(("uploads/" + path.relative_to(root).as_posix(), path))
    return found


def default_folder() -> Path:
    return Path(current_app.config.get("BACKUP_FOLDER") or Path(current_app.instance_path) / "backups")


def create_backup(folder: Path | None = None) -> BackupResult:
    """Write a new archive into `folder` (default: BACKUP_FOLDER or instance/backups)."""
    started = time.perf_counter()
    folder = Path(folder or default_folder())
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)  # archives are 0600 (below)
    kind = database_kind()
    revision = alembic_revision()
    created = datetime.now(UTC)
    patterns = secret_patterns()
    with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as tmp:
        dump = Path(tmp) / DB_MEMBERS[kind]
        dump_sqlite(dump) if kind == "sqlite" else dump_postgresql(dump)
        members = [(DB_MEMBERS[kind], dump), *upload_files()]
        entries = []
        for name, path in members:
            size = path.stat().st_size
            entries.append({"name": name, "size": size, "sha256": _hash_and_scan(path, patterns)})
        manifest = {
            "format": FORMAT,
            "app": "weltoffen",
            "app_version": app_version(),
            "alembic_revision": revision,
            "created_at": created.isoformat(timespec="seconds"),
            "database": kind,
            "master_key_included": False,
            "members": entries,
        }
        name = f"weltoffen-backup-{created.strftime('%Y%m%dT%H%M%SZ')}.tar.gz"
        partial = Path(tmp) / name
        with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
            for (member, path), entry in zip(members, entries, strict=True):
                _add_file(tar, member, path, entry)
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
        partial.chmod(0o600)
        final = folder / name
        os.replace(partial, final)
    return BackupResult(final, final.stat().st_size, time.perf_counter() - started,
                        len(entries), kind, revision)


def _add_file(tar: tarfile.TarFile, name: str, path: Path, entry: dict) -> None:
    """Add the file as hashed: a file changed since (it must not: uploads are written
    once under random names) fails the backup instead of storing a mismatch."""
    data = path.read_bytes() if entry["size"] <= 64 * CHUNK else None
    if data is not None:
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            raise BackupError(f"{name} changed during the backup; run it again")
        _add_bytes(tar, name, data)
        return
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = entry["size"], int(time.time()), 0o600
    with path.open("rb") as fh:
        tar.addfile(info, fh)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    tar.addfile(info, io.BytesIO(data))
