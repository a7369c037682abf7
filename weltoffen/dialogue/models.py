"""Dialogue with citizens: processes, their phases and sessions, reach figures and the
municipality's population shares (accountability and budgets: accountability_models.py)."""

from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..network.models import Municipality
from ..platform.db.columns import UTCDateTime, in_values, utcnow

STATUSES = ("planned", "running", "finished", "cancelled")
#: The phases every process passes through, in order.
PHASES = ("preparation", "invitation", "sessions", "recommendations", "response", "implementation")
#: Groups a process addresses and sessions count (numbers only, never names).
TARGET_GROUPS = (
    "general_public", "young_people", "older_people", "women", "migrants", "people_with_disabilities",
    "families", "low_income", "neighbourhood", "organisations",
)
#: Features of reach and population shares; districts are named per municipality.
FEATURES = ("age_band", "gender", "district")
AGE_BANDS = ("under_18", "18_29", "30_44", "45_64", "65_plus")
GENDERS = ("female", "male", "diverse")
ACCESSIBILITY = ("step_free", "sign_language", "spoken_interpreting", "childcare", "plain_language")


class DialogueProcess(db.Model):
    __table_args__ = (
        UniqueConstraint("municipality_id", "slug"),
        CheckConstraint(in_values("status", STATUSES), name="status"),
        CheckConstraint("threshold_percent IS NULL OR (threshold_percent >= 0 AND threshold_percent <= 100)",
                        name="threshold"),
        CheckConstraint("response_months IS NULL OR response_months >= 0", name="response_months"),
        CheckConstraint("budget_euro IS NULL OR budget_euro >= 0", name="budget"),
        Index("ix_dialogue_process_published", "published", "municipality_id"),
        Index("ix_dialogue_process_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    #: Part of the public address /beteiligung/<ags>/<slug>; unique per municipality.
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    #: The question put to citizens.
    question: Mapped[str] = mapped_column(Text, default="")
    #: A key of the format catalogue (questionnaires/dialogue-formats.yaml).
    format_key: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12), default="planned")
    # The mandate, fixed before the process starts ("no pseudo-participation").
    mandate_by: Mapped[str] = mapped_column(String(200), default="")
    mandate: Mapped[str] = mapped_column(Text, default="")
    #: Recommendations with at least this support (in %) fall under the commitment.
    threshold_percent: Mapped[int | None]
    #: The council or mayor answers within this many months after the vote.
    response_months: Mapped[int | None]
    target_groups: Mapped[list] = mapped_column(JSON, default=list)
    #: Self-check fields of action (dimension keys) the process serves.
    dimension_keys: Mapped[list] = mapped_column(JSON, default=list)
    budget_euro: Mapped[int | None]
    #: The responsible office, shown publicly (an office, never a citizen).
    responsible_office: Mapped[str] = mapped_column(String(200), default="")
    #: The team member in charge (internal).
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    # Participatory budgets: the period and the number of people who voted.
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    voters: Mapped[int | None]
    #: Published processes have a public page; withdrawing sets it back to False.
    published: Mapped[bool] = mapped_column(default=False)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
    contact: Mapped[User | None] = relationship(foreign_keys=[contact_id])
    phases: Mapped[list["ProcessPhase"]] = relationship(
        back_populates="process", cascade="all, delete-orphan", order_by="ProcessPhase.position"
    )
    sessions: Mapped[list["DialogueSession"]] = relationship(
        back_populates="process", cascade="all, delete-orphan",
        order_by="DialogueSession.held_on",
    )

    @property
    def is_budget(self) -> bool:
        return self.format_key == "participatory_budget"


class ProcessPhase(db.Model):
    __table_args__ = (
        UniqueConstraint("process_id", "kind"),
        CheckConstraint(in_values("kind", PHASES), name="kind"),
        CheckConstraint("ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on", name="order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    #: Index of kind in PHASES.
    position: Mapped[int] = mapped_column(default=0)
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]

    process: Mapped[DialogueProcess] = relationship(back_populates="phases")


class DialogueSession(db.Model):
    """One meeting of a process. Attendance is counted, never listed by name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    held_on: Mapped[date]
    #: Free text such as "18:00–21:00".
    time_of_day: Mapped[str] = mapped_column(String(40), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    #: Keys of ACCESSIBILITY offered at this session.
    accessibility: Mapped[list] = mapped_column(JSON, default=list)
    #: Languages interpreted, free text ("Türkisch, Arabisch").
    interpreting_languages: Mapped[str] = mapped_column(String(200), default="")
    organisations: Mapped[str] = mapped_column(Text, default="")
    #: Markdown, rendered and sanitised as in the forum.
    minutes: Mapped[str] = mapped_column(Text, default="")
    is_public_event: Mapped[bool] = mapped_column(default=False)
    #: Internal: stewards, exits, police contact. Never on the public page.
    safety_plan: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    process: Mapped[DialogueProcess] = relationship(back_populates="sessions")
    attendance: Mapped[list["SessionAttendance"]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionAttendance.group_key"
    )

    @property
    def attendance_total(self) -> int:
        return sum(a.count for a in self.attendance)


class SessionAttendance(db.Model):
    __table_args__ = (
        UniqueConstraint("session_id", "group_key"),
        CheckConstraint(in_values("group_key", TARGET_GROUPS), name="group_key"),
        CheckConstraint("count >= 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("dialogue_session.id", ondelete="CASCADE"))
    group_key: Mapped[str] = mapped_column(String(30))
    count: Mapped[int] = mapped_column(default=0)

    session: Mapped[DialogueSession] = relationship(back_populates="attendance")


class ProcessReach(db.Model):
    """Participants of a whole process by feature value, counted when they took part."""

    __table_args__ = (
        UniqueConstraint("process_id", "feature", "value"),
        CheckConstraint(in_values("feature", FEATURES), name="feature"),
        CheckConstraint("count >= 0", name="count"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"), index=True)
    feature: Mapped[str] = mapped_column(String(12))
    #: An AGE_BANDS or GENDERS key, or a district name.
    value: Mapped[str] = mapped_column(String(120))
    count: Mapped[int] = mapped_column(default=0)


class PopulationShare(db.Model):
    """The municipality's residents by feature value, entered once with source and year."""

    __table_args__ = (
        UniqueConstraint("municipality_id", "feature", "value"),
        CheckConstraint(in_values("feature", FEATURES), name="feature"),
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    feature: Mapped[str] = mapped_column(String(12))
    value: Mapped[str] = mapped_column(String(120))
    percent: Mapped[float]
    source: Mapped[str] = mapped_column(String(300), default="")
    year: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
