"""Tables of a citizens' assembly by lot (one lottery per dialogue process of the format
"citizens_assembly"). Everything about a person is sealed with the lottery's own data
key (crypto.seal), which is stored wrapped by the master key; destroying the wrapped
key ("crypto-shredding") leaves only the counts. In clear stay: ids, states, dates,
hashes of codes and tokens, and figures about groups.

- LotteryRegister: the register extract as ONE sealed, compressed blob (400,000 adults
  are one row, not 400,000), with its counts per district and age band; shredded as
  soon as the letters are produced.
- Invitation: a person drawn in stage 1 (name and address sealed), with the SHA-256 of
  the personal registration code.
- Registrant: a person who registered (online with the code, on paper or by phone);
  contact details, selection features, needs and availability sealed.
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ...extensions import db
from ...platform.db.columns import UTCDateTime, in_values, utcnow

DRAW_MODES = ("simple", "stratified")
INVITATION_STATES = ("invited", "registered")
REGISTRANT_SOURCES = ("online", "paper", "phone", "import")
REGISTRANT_STATES = ("registered", "withdrawn")
#: Features a registrant declares about themself (age band, gender and district are
#: also in the register extract; education and migration background only here).
SELECTION_FEATURES = ("age_band", "gender", "district", "education", "migration")
EDUCATION = ("low", "medium", "high")
MIGRATION = ("yes", "no")


class Lottery(db.Model):
    __table_args__ = (
        CheckConstraint(f"draw_mode IS NULL OR {in_values('draw_mode', DRAW_MODES)}", name="draw_mode"),
        CheckConstraint("invitations IS NULL OR invitations > 0", name="invitations"),
        CheckConstraint("retention_days >= 0", name="retention_days"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    process_id: Mapped[int] = mapped_column(ForeignKey("dialogue_process.id", ondelete="CASCADE"), unique=True)
    #: The lottery's data key wrapped by the master key; NULL once shredded.
    wrapped_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Stage 1: how the invitations were drawn (recorded so anyone can re-run it).
    draw_mode: Mapped[str | None] = mapped_column(String(12))
    invitations: Mapped[int | None]
    one_per_household: Mapped[bool] = mapped_column(default=True)
    #: {age band: factor} for a stratified draw (younger people answer less often).
    oversampling: Mapped[dict] = mapped_column(JSON, default=dict)
    seed: Mapped[int | None] = mapped_column(BigInteger)
    #: The numbers typed in at a public draw, from which the seed is computed.
    public_numbers: Mapped[str] = mapped_column(String(200), default="")
    drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Letters produced: drawing again is refused from then on.
    letters_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The letter and the information under the GDPR, editable per process.
    letter_subject: Mapped[str] = mapped_column(String(200), default="")
    letter_body: Mapped[str] = mapped_column(Text, default="")
    second_language: Mapped[str] = mapped_column(String(40), default="")
    second_language_body: Mapped[str] = mapped_column(Text, default="")
    consent_text: Mapped[str] = mapped_column(Text, default="")
    #: The last day the registration page accepts codes (None: until the selection).
    registration_until: Mapped[date | None]
    #: Registrations and the panel are shredded this many days after the last session.
    retention_days: Mapped[int] = mapped_column(default=90)
    # Stage 2: the panel's size and targets, proposed from the population and editable.
    panel_size: Mapped[int] = mapped_column(default=60)
    reserve_size: Mapped[int] = mapped_column(default=10)
    #: {feature: {value: [min, max]}}
    targets: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Figures that stay after shredding: {"register": {...}, "invited": {...}, ...}.
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    shredded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    process = relationship("DialogueProcess")
    organisers: Mapped[list["LotteryOrganiser"]] = relationship(cascade="all, delete-orphan")

    @property
    def shredded(self) -> bool:
        return self.wrapped_key is None

    def aad(self, place: str) -> bytes:
        return f"lottery:{self.id}:{place}".encode()


class LotteryOrganiser(db.Model):
    """A team member the lead named to organise the lottery: only they read personal data."""

    __tablename__ = "lottery_organiser"
    __table_args__ = (UniqueConstraint("lottery_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    named_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LotteryRegister(db.Model):
    """The imported register extract, sealed as one compressed blob."""

    __tablename__ = "lottery_register"

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), unique=True)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    people: Mapped[int]
    #: {"district": {name: n}, "age_band": {band: n}, "gender": {g: n}, "strata": {"district|band": n}}.
    counts: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    shredded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Invitation(db.Model):
    __tablename__ = "lottery_invitation"
    __table_args__ = (CheckConstraint(in_values("state", INVITATION_STATES), name="state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    #: Position in the draw (the order of the letters).
    position: Mapped[int]
    #: SHA-256 (hex) of the registration code; the code itself is only in the letter.
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: name, street, postcode, city, district, age band, register id – sealed; NULL when shredded.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(12), default="invited")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Registrant(db.Model):
    __tablename__ = "lottery_registrant"
    __table_args__ = (
        CheckConstraint(in_values("source", REGISTRANT_SOURCES), name="source"),
        CheckConstraint(in_values("state", REGISTRANT_STATES), name="state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("lottery_invitation.id", ondelete="SET NULL"), unique=True)
    source: Mapped[str] = mapped_column(String(8))
    state: Mapped[str] = mapped_column(String(12), default="registered")
    #: Contact details, features, needs, availability and consent – sealed; NULL when shredded.
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: Keyed hash of the normalised address (the one-per-household rule), never the address.
    household: Mapped[str] = mapped_column(String(64), default="")
    #: SHA-256 (hex) of the token in the withdrawal link.
    withdraw_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    entered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CensusShare(db.Model):
    """Census shares typed in for features the register does not have (education,
    migration background), with their source: the basis of the proposed targets."""

    __tablename__ = "lottery_census_share"
    __table_args__ = (UniqueConstraint("lottery_id", "feature", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    feature: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(120))
    percent: Mapped[float]
    source: Mapped[str] = mapped_column(Text, default="")


RUN_STATES = ("queued", "running", "done", "infeasible", "failed")
RUN_KINDS = ("panel", "replacement")
MEMBER_STATES = ("selected", "invited", "confirmed", "declined", "no_answer")


class SelectionRun(db.Model):
    """One selection of the panel (stage 2): what it was asked (targets, sizes, algorithm,
    seed) and what it gave – the quotas reached and the explanation of infeasible targets
    in clear (figures about groups), the panel, the reserve and every registrant's
    probability sealed. At most one run per lottery is queued or running."""

    __tablename__ = "lottery_selection_run"
    __table_args__ = (
        CheckConstraint(in_values("status", RUN_STATES), name="status"),
        CheckConstraint(in_values("kind", RUN_KINDS), name="kind"),
        Index("uq_lottery_selection_run_active", "lottery_id", unique=True,
              sqlite_where=text("status IN ('queued', 'running')"),
              postgresql_where=text("status IN ('queued', 'running')")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    #: "panel": the panel and reserve from all registrants; "replacement": people for
    #: the members in `replacing` who declined, keeping the panel within its targets.
    kind: Mapped[str] = mapped_column(String(12), default="panel")
    #: PanelMember ids a replacement run fills the seats of.
    replacing: Mapped[list] = mapped_column(JSON, default=list)
    algorithm: Mapped[str] = mapped_column(String(12))
    seed: Mapped[int] = mapped_column(BigInteger)
    panel_size: Mapped[int]
    reserve_size: Mapped[int] = mapped_column(default=0)
    one_per_household: Mapped[bool] = mapped_column(default=True)
    #: {feature: {value: [min, max]}}
    targets: Mapped[dict] = mapped_column(JSON, default=dict)
    #: {feature: {value: [min, max, reached]}} of a done run
    quotas: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Infeasible targets: {"conflicts": [...], "relaxation": {...} | None, "explanation": str}
    explanation: Mapped[dict] = mapped_column(JSON, default=dict)
    library_version: Mapped[str] = mapped_column(String(20), default="")
    phase: Mapped[str] = mapped_column(String(40), default="")
    fraction: Mapped[float] = mapped_column(default=0.0)
    #: {"panel": [registrant ids], "reserve": [...], "probabilities": {id: p}} – sealed
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    error: Mapped[str] = mapped_column(Text, default="")
    #: The job runner's task id (its result can be awaited: platform/jobs.py).
    job_id: Mapped[str] = mapped_column(String(40), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class PanelMember(db.Model):
    """A seat on the panel: who holds it (a registrant id; the person's details stay
    sealed with the registration), how they were invited and what they answered. A
    replacement's seat points to the seat of the member who declined."""

    __tablename__ = "lottery_panel_member"
    __table_args__ = (
        CheckConstraint(in_values("state", MEMBER_STATES), name="state"),
        CheckConstraint("channel IN ('', 'mail', 'letter')", name="channel"),
        UniqueConstraint("lottery_id", "registrant_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lottery_id: Mapped[int] = mapped_column(ForeignKey("lottery.id", ondelete="CASCADE"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("lottery_selection_run.id", ondelete="CASCADE"))
    registrant_id: Mapped[int] = mapped_column(ForeignKey("lottery_registrant.id", ondelete="CASCADE"))
    #: 1.. in the order of the panel; a replacement takes the position of the seat it fills.
    position: Mapped[int]
    state: Mapped[str] = mapped_column(String(12), default="selected")
    #: How the invitation went out: by mail, or in the letters' PDF.
    channel: Mapped[str] = mapped_column(String(8), default="")
    replaces_id: Mapped[int | None] = mapped_column(
        ForeignKey("lottery_panel_member.id", ondelete="SET NULL"), unique=True)
    #: SHA-256 (hex) of the personal answer code; the code itself sealed (for the letters).
    answer_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
