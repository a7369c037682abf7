"""Append-only, hash-chained audit log.

Every entry stores the hash of its predecessor and its own hash over its content,
so any later change, deletion or insertion breaks the chain at that entry.
Appends are serialised by updating the single AuditHead row first: that row lock
(PostgreSQL) or the database write lock (SQLite) makes concurrent requests take
turns, so the chain never forks. Triggers in the migration refuse UPDATE and
DELETE on audit_entry.
"""

import hashlib
import json
from datetime import datetime

import click
from flask import has_request_context, request
from flask.cli import AppGroup
from sqlalchemy import JSON, ForeignKey, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .extensions import db
from .models_base import UTCDateTime, utcnow

GENESIS = "0" * 64


class AuditHead(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


class AuditEntry(db.Model):
    #: Sequence number assigned from AuditHead; also the primary key.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Users are deactivated, never deleted, so the reference stays valid.
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[int | None]
    #: Municipality the entry concerns, for filtering; None for network-wide entries.
    municipality_id: Mapped[int | None] = mapped_column(index=True)
    ip: Mapped[str | None] = mapped_column(String(45))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64))


def _digest(entry: AuditEntry) -> str:
    payload = json.dumps(
        [
            entry.prev_hash,
            entry.id,
            entry.created_at.isoformat(timespec="microseconds"),
            entry.actor_id,
            entry.action,
            entry.object_type,
            entry.object_id,
            entry.municipality_id,
            entry.ip,
            entry.details,
        ],
        sort_keys=True,
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def _head() -> AuditHead:
    result = db.session.execute(
        update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1)
    )
    if result.rowcount == 0:
        db.session.add(AuditHead(id=1, seq=1, last_hash=GENESIS))
        db.session.flush()
    return db.session.execute(
        select(AuditHead).where(AuditHead.id == 1).execution_options(populate_existing=True)
    ).scalar_one()


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    municipality_id: int | None = None,
    **details,
) -> AuditEntry:
    """Append one entry (flushes, never commits: it lives or dies with the request)."""
    head = _head()
    entry = AuditEntry(
        id=head.seq,
        created_at=utcnow(),
        actor_id=getattr(actor, "id", actor),
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else None,
        object_id=getattr(obj, "id", None),
        municipality_id=municipality_id,
        ip=request.remote_addr if has_request_context() else None,
        details=details,
        prev_hash=head.last_hash,
    )
    entry.hash = _digest(entry)
    head.last_hash = entry.hash
    db.session.add(entry)
    db.session.flush()
    return entry


def verify() -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order. Returns (entries checked, first broken entry, reason)."""
    prev = GENESIS
    expected_id = 1
    checked = 0
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for entry in rows:
        if entry.id != expected_id:
            return checked, entry, f"entry {expected_id} is missing"
        if entry.prev_hash != prev:
            return checked, entry, "does not point to the previous entry's hash"
        if _digest(entry) != entry.hash:
            return checked, entry, "content does not match its hash"
        prev = entry.hash
        expected_id += 1
        checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != prev):
        return checked, None, "the last entries are missing (head does not match)"
    return checked, None, ""


audit_cli = AppGroup("audit", help="Audit log commands.")


@audit_cli.command("verify")
def verify_command() -> None:
    """Check the whole hash chain; name the first broken entry."""
    checked, broken, reason = verify()
    if reason:
        where = "the end of the log"
        if broken is not None:
            where = f"entry {broken.id} ({broken.action}, {broken.created_at:%Y-%m-%d %H:%M:%S})"
        click.echo(
            f"Audit chain BROKEN at {where}: {reason}. {checked} entries before it are intact."
        )
        raise SystemExit(1)
    click.echo(f"Audit chain intact: {checked} entries.")
