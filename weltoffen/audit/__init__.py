"""Append-only audit log, chained with a keyed MAC.

Every entry stores the MAC of its predecessor (prev_hash) and its own MAC (hash):
HMAC-SHA256 over its content and prev_hash. The MAC key is derived with HKDF from
WELTOFFEN_AUDIT_KEY or, without it, from the incident master key (crypto.py); it is
never in the database or a backup. Someone who can write to the database but lacks
the key can change, delete or insert entries and recompute a chain, but not the MACs:
verify() names the first entry whose MAC does not match.

Logs begun before the keyed chain were chained with plain SHA-256. At the upgrade
(migration 3f9a1c7e5b20) one marker entry was appended, MAC'ed with the key: action
"audit.chain_keyed", details {"legacy_entries": N}, prev_hash the last SHA-256 hash.
Entries before a valid marker are checked as the SHA-256 chain, every later one by
MAC; a legacy entry changed afterwards breaks the link into the marker.

An anchor ("<id>:<mac>" of the last entry, `flask audit anchor`) kept off the machine
proves the log up to that entry unchanged, even against someone who has the key too.

Appends are serialised by updating the single AuditHead row first: that row lock
(PostgreSQL) or the database write lock (SQLite) makes concurrent requests take
turns, so the chain never forks. Triggers in the migration refuse UPDATE and
DELETE on audit_entry.
"""

import base64
import binascii
import hashlib
import hmac
import json
import re
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app, has_request_context, request
from sqlalchemy import JSON, ForeignKey, String, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column

from .. import crypto
from ..extensions import db
from ..platform.db.columns import UTCDateTime, utcnow

GENESIS = "0" * 64
#: The entry that seals a log written before the keyed chain (see the module docstring).
KEYED_MARKER = "audit.chain_keyed"
#: HKDF "info": the same for both key sources, so WELTOFFEN_AUDIT_KEY set to an old
#: incident key keeps the chain verifiable after the incident key is rotated.
KEY_INFO = b"weltoffen audit chain v1"
ANCHOR = re.compile(r"(\d{1,19}):([0-9a-f]{64})")


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
    #: The predecessor's MAC (GENESIS for the first entry).
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: HMAC-SHA256 of this entry (plain SHA-256 for entries before the marker).
    hash: Mapped[str] = mapped_column(String(64))


class AuditKeyError(Exception):
    pass


def audit_key() -> bytes:
    """The MAC key: HKDF-SHA256 of WELTOFFEN_AUDIT_KEY (base64, at least 32 bytes) or
    of the incident master key."""
    cached = current_app.extensions.get("weltoffen_audit_key")
    if cached:
        return cached
    configured = current_app.config.get("AUDIT_KEY")
    if configured:
        try:
            material = base64.b64decode(configured, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise AuditKeyError("WELTOFFEN_AUDIT_KEY is not valid base64") from exc
        if len(material) < 32:
            raise AuditKeyError("WELTOFFEN_AUDIT_KEY must be at least 32 bytes (base64-encoded)")
    else:
        material = crypto.master_key()
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(material)
    current_app.extensions["weltoffen_audit_key"] = key
    return key


def _payload(entry: AuditEntry) -> bytes:
    return json.dumps(
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
    ).encode()


def entry_mac(entry: AuditEntry, key: bytes | None = None) -> str:
    return hmac.new(key or audit_key(), _payload(entry), hashlib.sha256).hexdigest()


def legacy_digest(entry: AuditEntry) -> str:
    """The plain SHA-256 of entries written before the keyed chain."""
    return hashlib.sha256(_payload(entry)).hexdigest()


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
    key = audit_key()  # before the head's lock is taken
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
    entry.hash = entry_mac(entry, key)
    head.last_hash = entry.hash
    db.session.add(entry)
    db.session.flush()
    return entry


def seal_legacy_chain(connection) -> int:
    """Append the marker entry that closes a SHA-256 chain (the upgrade migration
    calls this once). Returns the number of legacy entries sealed (0: nothing to seal)."""
    head = connection.execute(
        select(AuditHead.seq, AuditHead.last_hash).where(AuditHead.id == 1)
    ).first()
    if head is None or head.seq == 0:
        return 0
    marker = AuditEntry(
        id=head.seq + 1,
        created_at=utcnow(),
        actor_id=None,
        action=KEYED_MARKER,
        object_type=None,
        object_id=None,
        municipality_id=None,
        ip=None,
        details={"legacy_entries": head.seq},
        prev_hash=head.last_hash,
    )
    marker.hash = entry_mac(marker)
    columns = [c.key for c in AuditEntry.__table__.columns]
    connection.execute(insert(AuditEntry.__table__).values({c: getattr(marker, c) for c in columns}))
    connection.execute(
        update(AuditHead.__table__)
        .where(AuditHead.__table__.c.id == 1)
        .values(seq=marker.id, last_hash=marker.hash)
    )
    return head.seq


def legacy_entries(key: bytes | None = None) -> int:
    """How many entries precede the keyed chain: sealed by the first marker whose MAC
    holds (a marker written without the key counts for nothing)."""
    key = key or audit_key()
    markers = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == KEYED_MARKER).order_by(AuditEntry.id)
    )
    for marker in markers:
        sealed = (marker.details or {}).get("legacy_entries")
        if sealed == marker.id - 1 and hmac.compare_digest(entry_mac(marker, key), marker.hash):
            return sealed
    return 0


