"""Files written as part of a database transaction (forum attachments, later incident
evidence): written atomically (temporary name, fsync, rename) and removed again when
the transaction rolls back, so a failed request leaves no file without its row."""

import os
import secrets
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.orm import Session

_KEY = "weltoffen_written_files"


def write(session: Session, path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically; the file is deleted if `session` rolls back."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    with open(tmp, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    session.info.setdefault(_KEY, []).append(path)


@event.listens_for(Session, "after_commit")
def _keep(session: Session) -> None:
    session.info.pop(_KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove(session: Session) -> None:
    for path in session.info.pop(_KEY, []):
        Path(path).unlink(missing_ok=True)
