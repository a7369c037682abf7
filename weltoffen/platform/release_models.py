"""Tables of the released figures (releases.py)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .db.columns import UTCDateTime, utcnow


class FigureRelease(db.Model):
    """The figures of one group ("subject") at one moment, as pages show them until
    the next release of the same subject. Never changed once written."""

    __table_args__ = (
        UniqueConstraint("scope", "subject", "seq"),
        Index("ix_figure_release_scope_n", "scope", "shown", "n"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: What the figures are about, e.g. "round:12" (benchmark) or "incidents:3" (a network).
    scope: Mapped[str] = mapped_column(String(40))
    #: The group within the scope, e.g. "state:05", "named:7" or "all".
    subject: Mapped[str] = mapped_column(String(40))
    #: 1, 2, … per scope and subject.
    seq: Mapped[int]
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Units (municipalities, incidents) the figures are about.
    n: Mapped[int]
    #: The K the release was taken with.
    k: Mapped[int]
    #: False for a release of fewer than K units: it withdraws the subject's figures.
    shown: Mapped[bool]
    #: What the pages show (domain-specific, no unit in it); None when not shown.
    figures: Mapped[dict | None] = mapped_column(JSON)
    #: The units and a digest of each one's state, packed: the whole map when
    #: `snapshot`, else only what changed against the subject's release before.
    units: Mapped[bytes] = mapped_column(LargeBinary)
    snapshot: Mapped[bool]
    #: 256-bit parity sketch of the units: a cheap lower bound of the difference.
    sketch: Mapped[bytes] = mapped_column(LargeBinary(32))


class ReleaseStatus(db.Model):
    """Per subject: the release pages show, and the changes waiting for the next one."""

    __table_args__ = (UniqueConstraint("scope", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(40))
    release_id: Mapped[int | None] = mapped_column(ForeignKey("figure_release.id", ondelete="SET NULL"))
    #: Units whose state differs from the shown release (0 … K-1, or more while blocked).
    pending: Mapped[int] = mapped_column(default=0)
    #: The subject of an earlier release the next one would differ from by fewer than K
    #: units: it waits until it differs by at least K from every release ever shown.
    blocked_by: Mapped[str | None] = mapped_column(String(40))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class ReleaseScope(db.Model):
    """One row per scope, updated first by every evaluation: concurrent evaluations of
    the same scope take turns (row lock on PostgreSQL, write lock on SQLite)."""

    scope: Mapped[str] = mapped_column(String(40), primary_key=True)
    evaluated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
