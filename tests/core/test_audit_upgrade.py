"""Upgrading a log written as the plain SHA-256 chain: the migration seals it with one
marker entry; afterwards the old entries verify as before, new ones by MAC, and a
rewritten old entry is still found. SQLite and PostgreSQL (a fresh database each)."""

import base64
import uuid
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from weltoffen import audit, create_app
from weltoffen.audit import GENESIS, AuditEntry, AuditHead
from weltoffen.extensions import db
from weltoffen.platform.db.columns import utcnow

from ..support.audit import rewrite_chain, tamper
from ..support.databases import PG_BASE, create_database, drop_database, pg_reachable_or_fail

BEFORE = "be1fd2c16ac5"  # the last revision with the SHA-256 chain
KEY = base64.b64encode(b"audit-upgrade-test-key-32-bytes!").decode()


@pytest.fixture(params=["sqlite", "postgresql"])
def legacy_app(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'legacy.db'}"
    else:
        pg_reachable_or_fail()
        url = create_database(PG_BASE, f"weltoffen_audit_{uuid.uuid4().hex[:8]}")
    app = create_app({"TESTING": True, "SECRET_KEY": "audit-upgrade", "SQLALCHEMY_DATABASE_URI": url,
                      "INCIDENT_KEY": KEY, "RATELIMIT_ENABLED": False})
    app.instance_path = str(tmp_path / "instance")
    with app.app_context():
        upgrade(revision=BEFORE)
        _write_legacy_chain(4)
        yield app
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        drop_database(PG_BASE, url)


def _write_legacy_chain(n: int) -> None:
    """What the code before the keyed chain wrote: hash = SHA-256 of the payload."""
    prev, start = GENESIS, utcnow() - timedelta(days=30)
    for i in range(1, n + 1):
        entry = AuditEntry(id=i, created_at=start + timedelta(hours=i), action="login",
                           details={"n": i}, prev_hash=prev)
        entry.hash = audit.legacy_digest(entry)
        db.session.add(entry)
        prev = entry.hash
    db.session.add(AuditHead(id=1, seq=n, last_hash=prev))
    db.session.commit()


def test_upgrade_seals_the_legacy_chain(legacy_app):
    upgrade()
    marker = db.session.get(AuditEntry, 5)
    assert marker.action == audit.KEYED_MARKER and marker.details == {"legacy_entries": 4}
    assert marker.prev_hash == db.session.get(AuditEntry, 4).hash
    assert audit.legacy_entries() == 4
    audit.record("test.after_upgrade")
    db.session.commit()
    assert audit.verify() == (6, None, "")
    result = legacy_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0
    assert "6 entries (4 entries before the keyed chain" in result.output


def test_changed_legacy_entry_is_found_after_the_upgrade(legacy_app):
    upgrade()
    tamper(db, "UPDATE audit_entry SET action = 'forged' WHERE id = 2")
    _, broken, reason = audit.verify()
    assert broken.id == 2 and "SHA-256" in reason


def test_recomputed_legacy_chain_breaks_at_the_marker(legacy_app):
    """Rewriting the old entries and their SHA-256 chain is possible without the key,
    but the marker's MAC seals the old last hash."""
    upgrade()
    rewrite_chain(db, 2, audit.legacy_digest, change=_forge, end_id=4)
    _, broken, reason = audit.verify()
    assert broken.id == 5 and "the 4 entries before the switch to the keyed chain were changed" in reason


def test_marker_rewritten_too_seals_nothing(legacy_app):
    upgrade()
    rewrite_chain(db, 2, audit.legacy_digest, change=_forge)
    assert audit.legacy_entries() == 0
    _, broken, reason = audit.verify()
    assert broken.id == 1 and "entry 5 claims to seal the entries before the keyed chain" in reason


def _forge(entry):
    entry.details = {"n": 99}


def test_upgrade_of_an_empty_log_adds_no_marker(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "audit-upgrade", "INCIDENT_KEY": KEY,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}"})
    with app.app_context():
        upgrade()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0
        db.engine.dispose()
