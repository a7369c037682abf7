"""A checked budget upload waiting for the team's confirmation (the preview step):
kept as a file under the upload root, named by process, user and a random token, for
at most PENDING_SECONDS. Confirming reads it back and parses it again; nothing of it
reaches the database before that. Stale files are removed whenever a new one is kept."""

import re
import secrets
import time
from pathlib import Path

from ..platform.storage.files import upload_root, write_atomic

PENDING_SECONDS = 3600
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _folder() -> Path:
    folder = upload_root() / "pending" / "budget"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _path(process_id: int, user_id: int, token: str) -> Path:
    return _folder() / f"{process_id}-{user_id}-{token}.csv"


def _sweep(now: float) -> None:
    for path in _folder().glob("*.csv"):
        try:
            if now - path.stat().st_mtime > PENDING_SECONDS:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            pass  # removed by another worker meanwhile


def keep(process_id: int, user_id: int, data: bytes) -> str:
    """Keep the upload; returns the token the confirmation form sends back."""
    _sweep(time.time())
    token = secrets.token_urlsafe(24)
    write_atomic(_path(process_id, user_id, token), data)
    return token


def take(process_id: int, user_id: int, token: str) -> bytes | None:
    """The kept upload of this process and user, or None (unknown, foreign or expired)."""
    if not _TOKEN.fullmatch(token or ""):
        return None
    path = _path(process_id, user_id, token)
    try:
        if time.time() - path.stat().st_mtime > PENDING_SECONDS:
            path.unlink(missing_ok=True)
            return None
        return path.read_bytes()
    except FileNotFoundError:
        return None


def discard(process_id: int, user_id: int, token: str) -> None:
    if _TOKEN.fullmatch(token or ""):
        _path(process_id, user_id, token).unlink(missing_ok=True)
