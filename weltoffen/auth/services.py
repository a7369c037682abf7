"""Accounts: authentication, invitations, password resets, the second-factor gate.

Services flush and write the audit log; the calling request commits once."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app, redirect, url_for
from sqlalchemy import select, update

from .. import audit
from ..extensions import db
from ..network import services as network_services
from ..platform.db.columns import utcnow
from ..platform.db.setup import end_read_transaction
from . import totp
from .models import Invitation, PasswordReset, User, new_session_token
from .passwords import hash_password, needs_rehash, verify_password
from .tokens import new_token, token_hash

#: Endpoints a user who must enrol a second factor may still reach.
ENROLMENT_ENDPOINTS = frozenset(
    {"auth.setup_second_factor", "auth.logout", "home.set_language", "home.healthz", "static"}
)


class TokenError(Exception):
    """A link token that is unknown, expired, already used or revoked."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalize_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalize_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None (same work either way)."""
    user = get_user_by_email(email)
    stored = user.password_hash if user else None
    end_read_transaction()
    ok = verify_password(stored, password)
    if not ok or user is None or not user.active:
        audit.record("login.failed", actor=user, attempted_email=normalize_email(email)[:254])
        return None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User, method: str) -> None:
    user.last_login_at = utcnow()
    audit.record("login", actor=user, obj=user, second_factor=method)


def second_factor_gate(user: User, endpoint: str):
    """Users whose role requires a second factor must enrol before anything else."""
    if user.needs_second_factor and not user.has_second_factor:
        if endpoint not in ENROLMENT_ENDPOINTS:
            return redirect(url_for("auth.setup_second_factor"))
    return None


def hash_new_password(password: str) -> str:
    """The argon2 hash of a new password, computed before the request writes anything."""
    end_read_transaction()
    return hash_password(password)


def set_password(user: User, password_hash: str, *, reason: str) -> None:
    """New hash and a new session token: every other session of the user ends."""
    user.password_hash = password_hash
    user.session_token = new_session_token()
    audit.record("password.changed", actor=user, obj=user, reason=reason)


# --- invitations -------------------------------------------------------------


def create_invitation(
    inviter: User,
    email: str,
    *,
    municipality=None,
    role: str | None = None,
    network=None,
    network_role: str | None = None,
) -> tuple[Invitation, str]:
    """A pending invitation and the token for its link (permissions checked by the view)."""
    token, digest = new_token()
    days = current_app.config["INVITATION_DAYS"]
    email = normalize_email(email)
    # A newer invitation for the same place replaces older pending ones.
    same_place = (
        Invitation.municipality_id == municipality.id
        if municipality is not None
        else Invitation.network_id == network.id
    )
    db.session.execute(
        update(Invitation)
        .where(
            Invitation.email == email,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            same_place,
        )
        .values(revoked_at=utcnow())
    )
    invitation = Invitation(
        email=email,
        token_hash=digest,
        municipality_id=municipality.id if municipality else None,
        role=role,
        network_id=network.id if network else None,
        network_role=network_role,
        invited_by_id=inviter.id,
        expires_at=utcnow() + timedelta(days=days),
    )
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        "invitation.created",
        actor=inviter,
        obj=invitation,
        municipality_id=invitation.municipality_id,
        email=email,
        role=role or network_role,
    )
    return invitation, token


def find_invitation(token: str) -> Invitation:
    """The pending invitation for a link token, or TokenError with the reason."""
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == token_hash(token))
    )
    if invitation is None:
        raise TokenError("unknown")
    if invitation.accepted_at is not None:
        raise TokenError("used")
    if invitation.revoked_at is not None:
        raise TokenError("revoked")
    if invitation.expires_at <= utcnow():
        raise TokenError("expired")
    return invitation


def accept_invitation(
    invitation: Invitation,
    *,
    user: User | None = None,
    name: str = "",
    password: str = "",
    language: str = "de",
) -> User:
    """Grant the invited role, to an existing user or to a new account."""
    if user is None:
        password_hash = hash_new_password(password)
        user = User(
            email=invitation.email,
            name=name.strip(),
            password_hash=password_hash,
            language=language,
        )
        db.session.add(user)
        db.session.flush()
        audit.record("user.created", actor=user, obj=user, via="invitation")
    if invitation.role:
        network_services.add_membership(user, user, invitation.municipality, invitation.role)
    else:
        network_services.set_network_role(
            user, user, invitation.network_role, invitation.network_id
        )
    invitation.accepted_at = utcnow()
    db.session.flush()
    audit.record(
        "invitation.accepted",
        actor=user,
        obj=invitation,
        municipality_id=invitation.municipality_id,
        role=invitation.role or invitation.network_role,
    )
    return user


def revoke_invitation(actor: User, invitation: Invitation) -> None:
    invitation.revoked_at = utcnow()
    audit.record(
        "invitation.revoked",
        actor=actor,
        obj=invitation,
        municipality_id=invitation.municipality_id,
    )


def pending_invitations(municipality_id: int) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(
                Invitation.municipality_id == municipality_id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )


# --- password reset ------------------------------------------------------------


@dataclass
class ResetRequest:
    #: None when the address has no active account (nothing is stored, no mail is sent).
    user: User | None
    token: str


def request_password_reset(email: str) -> ResetRequest:
    """A reset token for an active account. The same work either way – a token and
    its hash, a password_reset row (without a user for an unknown address: its token
    is never sent), one audit entry, one flush – so that the answer's timing does not
    tell whether the address has an account (the view renders the mail either way)."""
    user = get_user_by_email(email)
    known = user is not None and user.active
    token, digest = new_token()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    db.session.add(
        PasswordReset(
            user_id=user.id if known else None,
            token_hash=digest,
            expires_at=utcnow() + timedelta(minutes=minutes),
        )
    )
    if known:
        audit.record("password.reset_requested", actor=user, obj=user)  # flushes both rows
        return ResetRequest(user, token)
    audit.record("password.reset_unknown", actor=user, attempted_email=normalize_email(email)[:254])
    return ResetRequest(None, token)


def find_password_reset(token: str) -> PasswordReset:
    reset = db.session.scalar(
        select(PasswordReset).where(PasswordReset.token_hash == token_hash(token))
    )
    if reset is None or reset.user is None:
        raise TokenError("unknown")
    if reset.used_at is not None:
        raise TokenError("used")
    if reset.expires_at <= utcnow():
        raise TokenError("expired")
    if not reset.user.active:
        raise TokenError("unknown")
    return reset


def complete_password_reset(reset: PasswordReset, password: str) -> User:
    """Set the new password and spend every open reset link of this user."""
    password_hash = hash_new_password(password)
    now = utcnow()
    db.session.execute(
        update(PasswordReset)
        .where(PasswordReset.user_id == reset.user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.refresh(reset)
    set_password(reset.user, password_hash, reason="reset")
    return reset.user


def reset_second_factor(actor: User, user: User) -> ResetRequest:
    """For someone who lost their second factor: it is removed (secret and recovery
    codes), every session of theirs ends, and a password-reset token is made for the
    mail that tells them. A role that needs a second factor enrols again at the next
    login (second_factor_gate). Audited."""
    totp.disable(user)
    user.session_token = new_session_token()
    audit.record("second_factor.reset", actor=actor, obj=user)
    token, digest = new_token()
    db.session.add(PasswordReset(user_id=user.id, token_hash=digest,
                                 expires_at=utcnow() + timedelta(minutes=current_app.config["PASSWORD_RESET_MINUTES"])))
    db.session.flush()
    return ResetRequest(user, token)
