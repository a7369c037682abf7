"""What GET /healthz checks: the database answers SELECT 1 within a short timeout,
and the upload folder exists and is writable. No secrets, no error messages (they
may name hosts): only "ok" or "error" per check and the exception's class name."""

import os
import shutil

from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..platform.storage.files import upload_root

#: Milliseconds the database may take for SELECT 1 (PostgreSQL statement_timeout).
DB_TIMEOUT_MS = 2000


def check_database() -> str | None:
    """None when the database answers, else the exception's class name."""
    try:
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(text(f"SET LOCAL statement_timeout = {DB_TIMEOUT_MS}"))
        db.session.execute(text("SELECT 1")).scalar_one()
        db.session.rollback()
        return None
    except (SQLAlchemyError, OSError) as exc:
        db.session.rollback()
        return type(exc).__name__


def check_uploads() -> str | None:
    """None when the upload folder is writable (created when missing, as the upload
    helpers do) and has at least HEALTHZ_MIN_FREE_BYTES free, else what is wrong."""
    root = upload_root()
    try:
        if not root.is_dir():
            root.mkdir(parents=True, exist_ok=True)
        if not os.access(root, os.W_OK | os.X_OK):
            return "not writable"
        minimum = int(current_app.config.get("HEALTHZ_MIN_FREE_BYTES") or 0)
        if minimum and shutil.disk_usage(root).free < minimum:
            return "disk nearly full"
    except OSError as exc:
        return type(exc).__name__
    return None


def report() -> tuple[dict, bool]:
    """The /healthz body and whether everything is fine."""
    body: dict = {"status": "ok", "database": "ok", "uploads": "ok"}
    failed = {}
    for name, check in (("database", check_database), ("uploads", check_uploads)):
        problem = check()
        if problem:
            body[name] = "error"
            failed[name] = problem
    if failed:
        body["status"] = "error"
        body["errors"] = failed
    return body, not failed
