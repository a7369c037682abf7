from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..platform.db.columns import UTCDateTime, utcnow


class PeerGroup(db.Model):
    """A named peer group a coordinator defines (e.g. "Kommunen mit Bürgerrat")."""

    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    name: Mapped[str] = mapped_column(String(160))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["PeerGroupMember"]] = relationship(cascade="all, delete-orphan")


class PeerGroupMember(db.Model):
    __table_args__ = (UniqueConstraint("group_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_group.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)


class ComparisonChoice(db.Model):
    """Which of its groups a municipality compares itself with (the lead decides)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), unique=True)
    #: Group keys in order of preference, e.g. ["state:05", "size:2"]; the network is always shown.
    group_keys: Mapped[list] = mapped_column(JSON, default=list)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class SharingOptIn(db.Model):
    """A municipality that shares its named results with the network (revocable)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), unique=True)
    opted_in_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    opted_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class BenchmarkVersion(db.Model):
    """One row: a random token replaced in the same transaction by every write that
    changes what the benchmark pages show (versions.py). The pages key their
    process-level caches on it, so every gunicorn worker sees a change with its next
    request; a token of a rolled-back transaction is never used again."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
