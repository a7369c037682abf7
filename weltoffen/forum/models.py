"""Forum and practice library: categories, topics, posts and their history,
attachments, follow levels, notifications, reports and practices."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..extensions import db
from ..network.models import Municipality, Network
from ..platform.db.columns import UTCDateTime, in_values, utcnow

AUDIENCES = ("network", "staff")
TOPIC_KINDS = ("discussion", "practice")
#: Why a post is hidden: 3 reports, a moderator's decision, or its author's suspension.
HIDDEN_REASONS = ("reports", "moderator", "suspended")
FOLLOW_LEVELS = ("watching", "normal", "muted")
#: "grant_end" is not about the forum: an incident's grant ended with its trust
#: person's role (incidents/grant_lapse.py); it is shown in the app, never mailed.
NOTIFICATION_KINDS = ("mention", "reply", "practice", "hidden", "review", "grant_end", "advice")
REPORT_REASONS = ("spam", "offensive", "off_topic", "other")
REPORT_RESOLUTIONS = ("kept", "hidden", "edited")
PRACTICE_STATES = ("submitted", "published", "changes_requested", "rejected")
DIGEST_FREQUENCIES = ("off", "daily", "weekly")


class ForumCategory(db.Model):
    __table_args__ = (
        CheckConstraint(in_values("audience", AUDIENCES), name="audience"),
        Index("ix_forum_category_network_position", "network_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(String(1000), default="")
    #: Order on the forum page, ascending.
    position: Mapped[int] = mapped_column(default=0)
    #: "network": every member of the network; "staff": coordinators and admins only.
    audience: Mapped[str] = mapped_column(String(10), default="network")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship()


class Topic(db.Model):
    __table_args__ = (
        CheckConstraint(in_values("kind", TOPIC_KINDS), name="kind"),
        Index("ix_topic_category_activity", "category_id", "pinned", "last_post_at"),
        Index("ix_topic_network_kind", "network_id", "kind"),
        #: The forum index counts each category's visible discussions from this index alone.
        Index("ix_topic_category_kind_hidden", "category_id", "kind", "hidden", "last_post_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("forum_category.id", ondelete="CASCADE"))
    #: Copied from the category, so network-wide lists need no join.
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(12), default="discussion")
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Set when the topic was opened on behalf of a municipality.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Visible replies (posts after the first), kept by the services.
    reply_count: Mapped[int] = mapped_column(default=0)
    locked: Mapped[bool] = mapped_column(default=False)
    pinned: Mapped[bool] = mapped_column(default=False)
    #: Set while the topic's first post is hidden; such topics leave the lists.
    hidden: Mapped[bool] = mapped_column(default=False)

    category: Mapped[ForumCategory] = relationship()
    author: Mapped[User | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    posts: Mapped[list["Post"]] = relationship(
        back_populates="topic", order_by="Post.id", cascade="all, delete-orphan"
    )
    practice: Mapped["Practice | None"] = relationship(back_populates="topic", uselist=False)


class Post(db.Model):
    __table_args__ = (
        CheckConstraint(
            "hidden_reason IS NULL OR " + in_values("hidden_reason", HIDDEN_REASONS), name="hidden_reason"
        ),
        Index("ix_post_topic_id", "topic_id", "id"),
        Index("ix_post_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: Set when written on behalf of a municipality.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id", ondelete="SET NULL"))
    #: The Markdown source as typed.
    body: Mapped[str] = mapped_column(Text)
    #: body rendered by markdown-it-py and sanitised by nh3; never raw user HTML.
    body_html: Mapped[str] = mapped_column(Text)
    #: Quotes abusive language: folded by default, exempt from hiding by reports.
    content_warning: Mapped[bool] = mapped_column(default=False)
    is_first: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(10))
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Last edit after the grace period (edits within it leave no history).
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship(back_populates="posts")
    author: Mapped[User | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    revisions: Mapped[list["PostRevision"]] = relationship(
        back_populates="post", order_by="PostRevision.id", cascade="all, delete-orphan"
    )
    attachments: Mapped[list["Attachment"]] = relationship(
        back_populates="post", order_by="Attachment.id", cascade="all, delete-orphan"
    )

    @property
    def hidden(self) -> bool:
        return self.hidden_reason is not None


class PostRevision(db.Model):
    """The text a post had before an edit."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(Text)
    editor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: A moderator's reason; empty for the author's own edits.
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post] = relationship(back_populates="revisions")
    editor: Mapped[User | None] = relationship()


