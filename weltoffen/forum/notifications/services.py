"""In-app notifications: mentions, replies in watched topics (or topics of watched
categories) and new practices for watched self-check dimensions.

`notify_post` and `notify_practice_published` are called by the posting and practice
services after they flushed; they flush too and never commit. A user gets at most one
notification per post (a mention wins over a reply), never one for their own post,
and only if they may see the post.
"""

from dataclasses import dataclass

from sqlalchemy import func, select, update

from ... import permissions
from ...auth.models import User
from ...extensions import db
from ...platform.db.columns import utcnow
from ..models import Notification
from . import follow

PAGE_SIZE = 20


def _users(ids: set[int]) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids), User.active.is_(True))))


def notify_post(post, mentioned_users) -> list[Notification]:
    """After a post is flushed: a "mention" for each mentioned person (unless they
    muted the topic itself) and a "reply" for each watcher of the topic or its
    category (replies only, not first posts). Returns the notifications created."""
    topic = post.topic
    author_id = post.author_id
    mentioned = {u.id for u in mentioned_users or []} - follow.muted_for_mentions(topic)
    watchers = follow.topic_watchers(topic) if not post.is_first else set()
    kinds = dict.fromkeys(watchers, "reply")
    kinds.update(dict.fromkeys(mentioned, "mention"))
    kinds.pop(author_id, None)
    already = set(
        db.session.scalars(select(Notification.user_id).where(Notification.post_id == post.id))
    )
    created = []
    for user in _users(set(kinds) - already):
        if not permissions.can_view_post(user, post):
            continue
        note = Notification(
            user_id=user.id, kind=kinds[user.id], topic_id=topic.id, post_id=post.id, actor_id=author_id
        )
        db.session.add(note)
        created.append(note)
    db.session.flush()
    return created


def notify_practice_published(practice) -> list[Notification]:
    """After a practice is published: a "practice" notification for everyone who
    watches one of its dimensions and may see it (not its author)."""
    topic = practice.topic
    ids = follow.dimension_watchers(practice.dimension_keys) - {topic.author_id}
    already = set(
        db.session.scalars(
            select(Notification.user_id).where(
                Notification.topic_id == topic.id, Notification.kind == "practice"
            )
        )
    )
    created = []
    for user in _users(ids - already):
        if not permissions.can_view_topic(user, topic):
            continue
        note = Notification(user_id=user.id, kind="practice", topic_id=topic.id, actor_id=topic.author_id)
        db.session.add(note)
        created.append(note)
    db.session.flush()
    return created


def unread_count(user, *, fresh: bool = False) -> int:
    """Unread notifications of the user: the figure loaded with the user for this
    request (auth.views.load_user), unless `fresh` or it was changed since."""
    if not getattr(user, "is_authenticated", False):
        return 0
    known = getattr(user, "nav_unread", None)
    if known is not None and not fresh:
        return known
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


@dataclass
class NotificationPage:
    items: list[Notification]
    total: int
    page: int
    unread: int


def page_for(user, page: int = 1) -> NotificationPage:
    """The user's notifications, newest first, PAGE_SIZE per page (those about posts
    or topics they can no longer see are left out of the page)."""
    where = Notification.user_id == user.id
    total = db.session.scalar(select(func.count(Notification.id)).where(where))
    page = max(1, min(page, (total + PAGE_SIZE - 1) // PAGE_SIZE or 1))
    items = db.session.scalars(
        select(Notification)
        .where(where)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return NotificationPage([n for n in items if still_visible(user, n)], total, page, unread_count(user))


def still_visible(user, note: Notification) -> bool:
    """The notification's post or topic is still visible to the user (for an ended
    grant: the user still manages its incident)."""
    if note.grant is not None:
        return permissions.can_manage_incident(user, note.grant.incident)
    if note.advice is not None:
        return permissions.can_view_advice(user, note.advice)
    if note.post is not None:
        return permissions.can_view_post(user, note.post)
    if note.topic is not None:
        return permissions.can_view_topic(user, note.topic)
    return True


def mark_read(note: Notification) -> None:
    """Mark one notification read (idempotent); flushes."""
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    """Mark all of the user's notifications read; returns how many were unread."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session="fetch")
    )
    db.session.flush()
    return result.rowcount


def describe(note: Notification) -> str:
    """One line about the notification, in the current language."""
    from flask_babel import gettext as _

    if note.kind == "grant_end":
        return _("%(name)s can no longer see incident no. %(n)d: their role as trust person ended",
                 name=note.grant.user.name, n=note.grant.incident_id)
    if note.kind == "advice":
        return _("The network coordination has answered your advice request")
    actor = note.actor.name if note.actor is not None else _("Someone")
    topic = note.topic.title if note.topic is not None else ""
    if note.kind == "mention":
        return _("%(actor)s mentioned you in “%(topic)s”", actor=actor, topic=topic)
    if note.kind == "reply":
        return _("%(actor)s replied in “%(topic)s”", actor=actor, topic=topic)
    if note.kind == "practice":
        return _("New practice for a field of action you follow: “%(topic)s”", topic=topic)
    if note.kind == "hidden":
        return _("Your post in “%(topic)s” was hidden by the moderators", topic=topic)
    return _("Your practice “%(topic)s” was reviewed", topic=topic)


def excerpt(note: Notification, length: int = 160) -> str:
    """A plain-text preview of the notification's post, if any."""
    from ..discussions.rendering import plain_excerpt

    return plain_excerpt(note.post.body, length) if note.post is not None else ""
