"""Changing the audit log behind the app's back, as an attacker with database access
(but not necessarily the key) would."""

import hashlib
import hmac

import sqlalchemy as sa

from weltoffen import audit
from weltoffen.audit import GENESIS, AuditEntry, AuditHead

WRONG_KEY = b"an attacker's key, not the app's one"


def allow_changes(db) -> None:
    """Switch off the append-only triggers inside the test's transaction."""
    conn = db.session.connection()
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
        conn.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
    else:
        conn.exec_driver_sql("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")


def tamper(db, sql: str, **params) -> None:
    allow_changes(db)
    db.session.execute(sa.text(sql), params)
    db.session.expire_all()


def mac_with_wrong_key(entry) -> str:
    return hmac.new(WRONG_KEY, audit._payload(entry), hashlib.sha256).hexdigest()


FORGERS = {"wrong key": mac_with_wrong_key, "plain SHA-256": audit.legacy_digest}


def rewrite_chain(db, start_id: int, digest, change=None, end_id: int | None = None) -> None:
    """Rewrite every entry from `start_id` on (`change` alters the first one) and
    recompute the chain after it with `digest`: to the end, head included, or up to
    `end_id` only (the entry after it keeps pointing to the old hash)."""
    allow_changes(db)
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    prev = next((e.hash for e in entries if e.id == start_id - 1), GENESIS)
    for entry in entries:
        if entry.id < start_id or (end_id is not None and entry.id > end_id):
            continue
        if entry.id == start_id and change:
            change(entry)
        entry.prev_hash = prev
        entry.hash = digest(entry)
        db.session.flush()
        prev = entry.hash
    if end_id is None:
        db.session.execute(sa.update(AuditHead).where(AuditHead.id == 1).values(last_hash=prev))
        db.session.flush()
    db.session.expire_all()
