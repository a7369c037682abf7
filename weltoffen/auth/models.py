import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..network.models import Membership, Municipality, Network
from ..platform.db.columns import UTCDateTime, utcnow

NETWORK_ROLES = ("coordinator", "admin")
#: Roles whose holders must use a second factor (DESIGN.md, security baseline).
SECOND_FACTOR_MUNICIPAL_ROLES = frozenset({"official", "trust_person"})


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __table_args__ = (
        CheckConstraint(
            "network_role IS NULL OR network_role IN ('coordinator', 'admin')", name="network_role"
        ),
        CheckConstraint("language IN ('de', 'en')", name="language"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-cased; the login key.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    language: Mapped[str] = mapped_column(String(2), default="de")
    #: Network-wide role: coordinator of network_id, or platform admin.
    network_role: Mapped[str | None] = mapped_column(String(20))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="SET NULL"))
    #: TOTP secret sealed with the master key (crypto.seal); set at enrolment.
    totp_secret_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Last accepted TOTP time step, so a code cannot be replayed.
    totp_last_step: Mapped[int | None]
    #: Flask-Login identity; rotating it ends every session of the user.
    session_token: Mapped[str] = mapped_column(String(32), unique=True, default=new_session_token)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network: Mapped[Network | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.network_role == "admin"

    @property
    def is_coordinator(self) -> bool:
        return self.network_role == "coordinator"

    @property
    def has_second_factor(self) -> bool:
        return self.totp_enabled_at is not None

    @property
    def needs_second_factor(self) -> bool:
        if self.network_role:
            return True
        return any(m.role in SECOND_FACTOR_MUNICIPAL_ROLES for m in self.memberships)

    def roles_in(self, municipality_id: int) -> set[str]:
        return {m.role for m in self.memberships if m.municipality_id == municipality_id}

    @property
    def municipalities(self) -> list[Municipality]:
        seen: dict[int, Municipality] = {}
        for m in self.memberships:
            seen.setdefault(m.municipality_id, m.municipality)
        return sorted(seen.values(), key=lambda mu: mu.name)


class RecoveryCode(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: SHA-256 of the code; codes are random, so a fast hash is enough.
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invitation(db.Model):
    __table_args__ = (
        CheckConstraint("(municipality_id IS NULL) = (role IS NULL)", name="role_with_place"),
        CheckConstraint("(role IS NULL) <> (network_role IS NULL)", name="one_role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    #: SHA-256 of the token in the link; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE")
    )
    #: Municipal role granted on acceptance (or network_role for coordinators).
    role: Mapped[str | None] = mapped_column(String(20))
    network_role: Mapped[str | None] = mapped_column(String(20))
    network_id: Mapped[int | None] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    municipality: Mapped[Municipality | None] = relationship()
    network: Mapped[Network | None] = relationship()
    invited_by: Mapped[User | None] = relationship()


class PasswordReset(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    #: None: asked for an address without an active account. Stored all the same (its
    #: token is never sent) so that both answers do the same work.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
