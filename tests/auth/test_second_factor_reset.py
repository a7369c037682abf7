"""A user who lost their second factor is not locked out for good: an admin removes it
(audited), their sessions end, a mail gives them a link to a new password, and they
enrol again at the next login. Nobody else may do it; an admin not to themself."""

import re

import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.auth.models import RecoveryCode

SECRET = "JBSWY3DPEHPK3PXP"


def test_an_admin_resets_a_lost_second_factor(client, login, make, db, inbox):
    admin = make.user(network_role="admin")
    town = make.municipality(make.network(), name="Iserlohn")
    official = make.user(municipality=town, role="official", totp_secret=SECRET, name="Olga Amt")
    old_token = official.session_token
    db.session.add(RecoveryCode(user_id=official.id, code_hash="x" * 64))
    db.session.commit()
    login(admin)
    page = client.get(f"/admin/users/{official.id}")
    assert "Zweiten Faktor zurücksetzen" in page.text
    r = client.post(f"/admin/users/{official.id}/second-factor")
    assert r.status_code == 302
    db.session.refresh(official)
    assert not official.has_second_factor and official.totp_secret_sealed is None
    assert official.session_token != old_token  # every session of theirs has ended
    assert db.session.scalar(sa.select(sa.func.count(RecoveryCode.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "second_factor.reset", AuditEntry.object_id == official.id)) == 1
    body = inbox.body(inbox.wait_for(official.email))
    path = re.search(r"https?://[^/\s]+(/auth/reset/\S+)", body).group(1)
    client.get("/auth/logout")
    assert client.get(path).status_code == 200  # the link opens the new-password form
    # a new login must enrol again before anything else
    login(official)
    assert client.get("/").headers["Location"].endswith("/auth/account/second-factor")


def test_only_admins_reset_and_not_their_own(client, login, make, db):
    admin = make.user(network_role="admin", totp_secret=SECRET)
    town = make.municipality(make.network(), name="Hemer")
    official = make.user(municipality=town, role="official", totp_secret=SECRET)
    for other in (make.user(network_role="coordinator", totp_secret=SECRET),
                  make.user(municipality=town, role="lead", totp_secret=SECRET)):
        login(other)
        assert client.post(f"/admin/users/{official.id}/second-factor").status_code == 403
    login(admin)
    assert client.post(f"/admin/users/{admin.id}/second-factor").status_code == 302
    db.session.refresh(admin)
    db.session.refresh(official)
    assert admin.has_second_factor and official.has_second_factor
    assert client.post("/admin/users/999999/second-factor").status_code == 404
