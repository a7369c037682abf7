import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from weltoffen import audit
from weltoffen.audit import AuditEntry

from ..support.audit import tamper


def test_chain_verifies(db, make):
    user = make.user()
    for i in range(5):
        audit.record("test.event", actor=user, obj=user, n=i)
    checked, broken, reason = audit.verify()
    assert reason == "" and broken is None and checked >= 5
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    for prev, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == prev.hash
        assert entry.id == prev.id + 1


def test_changed_entry_is_named(db, make, app):
    user = make.user()
    ids = [audit.record("test.event", actor=user, n=i).id for i in range(4)]
    tamper(db, "UPDATE audit_entry SET action = 'forged' WHERE id = :id", id=ids[2])
    checked, broken, reason = audit.verify()
    assert broken.id == ids[2] and "MAC does not match" in reason
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"entry {ids[2]}" in result.output


def test_deleted_entry_is_named(db, make):
    user = make.user()
    ids = [audit.record("test.event", actor=user, n=i).id for i in range(4)]
    tamper(db, "DELETE FROM audit_entry WHERE id = :id", id=ids[1])
    _, broken, reason = audit.verify()
    assert broken.id == ids[2] and f"entry {ids[1]} is missing" in reason


def test_truncated_tail_is_detected(db, make):
    user = make.user()
    ids = [audit.record("test.event", actor=user, n=i).id for i in range(3)]
    tamper(db, "DELETE FROM audit_entry WHERE id = :id", id=ids[-1])
    _, broken, reason = audit.verify()
    assert broken is None and "head" in reason


def test_database_refuses_update_and_delete(db, make):
    entry = audit.record("test.event", actor=make.user())
    for sql in (
        "UPDATE audit_entry SET action = 'x' WHERE id = :id",
        "DELETE FROM audit_entry WHERE id = :id",
    ):
        with pytest.raises(DBAPIError, match="append-only"):
            with db.session.begin_nested():
                db.session.execute(sa.text(sql), {"id": entry.id})


def test_cli_reports_intact_chain(app, db, make):
    audit.record("test.event", actor=make.user())
    result = app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "intact" in result.output
