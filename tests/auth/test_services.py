from datetime import timedelta

import pyotp
import pytest

from weltoffen.auth import services, totp
from weltoffen.auth.passwords import hash_password, verify_password
from weltoffen.platform.db.columns import utcnow

from ..support.factories import PASSWORD


def test_argon2_hash_roundtrip():
    h = hash_password("ein langes Passwort")
    assert h.startswith("$argon2id$")
    assert verify_password(h, "ein langes Passwort")
    assert not verify_password(h, "falsch")
    assert not verify_password(None, "anything")


def test_authenticate(db, make):
    user = make.user(email="Anna@Example.org")
    assert services.authenticate("  anna@example.ORG ", PASSWORD) is user
    assert services.authenticate("anna@example.org", "wrong password") is None
    assert services.authenticate("nobody@example.org", PASSWORD) is None
    user.active = False
    assert services.authenticate("anna@example.org", PASSWORD) is None


def test_totp_enable_verify_and_no_replay(db, make):
    user = make.user()
    secret = totp.new_secret()
    assert totp.enable(user, secret, "12ab56") is None
    codes = totp.enable(user, secret, pyotp.TOTP(secret).now())
    assert codes is not None and len(codes) == 10
    assert user.totp_secret_sealed and secret.encode() not in user.totp_secret_sealed
    # The enrolment code's step is used up; the next step's code works once.
    next_code = pyotp.TOTP(secret).at(utcnow().timestamp() + 30)
    assert totp.verify(user, next_code) == "totp"
    assert totp.verify(user, next_code) is None


def test_recovery_codes_work_once(db, make):
    user = make.user(network_role="admin")
    codes = totp.new_recovery_codes(user)
    assert totp.verify(user, codes[0]) == "recovery"
    assert totp.verify(user, codes[0]) is None
    assert totp.verify(user, codes[1].upper().replace("-", " ")) == "recovery"
    assert totp.remaining_recovery_codes(user) == 8


def test_second_factor_required_by_role(db, make):
    m = make.municipality()
    assert not make.user(municipality=m, role="member").needs_second_factor
    assert not make.user(municipality=m, role="lead").needs_second_factor
    assert make.user(municipality=m, role="official").needs_second_factor
    assert make.user(municipality=m, role="trust_person").needs_second_factor
    assert make.user(network_role="coordinator", network=m.network).needs_second_factor
    assert make.user(network_role="admin").needs_second_factor


def test_invitation_lifecycle(db, make):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    invitation, token = services.create_invitation(
        lead, "New@Example.org", municipality=m, role="member"
    )
    assert invitation.email == "new@example.org"
    assert token not in invitation.token_hash
    assert services.find_invitation(token) is invitation
    user = services.accept_invitation(invitation, name="Neu", password="ein gutes passwort")
    assert user.roles_in(m.id) == {"member"}
    with pytest.raises(services.TokenError) as exc:
        services.find_invitation(token)
    assert exc.value.reason == "used"


def test_invitation_expired_unknown_and_replaced(db, make):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    old, old_token = services.create_invitation(
        lead, "x@example.org", municipality=m, role="member"
    )
    new, new_token = services.create_invitation(lead, "x@example.org", municipality=m, role="lead")
    with pytest.raises(services.TokenError, match="revoked"):
        services.find_invitation(old_token)
    new.expires_at = utcnow() - timedelta(seconds=1)
    with pytest.raises(services.TokenError, match="expired"):
        services.find_invitation(new_token)
    with pytest.raises(services.TokenError, match="unknown"):
        services.find_invitation("not-a-token")


def test_invitation_for_existing_user_adds_role(db, make):
    m = make.municipality()
    lead = make.user(municipality=m, role="lead")
    existing = make.user(email="da@example.org")
    invitation, _ = services.create_invitation(
        lead, "da@example.org", municipality=m, role="official"
    )
    assert services.accept_invitation(invitation, user=existing) is existing
    assert existing.roles_in(m.id) == {"official"}


def test_coordinator_invitation_sets_network_role(db, make):
    network = make.network()
    admin = make.user(network_role="admin")
    invitation, _ = services.create_invitation(
        admin, "k@example.org", network=network, network_role="coordinator"
    )
    user = services.accept_invitation(invitation, name="K", password="ein gutes passwort")
    assert user.network_role == "coordinator" and user.network_id == network.id


def test_password_reset_single_use_and_sessions_end(db, make):
    user = make.user()
    token_before = user.session_token
    first = services.request_password_reset(user.email)
    second = services.request_password_reset(user.email)
    reset = services.find_password_reset(second.token)
    services.complete_password_reset(reset, "ganz neues passwort")
    assert verify_password(user.password_hash, "ganz neues passwort")
    assert user.session_token != token_before
    for token in (first.token, second.token):  # every open link of the user is spent
        with pytest.raises(services.TokenError, match="used"):
            services.find_password_reset(token)


def test_password_reset_expired_and_unknown_email(db, make):
    user = make.user()
    assert services.request_password_reset("nobody@example.org").user is None
    req = services.request_password_reset(user.email)
    services.find_password_reset(req.token).expires_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(services.TokenError, match="expired"):
        services.find_password_reset(req.token)
