"""Files written as part of a database transaction (forum attachments, incident
evidence): written atomically (temporary name, fsync, rename) and removed again when
the transaction rolls back, so a failed request leaves no file without its row.

A full disk raises StorageFull (no temporary file is left behind); the views show its
message beside the kept form values, anything else gets a 507 page (errors.py). What a
killed worker can leave - a file written before its commit, a temporary file - is
removed by `flask files sweep` (platform/storage/sweep.py)."""

import errno
import os
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "weltoffen_written_files"
#: Subfolders of the upload root that hold files referenced by rows.
FOLDERS = ("forum", "incidents")


class StorageFull(OSError):
    """The upload storage has no space left (ENOSPC/EDQUOT); nothing was kept."""

    status = 507

    def __init__(self, path):
        super().__init__(errno.ENOSPC, "No space left for uploads", str(path))
        self.message = _l("The storage for files is full, so nothing was saved. "
                          "Your entries are still here; please try again later.")


def upload_root() -> Path:
    """UPLOAD_FOLDER, or instance/uploads: the one root of every domain's files
    (forum/ and incidents/ live below it)."""
    root = current_app.config.get("UPLOAD_FOLDER") or str(Path(current_app.instance_path) / "uploads")
    return Path(root)


def domain_folder(name: str) -> Path:
    """upload_root()/name, created on first use."""
    path = upload_root() / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def write(session: Session, path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; the file is deleted if `session` rolls back.
    Raises StorageFull when the disk is full (the temporary file is removed)."""
    write_atomic(path, data)
    session.info.setdefault(_KEY, []).append(path)


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically, outside any transaction; StorageFull as write()."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "xb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(path) from exc
        raise


@event.listens_for(Session, "after_commit")
def _keep(session: Session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove(session: Session) -> None:
    for path in session.info.pop(_KEY, []):
        Path(path).unlink(missing_ok=True)
