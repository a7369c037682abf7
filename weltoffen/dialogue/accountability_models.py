"""Recommendations of a process, the responses to them (kept as a history: nothing is
deleted), implementation progress, and the proposals of a participatory budget."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..platform.db.columns import UTCDateTime, in_values, utcnow
from .models import DialogueProcess

RESPONSE_STATES = ("adopted", "adopted_in_part", "under_review", "rejected")
#: A reason is required for every response except a plain adoption.
REASON_REQUIRED = ("adopted_in_part", "under_review", "rejected")
FEASIBILITY = ("unchecked", "feasible", "not_feasible")
PROJECT_STATES = ("planned", "in_progress", "done", "stopped")


class Recommendation(db.Model):
    __table_args__ = (
        UniqueConstraint("process_id", "number"),
        CheckConstraint("votes_for >= 0 AND votes_against >= 0 AND votes_abstain >= 0", name="votes"),
        Index("ix_recommendation_due", "due_on"),
        Index("ix_recommendation_updated", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"), index=True)
    #: Its number within the process (1, 2, …), as the citizens' report numbers it.
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    votes_for: Mapped[int] = mapped_column(default=0)
    votes_against: Mapped[int] = mapped_column(default=0)
    votes_abstain: Mapped[int] = mapped_column(default=0)
    voted_on: Mapped[date | None]
    #: The department responsible for the response and the implementation.
    department: Mapped[str] = mapped_column(String(200), default="")
    #: When the response is due (from the mandate: voted_on + response_months).
    due_on: Mapped[date | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    process: Mapped[DialogueProcess] = relationship()
    responses: Mapped[list["RecommendationResponse"]] = relationship(
        back_populates="recommendation", order_by="RecommendationResponse.id"
    )
    progress: Mapped[list["ProgressUpdate"]] = relationship(
        back_populates="recommendation", order_by="ProgressUpdate.noted_on"
    )

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def support(self) -> float | None:
        """Share of votes for, abstentions counted as cast (0–1), None without a vote."""
        return self.votes_for / self.votes_cast if self.votes_cast else None

    @property
    def meets_threshold(self) -> bool | None:
        """At least the mandate's threshold of support; None without a vote or threshold."""
        threshold = self.process.threshold_percent
        if threshold is None or self.support is None:
            return None
        return 100 * self.votes_for >= threshold * self.votes_cast

    @property
    def response(self) -> "RecommendationResponse | None":
        return self.responses[-1] if self.responses else None


class RecommendationResponse(db.Model):
    """One response; a change adds a row, so the history stays complete."""

    __table_args__ = (
        CheckConstraint(in_values("state", RESPONSE_STATES), name="state"),
        CheckConstraint("state = 'adopted' OR length(reason) > 0", name="reason"),
        #: The latest response per recommendation from the index alone (accountability.facts).
        Index("ix_recommendation_response_latest", "recommendation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    #: Who decided: "Stadtrat", "Oberbürgermeisterin", "Verwaltung".
    decided_by: Mapped[str] = mapped_column(String(200), default="")
    decided_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="responses")
    created_by: Mapped[User | None] = relationship()


class ProgressUpdate(db.Model):
    __table_args__ = (
        CheckConstraint("percent >= 0 AND percent <= 100", name="percent"),
        Index("ix_progress_update_latest", "recommendation_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    percent: Mapped[int]
    noted_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    recommendation: Mapped[Recommendation] = relationship(back_populates="progress")


class BudgetProposal(db.Model):
    """A proposal of a participatory budget, imported from the municipality's voting tool."""

    __table_args__ = (
        UniqueConstraint("process_id", "reference"),
        CheckConstraint(in_values("feasibility", FEASIBILITY), name="feasibility"),
        CheckConstraint("status IS NULL OR " + in_values("status", PROJECT_STATES), name="status"),
        CheckConstraint("votes >= 0", name="votes"),
        CheckConstraint("amount_euro IS NULL OR amount_euro >= 0", name="amount"),
        CheckConstraint("progress_percent IS NULL OR (progress_percent >= 0 AND progress_percent <= 100)",
                        name="progress"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"), index=True)
    #: The proposal's number in the voting tool.
    reference: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    district: Mapped[str] = mapped_column(String(120), default="")
    estimated_cost_euro: Mapped[int | None]
    feasibility: Mapped[str] = mapped_column(String(14), default="unchecked")
    feasibility_note: Mapped[str] = mapped_column(Text, default="")
    votes: Mapped[int] = mapped_column(default=0)
    funded: Mapped[bool] = mapped_column(default=False)
    amount_euro: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(12))
    progress_percent: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    process: Mapped[DialogueProcess] = relationship()
