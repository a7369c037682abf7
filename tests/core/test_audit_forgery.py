"""The keyed chain against someone with database access: rewriting the log without
the key is named at the first forged entry; anchors kept off the machine catch even a
rewrite with the key."""

import pytest
import sqlalchemy as sa

from weltoffen import audit
from weltoffen.audit import AuditEntry

from ..support.audit import FORGERS, rewrite_chain, tamper


def _entries(make, n=5):
    user = make.user()
    return [audit.record("test.event", actor=user, n=i).id for i in range(n)]


def _forge_details(entry):
    entry.details = {**entry.details, "n": 99}


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["audit", *args])


@pytest.mark.parametrize("forger", FORGERS)
def test_whole_chain_rewritten_without_the_key(app, db, make, forger):
    ids = _entries(make)
    rewrite_chain(db, 1, FORGERS[forger], change=_forge_details)
    checked, broken, reason = audit.verify()
    assert broken.id == 1 and checked == 0 and "MAC does not match" in reason
    result = _cli(app, "verify")
    assert result.exit_code == 1 and "BROKEN at entry 1 " in result.output
    assert ids[-1] >= 5


@pytest.mark.parametrize("forger", FORGERS)
def test_rewrite_from_one_entry_on_names_that_entry(app, db, make, forger):
    ids = _entries(make)
    rewrite_chain(db, ids[2], FORGERS[forger], change=_forge_details)
    checked, broken, reason = audit.verify()
    assert broken.id == ids[2] and checked == ids[2] - 1 and "MAC does not match" in reason
    result = _cli(app, "verify")
    assert result.exit_code == 1 and f"BROKEN at entry {ids[2]} " in result.output


def test_a_marker_written_without_the_key_seals_nothing(db, make):
    """Recomputing everything as the old SHA-256 chain and claiming it all as legacy
    with a forged marker entry still fails at the first entry."""
    ids = _entries(make, 3)
    rewrite_chain(db, 1, audit.legacy_digest)
    last = db.session.get(AuditEntry, ids[-1])
    marker = AuditEntry(id=ids[-1] + 1, created_at=last.created_at, action=audit.KEYED_MARKER,
                        details={"legacy_entries": ids[-1]}, prev_hash=last.hash)
    marker.hash = FORGERS["wrong key"](marker)
    db.session.add(marker)
    db.session.execute(sa.update(audit.AuditHead).values(seq=marker.id, last_hash=marker.hash))
    db.session.flush()
    assert audit.legacy_entries() == 0
    _, broken, _ = audit.verify()
    assert broken.id == 1


def test_anchor_prints_the_head_and_verifies(app, db, make):
    ids = _entries(make, 3)
    result = _cli(app, "anchor", "--no-mail")
    assert result.exit_code == 0, result.output
    anchor = result.stdout.strip()
    head = db.session.get(AuditEntry, ids[-1])
    assert anchor == f"{head.id}:{head.hash}"
    audit.record("test.later", actor=None)  # the log goes on after the anchor
    result = _cli(app, "verify", "--anchor", anchor)
    assert result.exit_code == 0, result.output
    assert f"entries 1 to {head.id} are unchanged" in result.output


def test_anchor_is_mailed_to_the_admins(app, db, make, inbox):
    make.user(email="admin-de@example.org", network_role="admin", language="de")
    make.user(email="admin-en@example.org", network_role="admin", language="en")
    make.user(email="gone@example.org", network_role="admin").active = False
    make.user(email="member@example.org")
    _entries(make, 2)
    result = _cli(app, "anchor")
    assert result.exit_code == 0, result.output
    anchor = result.stdout.strip()
    english = inbox.wait_for("admin-en@example.org")
    assert english["Subject"] == "weltoffen audit log anchor"
    assert f"flask audit verify --anchor {anchor}" in inbox.body(english)
    german = inbox.wait_for("admin-de@example.org")
    assert anchor in inbox.body(german) and german["Subject"] != english["Subject"]
    assert not {"gone@example.org", "member@example.org"} & {m["To"] for m in inbox.messages}


def test_rewrite_with_the_key_is_caught_by_the_anchor(app, db, make):
    """Someone with the database and the key recomputes valid MACs: verify alone passes,
    the anchor taken before does not."""
    ids = _entries(make, 4)
    anchor = audit.current_anchor()
    rewrite_chain(db, ids[1], audit.entry_mac, change=_forge_details)
    assert audit.verify()[2] == ""
    result = _cli(app, "verify", "--anchor", anchor)
    assert result.exit_code == 1
    assert "Audit chain intact" in result.output
    assert f"entry {ids[-1]} no longer has the anchored MAC" in result.output


def test_tampered_anchored_entry_fails(app, db, make):
    ids = _entries(make, 3)
    anchor = audit.current_anchor()
    tamper(db, "UPDATE audit_entry SET action = 'forged' WHERE id = :id", id=ids[-1])
    result = _cli(app, "verify", "--anchor", anchor)
    assert result.exit_code == 1
    assert f"BROKEN at entry {ids[-1]} " in result.output and "Anchor check FAILED" in result.output


def test_missing_anchored_entry_fails(app, db, make):
    ids = _entries(make, 3)
    anchor = audit.current_anchor()
    tamper(db, "DELETE FROM audit_entry WHERE id = :id", id=ids[-1])
    tamper(db, "UPDATE audit_head SET seq = :seq, last_hash = (SELECT hash FROM audit_entry WHERE id = :seq)",
           seq=ids[-2])
    assert audit.verify()[2] == ""
    result = _cli(app, "verify", "--anchor", anchor)
    assert result.exit_code == 1 and f"the anchored entry {ids[-1]} is missing" in result.output


def test_broken_chain_is_not_anchored(app, db, make):
    ids = _entries(make, 2)
    tamper(db, "UPDATE audit_entry SET action = 'forged' WHERE id = :id", id=ids[0])
    result = _cli(app, "anchor", "--no-mail")
    assert result.exit_code == 1 and result.stdout == ""
    assert "No anchor taken" in result.stderr


@pytest.mark.parametrize("anchor", ["", "12", "12:xyz", f"1:{'0' * 63}", f"{10**20}:{'0' * 64}"])
def test_malformed_anchor_is_refused(app, db, anchor):
    result = _cli(app, "verify", "--anchor", anchor)
    assert result.exit_code == 2 and "--anchor" in result.output
