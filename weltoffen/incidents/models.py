"""The incident log: incidents with their sealed contents, grants to trust persons,
timeline entries, evidence files and links between incidents.

What is needed for the network statistics (quarter, form, channel, severity, size
class) is stored in the clear; everything that tells what happened, to whom and by
whom is sealed with the incident's own data key (crypto.seal with `data_key`), and
that key is stored wrapped by the master key (crypto.wrap_key). Destroying the
wrapped key ("crypto-shredding") leaves the statistics and makes the rest unreadable.
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..network.models import Network
from ..platform.db.columns import UTCDateTime, in_values, utcnow

STATES = ("draft", "open", "closed")
#: KoMo-style forms of hostility; the physical and property subtypes are forms of their own.
FORMS = (
    "insult", "defamation", "threat", "coercion", "stalking", "discrimination", "incitement",
    "property_vehicle", "property_campaign", "property_home", "property_other",
    "physical_crowding", "physical_hitting", "physical_shoving", "physical_object", "physical_other",
    "online_hate",
)
CHANNELS = ("in_person", "letter", "email", "phone", "social_media", "other", "event")
#: Ordered from least to most severe (after RIAS): the index is the ordinal.
SEVERITIES = ("mass_mailing", "hurtful", "threat", "property_damage", "attack", "extreme_violence")
ENTRY_KINDS = ("note", "police_contact", "complaint_filed", "deadline", "prosecution", "support", "consequence")
PROSECUTION_STATES = ("pending", "convicted", "not_convicted", "dropped")


class Incident(db.Model):
    __table_args__ = (
        CheckConstraint(in_values("status", STATES), name="status"),
        CheckConstraint("form IS NULL OR " + in_values("form", FORMS), name="form"),
        CheckConstraint("channel IS NULL OR " + in_values("channel", CHANNELS), name="channel"),
        CheckConstraint("severity IS NULL OR (severity >= 0 AND severity < 6)", name="severity"),
        Index("ix_incident_reporter", "reporter_id", "status"),
        Index("ix_incident_stats", "network_id", "status", "quarter"),
        Index("ix_incident_retention", "status", "closed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="RESTRICT"))
    #: For the network statistics only; the municipality itself is not stored here.
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: Statistics in the clear: "2026-Q3", the form, channel, severity index, size class index.
    quarter: Mapped[str | None] = mapped_column(String(7))
    form: Mapped[str | None] = mapped_column(String(20))
    channel: Mapped[str | None] = mapped_column(String(12))
    severity: Mapped[int | None]
    size_class: Mapped[int | None]
    #: The incident's data key wrapped by the master key; NULL once shredded.
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: Sealed JSON of everything else (date and time, targets, perpetrator, motive,
    #: platform and link, description, consequences ...); see incidents/sealing.py.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Set when the wrapped key was destroyed (retention or the reporter's "delete").
    shredded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])
    network: Mapped[Network] = relationship()
    grants: Mapped[list["IncidentGrant"]] = relationship(
        back_populates="incident", order_by="IncidentGrant.id", cascade="all, delete-orphan"
    )
    entries: Mapped[list["TimelineEntry"]] = relationship(
        back_populates="incident", order_by="TimelineEntry.id", cascade="all, delete-orphan"
    )
    evidence: Mapped[list["Evidence"]] = relationship(
        back_populates="incident", order_by="Evidence.id", cascade="all, delete-orphan"
    )

    @property
    def shredded(self) -> bool:
        return self.wrapped_key is None


class IncidentGrant(db.Model):
    """A trust person the reporter let read (or read and write) one incident."""

    __table_args__ = (
        Index("ix_incident_grant_user", "user_id", "revoked_at"),
        Index("ix_incident_grant_incident", "incident_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    can_write: Mapped[bool] = mapped_column(default=False)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    incident: Mapped[Incident] = relationship(back_populates="grants")
    user: Mapped[User] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class TimelineEntry(db.Model):
    """Notes, police contact, complaint with case number, deadlines, prosecution,
    support and consequences; the text and case number are sealed."""

    __table_args__ = (
        CheckConstraint(in_values("kind", ENTRY_KINDS), name="kind"),
        Index("ix_timeline_reminder", "due_on", "reminded_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Sealed JSON: date, text, case number, prosecution status, support, consequences.
    sealed: Mapped[bytes] = mapped_column(LargeBinary)
    #: A deadline (e.g. the criminal complaint, 3 months for insult-type offences), in
    #: the clear so the reminder job can find it without keys.
    due_on: Mapped[date | None] = mapped_column(Date)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident: Mapped[Incident] = relationship(back_populates="entries")


class Evidence(db.Model):
    """A file kept encrypted under a random name; its SHA-256 was taken at upload,
    before anything else touched it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: SHA-256 of the original bytes as received.
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    #: Detected from the content: image/png, image/jpeg, application/pdf, message/rfc822, audio/...
    content_type: Mapped[str] = mapped_column(String(60))
    #: Sealed JSON: original file name, link, capture time, note.
    sealed_meta: Mapped[bytes] = mapped_column(LargeBinary)
    #: Encrypted original in the upload folder (random hex name).
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    #: Encrypted preview with metadata (GPS, device) stripped; images only.
    preview_name: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    incident: Mapped[Incident] = relationship(back_populates="evidence")


class IncidentLink(db.Model):
    """Two incidents of the same reporter that share a perpetrator or account."""

    __table_args__ = (
        UniqueConstraint("first_id", "second_id"),
        CheckConstraint("first_id < second_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    second_id: Mapped[int] = mapped_column(ForeignKey("incident.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