def verify() -> tuple[int, AuditEntry | None, str]:
    """Walk the chain in order. Returns (entries checked, first broken entry, reason)."""
    key = audit_key()
    legacy = legacy_entries(key)
    prev = GENESIS
    expected_id = 1
    checked = 0
    rows = db.session.execute(select(AuditEntry).order_by(AuditEntry.id)).scalars()
    for entry in rows:
        if entry.id != expected_id:
            return checked, entry, f"entry {expected_id} is missing"
        if entry.prev_hash != prev:
            if entry.id == legacy + 1 and legacy:
                return checked, entry, (
                    f"the {legacy} entries before the switch to the keyed chain were changed "
                    "(their SHA-256 chain no longer ends in the hash this entry seals)"
                )
            return checked, entry, "does not point to the previous entry's MAC"
        if entry.id <= legacy:
            if legacy_digest(entry) != entry.hash:
                return checked, entry, "content does not match its SHA-256 hash (entry before the keyed chain)"
        elif not hmac.compare_digest(entry_mac(entry, key), entry.hash):
            return checked, entry, (
                "its MAC does not match: the entry was changed or written without the audit key"
                + (_false_marker(entry.id) if not legacy else "")
            )
        prev = entry.hash
        expected_id += 1
        checked += 1
    head = db.session.get(AuditHead, 1)
    if head is not None and (head.seq != checked or head.last_hash != prev):
        return checked, None, "the last entries are missing (head does not match)"
    return checked, None, ""


def _false_marker(after_id: int) -> str:
    marker = db.session.scalar(
        select(AuditEntry.id).where(AuditEntry.action == KEYED_MARKER, AuditEntry.id > after_id)
        .order_by(AuditEntry.id).limit(1)
    )
    if marker is None:
        return ""
    return (f" (entry {marker} claims to seal the entries before the keyed chain, "
            "but its own MAC does not match)")


# --- anchors --------------------------------------------------------------------


def current_anchor() -> str | None:
    """"<id>:<mac>" of the last entry, or None for an empty log."""
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1)).first()
    return f"{last.id}:{last.hash}" if last is not None else None


@dataclass
class AnchorCheck:
    entry_id: int
    ok: bool
    reason: str = ""


def parse_anchor(anchor: str) -> tuple[int, str]:
    match = ANCHOR.fullmatch(anchor.strip().lower())
    if not match:
        raise ValueError("an anchor looks like 1234:<64 hex digits> (printed by `flask audit anchor`)")
    return int(match.group(1)), match.group(2)


def check_anchor(anchor: str) -> AnchorCheck:
    """Whether the anchored entry is still there with the anchored MAC. Together with an
    intact chain (verify()) this proves every entry up to it unchanged."""
    entry_id, mac = parse_anchor(anchor)
    entry = db.session.get(AuditEntry, entry_id) if entry_id < 2**63 else None
    if entry is None:
        return AnchorCheck(entry_id, False, f"the anchored entry {entry_id} is missing")
    if not hmac.compare_digest(entry.hash, mac):
        return AnchorCheck(
            entry_id, False, f"entry {entry_id} no longer has the anchored MAC: the log up to it was rewritten"
        )
    return AnchorCheck(entry_id, True)
