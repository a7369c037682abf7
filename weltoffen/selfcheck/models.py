from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..network.models import Municipality, Network
from ..platform.db.columns import UTCDateTime, utcnow

SUBMISSION_STATES = ("not_started", "draft", "submitted")
ADVICE_STATES = ("open", "in_progress", "answered")
MEASURE_STATES = ("planned", "in_progress", "done", "dropped")


class Questionnaire(db.Model):
    """An immutable, loaded version of a questionnaire file."""

    __table_args__ = (UniqueConstraint("slug", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    version: Mapped[int]
    title_de: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    #: The checked definition (format: questionnaires/README.md).
    definition: Mapped[dict] = mapped_column(JSON)
    #: SHA-256 of the canonical definition; a reload with other content is refused.
    content_hash: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def dimensions(self) -> list[dict]:
        return self.definition["dimensions"]

    def dimension(self, key: str) -> dict | None:
        return next((d for d in self.dimensions if d["key"] == key), None)

    def question(self, key: str) -> dict | None:
        for dim in self.dimensions:
            for q in dim["questions"]:
                if q["key"] == key:
                    return q
        return None

    @property
    def question_count(self) -> int:
        return sum(len(d["questions"]) for d in self.dimensions)


class Round(db.Model):
    __table_args__ = (
        CheckConstraint("status IN ('open', 'closed')", name="status"),
        CheckConstraint("opens_on <= deadline", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id"), index=True)
    questionnaire_id: Mapped[int] = mapped_column(ForeignKey("questionnaire.id"))
    title: Mapped[str] = mapped_column(String(200))
    opens_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    network: Mapped[Network] = relationship()
    questionnaire: Mapped[Questionnaire] = relationship()
    submissions: Mapped[list["Submission"]] = relationship(back_populates="round")


class Submission(db.Model):
    """One municipality's self-check in one round."""

    __table_args__ = (
        UniqueConstraint("round_id", "municipality_id"),
        CheckConstraint("status IN ('not_started', 'draft', 'submitted')", name="status"),
        Index("ix_submission_municipality_status", "municipality_id", "status"),
        # Participation per round (counts by status) read from the index alone.
        Index("ix_submission_round_status", "round_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("round.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    status: Mapped[str] = mapped_column(String(12), default="not_started")
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Weighted overall score 0–100, stored at submit (None while not submitted).
    overall_score: Mapped[float | None]
    #: Share (0–100) of scored question weight that had a real answer.
    overall_confidence: Mapped[float | None]
    #: When the deadline reminder went out (flask selfcheck remind sends one).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    round: Mapped[Round] = relationship(back_populates="submissions")
    municipality: Mapped[Municipality] = relationship()
    scores: Mapped[list["DimensionScore"]] = relationship(
        back_populates="submission", cascade="all, delete-orphan"
    )

    @property
    def questionnaire(self) -> Questionnaire:
        return self.round.questionnaire

    @property
    def locked(self) -> bool:
        return self.status == "submitted"


class Answer(db.Model):
    """One team member's answer to one question."""

    __table_args__ = (
        UniqueConstraint("submission_id", "question_key", "user_id"),
        CheckConstraint("special IS NULL OR special IN ('dk', 'na')", name="special"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    #: The answer as the question type stores it (step index, option key(s), number, text).
    value: Mapped[object | None] = mapped_column(JSON)
    #: "dk" (don't know) or "na" (not applicable).
    special: Mapped[str | None] = mapped_column(String(2))
    evidence: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class TeamAnswer(db.Model):
    """The team's answer where the lead has set one (consensus)."""

    __table_args__ = (
        UniqueConstraint("submission_id", "question_key"),
        CheckConstraint("special IS NULL OR special IN ('dk', 'na')", name="special"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(64))
    value: Mapped[object | None] = mapped_column(JSON)
    special: Mapped[str | None] = mapped_column(String(2))
    evidence: Mapped[str] = mapped_column(Text, default="")
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class QuestionComment(db.Model):
    __table_args__ = (Index("ix_question_comment_lookup", "submission_id", "question_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    question_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship()  # noqa: F821


class DimensionScore(db.Model):
    """A dimension's score, written at submit so reading never re-scores answers."""

    __table_args__ = (UniqueConstraint("submission_id", "dimension_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id", ondelete="CASCADE"))
    dimension_key: Mapped[str] = mapped_column(String(64))
    #: 0–100, None when no scored question had a real answer.
    score: Mapped[float | None]
    band: Mapped[str | None] = mapped_column(String(64))
    #: Share (0–100) of the dimension's scored weight that had a real answer.
    confidence: Mapped[float]
    answered: Mapped[int]
    total: Mapped[int]

    submission: Mapped[Submission] = relationship(back_populates="scores")


class AdviceRequest(db.Model):
    __table_args__ = (
        CheckConstraint("status IN ('open', 'in_progress', 'answered')", name="status"),
        Index("ix_advice_request_status", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submission.id"), index=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    dimension_key: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12), default="open")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answer: Mapped[str | None] = mapped_column(Text)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submission: Mapped[Submission] = relationship()
    municipality: Mapped[Municipality] = relationship()
    created_by: Mapped["User | None"] = relationship(foreign_keys=[created_by_id])  # noqa: F821
    answered_by: Mapped["User | None"] = relationship(foreign_keys=[answered_by_id])  # noqa: F821


class Measure(db.Model):
    """A step of a municipality's action plan, tied to a dimension of a questionnaire."""

    __table_args__ = (
        CheckConstraint("status IN ('planned', 'in_progress', 'done', 'dropped')", name="status"),
        Index("ix_measure_lookup", "municipality_id", "questionnaire_slug", "dimension_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    questionnaire_slug: Mapped[str] = mapped_column(String(80))
    dimension_key: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: The team member responsible (one of the municipality's team when chosen).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Or a department (free text), when no team member is chosen.
    owner: Mapped[str] = mapped_column(String(120), default="")
    due_on: Mapped[date | None] = mapped_column(Date)
    #: When the reminder before the due date went out (flask selfcheck remind-measures).
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(12), default="planned")
    #: The submission whose result led to this measure.
    submission_id: Mapped[int | None] = mapped_column(ForeignKey("submission.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
    owner_user: Mapped["User | None"] = relationship(foreign_keys=[owner_id])  # noqa: F821

    @property
    def responsible(self) -> str:
        """The chosen team member's name, else the free text (a department), else ""."""
        if self.owner_user is not None:
            return self.owner_user.name
        return self.owner