class Attachment(db.Model):
    """An image or PDF stored outside static/ under a random name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"), index=True)
    uploader_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    #: The uploaded file name, cleaned; shown, never used as a path.
    filename: Mapped[str] = mapped_column(String(200))
    #: Detected from the content, not from the browser's claim.
    content_type: Mapped[str] = mapped_column(String(60))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    #: File name inside the upload folder (random hex).
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    post: Mapped[Post | None] = relationship(back_populates="attachments")


class Subscription(db.Model):
    """A follow level for a category, a topic, or a self-check dimension (practices)."""

    __table_args__ = (
        CheckConstraint(in_values("level", FOLLOW_LEVELS), name="level"),
        CheckConstraint(
            "(CASE WHEN category_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN topic_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN dimension_key IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
        UniqueConstraint("user_id", "category_id"),
        UniqueConstraint("user_id", "topic_id"),
        UniqueConstraint("user_id", "dimension_key"),
        Index("ix_subscription_topic", "topic_id", "level"),
        Index("ix_subscription_category", "category_id", "level"),
        Index("ix_subscription_dimension", "dimension_key", "level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    category_id: Mapped[int | None] = mapped_column(ForeignKey("forum_category.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    #: A self-check dimension key: be told of new practices serving it.
    dimension_key: Mapped[str | None] = mapped_column(String(60))
    level: Mapped[str] = mapped_column(String(10), default="normal")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Notification(db.Model):
    __table_args__ = (
        CheckConstraint(in_values("kind", NOTIFICATION_KINDS), name="kind"),
        Index("ix_notification_user_unread", "user_id", "read_at"),
        Index("ix_notification_user_digest", "user_id", "digested_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"))
    post_id: Mapped[int | None] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    #: Who caused it (the author who mentioned or replied).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: When it went out in an e-mail digest.
    digested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: For "grant_end": the incident grant that ended (its incident and trust person).
    grant_id: Mapped[int | None] = mapped_column(ForeignKey("incident_grant.id", ondelete="CASCADE"))
    #: For "advice": the advice request the network coordination answered.
    advice_id: Mapped[int | None] = mapped_column(ForeignKey("advice_request.id", ondelete="CASCADE"))

    topic: Mapped[Topic | None] = relationship()
    grant: Mapped["IncidentGrant | None"] = relationship()  # noqa: F821
    advice: Mapped["AdviceRequest | None"] = relationship()  # noqa: F821
    post: Mapped[Post | None] = relationship()
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])


class ForumProfile(db.Model):
    """Per-user forum settings and state: digest frequency and suspension."""

    __table_args__ = (CheckConstraint(in_values("digest", DIGEST_FREQUENCIES), name="digest"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    digest: Mapped[str] = mapped_column(String(10), default="weekly")
    digest_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: While set, the user cannot post and their posts are hidden.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspended_reason: Mapped[str] = mapped_column(String(500), default="")
    suspended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class Report(db.Model):
    __table_args__ = (
        CheckConstraint(in_values("reason", REPORT_REASONS), name="reason"),
        CheckConstraint(
            "resolution IS NULL OR " + in_values("resolution", REPORT_RESOLUTIONS), name="resolution"
        ),
        UniqueConstraint("post_id", "reporter_id"),
        Index("ix_report_open", "resolved_at", "post_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id", ondelete="CASCADE"))
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    resolution: Mapped[str | None] = mapped_column(String(10))

    post: Mapped[Post] = relationship()
    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])


class Practice(db.Model):
    """The structured part of a practice topic (URBACT/Eurocities-style fields)."""

    __table_args__ = (
        CheckConstraint(in_values("status", PRACTICE_STATES), name="status"),
        Index("ix_practice_status", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"), unique=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="submitted")
    initial_situation: Mapped[str] = mapped_column(Text, default="")
    approach: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    #: Results, measurable where possible.
    results: Mapped[str] = mapped_column(Text, default="")
    #: What another municipality needs to transfer it.
    transfer: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(String(500), default="")
    #: Size class index (benchmark.groups.size_class) of the municipality at submission.
    size_class: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    review_note: Mapped[str] = mapped_column(String(2000), default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship(back_populates="practice")
    municipality: Mapped[Municipality] = relationship()
    dimensions: Mapped[list["PracticeDimension"]] = relationship(
        back_populates="practice", cascade="all, delete-orphan"
    )
    adoptions: Mapped[list["Adoption"]] = relationship(
        back_populates="practice", order_by="Adoption.created_at", cascade="all, delete-orphan"
    )

    @property
    def dimension_keys(self) -> list[str]:
        return [d.dimension_key for d in self.dimensions]


class PracticeDimension(db.Model):
    """A self-check dimension a practice serves."""

    __table_args__ = (
        UniqueConstraint("practice_id", "dimension_key"),
        Index("ix_practice_dimension_key", "dimension_key", "practice_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    #: A dimension key of a loaded questionnaire, e.g. "participation_dialogue".
    dimension_key: Mapped[str] = mapped_column(String(60))

    practice: Mapped[Practice] = relationship(back_populates="dimensions")


class Adoption(db.Model):
    """A municipality records that it adopted a practice, and later how it went."""

    __table_args__ = (UniqueConstraint("practice_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    outcome: Mapped[str] = mapped_column(String(2000), default="")
    outcome_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    practice: Mapped[Practice] = relationship(back_populates="adoptions")
    municipality: Mapped[Municipality] = relationship()


class HandleVersion(db.Model):
    """One row: a random token replaced in the same transaction by every write that can
    change someone's @handle (discussions/handle_cache.py); each process keeps the handles of a
    network keyed on it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(32))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
