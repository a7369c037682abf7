"""The e-mail digest (`flask forum digest`, for cron): per user daily or weekly, the
notifications not yet digested plus new topics in watched categories since the last
digest. Users with nothing new get no mail; running twice the same day sends nothing
the second time (a digest is due once per calendar day (UTC), or once per 7 days)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ... import permissions
from ...auth.models import User
from ...extensions import db
from ...platform.db.columns import utcnow
from ...platform.mail import render_and_send
from ..models import DIGEST_FREQUENCIES, ForumProfile, Notification, Post, Subscription, Topic

PERIODS = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
#: At most this many new topics are listed per digest.
MAX_TOPICS = 30
#: Notifications a digest may carry: forum ones. An ended incident grant is told in
#: the app only — no mail says anything about incidents; an answered advice request
#: has its own mail.
MAILED = Notification.grant_id.is_(None) & Notification.advice_id.is_(None)


def profile_of(user) -> ForumProfile:
    """The user's forum profile, created (not yet flushed) with defaults if missing."""
    profile = db.session.get(ForumProfile, user.id)
    if profile is None:
        profile = ForumProfile(user_id=user.id, digest="weekly")
        db.session.add(profile)
    return profile


def set_frequency(user, frequency: str) -> ForumProfile:
    """Choose off, daily or weekly; flushes. Raises ValueError for anything else."""
    if frequency not in DIGEST_FREQUENCIES:
        raise ValueError(frequency)
    profile = profile_of(user)
    profile.digest = frequency
    db.session.flush()
    return profile


def is_due(profile: ForumProfile, now: datetime) -> bool:
    """Daily: not yet sent today; weekly: nothing sent in the last 7 days (by date)."""
    if profile.digest not in PERIODS:
        return False
    if profile.digest_sent_at is None:
        return True
    days = PERIODS[profile.digest].days
    return (now.date() - profile.digest_sent_at.date()).days >= days


@dataclass
class Digest:
    user: User
    notifications: list[Notification] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    #: Notifications to mark as digested (including read or no longer visible ones).
    consumed: list[Notification] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.notifications and not self.topics


def build(user, profile: ForumProfile, now: datetime) -> Digest:
    """What the user's next digest holds: unread notifications not yet digested (still
    visible to them) and visible new topics by others in categories they watch."""
    result = Digest(user)
    pending = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id, Notification.digested_at.is_(None), MAILED)
        .order_by(Notification.created_at)
    ).all()
    from .services import still_visible

    for note in pending:
        result.consumed.append(note)
        if note.read_at is None and still_visible(user, note):
            result.notifications.append(note)
    since = profile.digest_sent_at or now - PERIODS.get(profile.digest, timedelta(days=7))
    watched = select(Subscription.category_id).where(
        Subscription.user_id == user.id, Subscription.level == "watching", Subscription.category_id.is_not(None)
    )
    notified = {n.topic_id for n in result.notifications}
    topics = db.session.scalars(
        select(Topic)
        .where(
            Topic.category_id.in_(watched),
            Topic.created_at > since,
            Topic.hidden.is_(False),
            (Topic.author_id != user.id) | Topic.author_id.is_(None),
            Topic.id.not_in(select(Post.topic_id).where(Post.author_id == user.id)),
        )
        .order_by(Topic.created_at)
        .limit(MAX_TOPICS)
    ).all()
    result.topics = [t for t in topics if t.id not in notified and permissions.can_view_topic(user, t)]
    return result


def candidates() -> list[int]:
    """Users who might have something: undigested notifications or watched categories."""
    ids = set(db.session.scalars(select(Notification.user_id).where(Notification.digested_at.is_(None), MAILED)))
    ids.update(
        db.session.scalars(
            select(Subscription.user_id).where(
                Subscription.category_id.is_not(None), Subscription.level == "watching"
            )
        )
    )
    return sorted(ids)


def send_one(digest: Digest, now: datetime, links) -> None:
    """Mail one digest in the recipient's language, then mark it sent; raises
    mail.MailError (nothing is marked then). `links` builds URLs (see cli)."""
    user = digest.user
    render_and_send(
        user.email,
        _l("Forum news from weltoffen"),
        "forum_digest",
        language=user.language,
        user=user,
        notifications=digest.notifications,
        topics=digest.topics,
        links=links,
    )
    mark_sent(digest, now)


def mark_sent(digest: Digest, now: datetime) -> None:
    """Set digested_at on the consumed notifications and digest_sent_at; flushes."""
    for note in digest.consumed:
        note.digested_at = now
    profile_of(digest.user).digest_sent_at = now
    db.session.flush()


def due(now: datetime | None = None):
    """(user, profile) pairs whose digest is due now."""
    now = now or utcnow()
    for user_id in candidates():
        user = db.session.get(User, user_id)
        if user is None or not user.active:
            continue
        profile = db.session.get(ForumProfile, user_id) or ForumProfile(user_id=user_id, digest="weekly")
        if is_due(profile, now):
            yield user, profile
