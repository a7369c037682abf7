"""`flask restore ARCHIVE`: the database and the upload folder from a `flask backup`.

Order: unpack into a temporary folder (plain files only, no paths leaving it), check
every member against the manifest's SHA-256 (and that nothing unlisted is there),
refuse a non-empty database or upload folder unless `force`, then restore the
database (SQLite: the file is replaced - stop the app first; PostgreSQL: pg_restore
--clean --if-exists in one transaction into the configured database), then the files,
and finally compare the database's Alembic revision with the manifest's and with
this code's migrations. The master key is not in the archive: the restored incidents
open only with the key that was in use when the backup was made.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from flask import current_app
from sqlalchemy import inspect, text

from ..extensions import db
from ..platform.storage.files import upload_root
from . import backup
from .backup import BackupError


@dataclass
class RestoreResult:
    kind: str
    revision: str | None
    files: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


def _safe_members(tar: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for info in tar.getmembers():
        path = PurePosixPath(info.name)
        if not info.isfile() or path.is_absolute() or ".." in path.parts:
            raise BackupError(f"unexpected member in the archive: {info.name!r}")
        members.append(info)
    return members


def unpack(archive: Path, into: Path) -> dict:
    """Extract and verify; returns the manifest. BackupError on any mismatch."""
    with tarfile.open(archive, "r:gz") as tar:
        for info in _safe_members(tar):
            target = into / info.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(info) as src, target.open("wb") as dst:
                while chunk := src.read(backup.CHUNK):
                    dst.write(chunk)
    manifest_path = into / backup.MANIFEST
    if not manifest_path.is_file():
        raise BackupError("the archive has no manifest.json: not a weltoffen backup")
    manifest = json.loads(manifest_path.read_text())
    if manifest.get("format") != backup.FORMAT or manifest.get("app") != "weltoffen":
        raise BackupError("unknown backup format")
    listed = {m["name"] for m in manifest["members"]}
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {backup.MANIFEST}
    if present != listed:
        raise BackupError(f"archive and manifest differ: {sorted(present ^ listed)[:5]}")
    for member in manifest["members"]:
        path = into / member["name"]
        digest = hashlib.sha256()
        with path.open("rb") as fh:
            while chunk := fh.read(backup.CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != member["sha256"] or path.stat().st_size != member["size"]:
            raise BackupError(f"{member['name']}: SHA-256 does not match the manifest (damaged archive?)")
    return manifest


def database_has_rows() -> bool:
    """True when any table (except alembic_version) has a row."""
    try:
        tables = [t for t in inspect(db.engine).get_table_names() if t != "alembic_version"]
        for table in tables:
            quoted = db.engine.dialect.identifier_preparer.quote(table)
            if db.session.execute(text(f"SELECT 1 FROM {quoted} LIMIT 1")).first():  # noqa: S608
                return True
        return False
    finally:
        db.session.rollback()


def uploads_present() -> bool:
    return bool(backup.upload_files())


def restore_sqlite(dump: Path) -> None:
    """Replace the database file (the app must be stopped: open connections would keep
    reading the old file). The old -wal/-shm files go first, or SQLite would replay
    the old database's log onto the restored one."""
    target = backup.sqlite_path()
    db.session.remove()
    db.engine.dispose()
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}.restore")
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # the database: 0600
    with dump.open("rb") as src, os.fdopen(fd, "wb") as dst:
        while chunk := src.read(backup.CHUNK):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    os.replace(staged, target)


def restore_postgresql(dump: Path) -> None:
    db.session.remove()
    db.engine.dispose()
    command = [backup.find_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner",
               "--no-privileges", "--single-transaction", "--exit-on-error",
               f"--dbname={backup.pg_environment()['PGDATABASE']}", str(dump)]
    done = subprocess.run(command, env=backup.pg_environment(), capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed ({done.returncode}): {done.stderr.strip()}")


def restore_files(unpacked: Path, manifest: dict, force: bool) -> int:
    """Write the archive's uploads into the upload folder (atomically per file); with
    `force`, files that are not in the backup are removed, so the folder matches it."""
    root = upload_root()
    wanted = {m["name"].removeprefix("uploads/") for m in manifest["members"] if m["name"].startswith("uploads/")}
    if force:
        for name, path in backup.upload_files():
            if name.removeprefix("uploads/") not in wanted:
                path.unlink()
    for name in sorted(wanted):
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        os.replace(_copy(unpacked / "uploads" / name, staged), target)
    return len(wanted)


def _copy(src: Path, dst: Path) -> Path:
    with src.open("rb") as fin, dst.open("xb") as fout:
        while chunk := fin.read(backup.CHUNK):
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())
    return dst


def code_head() -> str | None:
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    return ScriptDirectory.from_config(config).get_current_head()


def restore_backup(archive: Path, force: bool = False) -> RestoreResult:
    started = time.perf_counter()
    kind = backup.database_kind()
    with tempfile.TemporaryDirectory(prefix="weltoffen-restore-") as tmp:
        manifest = unpack(Path(archive), Path(tmp))
        if manifest["database"] != kind:
            raise BackupError(f"the backup holds a {manifest['database']} database, "
                              f"but the configured database is {kind}")
        if not force and database_has_rows():
            raise BackupError("the configured database is not empty: use --force to overwrite it")
        if not force and uploads_present():
            raise BackupError(f"the upload folder {upload_root()} is not empty: use --force to replace it")
        dump = Path(tmp) / backup.DB_MEMBERS[kind]
        restore_sqlite(dump) if kind == "sqlite" else restore_postgresql(dump)
        files = restore_files(Path(tmp), manifest, force)
    revision = backup.alembic_revision()
    if revision != manifest["alembic_revision"]:
        raise BackupError(f"restored revision {revision} is not the manifest's {manifest['alembic_revision']}")
    warnings = []
    head = code_head()
    if revision != head:
        warnings.append(f"the database is at revision {revision}, this code's head is {head}: "
                        "run `flask db upgrade` before starting the app")
    return RestoreResult(kind, revision, files, time.perf_counter() - started, warnings)
