"""Follow levels (watching, normal, muted) for categories, topics and self-check
dimensions, and who therefore hears of what.

Defaults without an explicit choice: the author of a topic watches it; someone who
replied "tracks" it (treated as normal: no reply notifications, mentions arrive);
everyone else follows at the category's level, normal by default. An explicit level
on a topic always wins over the category's.
"""

from sqlalchemy import select

from ...extensions import db
from ..models import FOLLOW_LEVELS, Post, Subscription, Topic


class FollowError(ValueError):
    pass


def _subscription(user_id: int, **target) -> Subscription | None:
    return db.session.scalar(select(Subscription).filter_by(user_id=user_id, **target))


def set_level(user, level: str, *, topic=None, category=None, dimension_key: str | None = None) -> Subscription:
    """Store the user's follow level for exactly one target (topic, category or
    dimension key); flushes. Raises FollowError for an unknown level or target."""
    if level not in FOLLOW_LEVELS:
        raise FollowError(level)
    targets = {
        "topic_id": topic.id if topic is not None else None,
        "category_id": category.id if category is not None else None,
        "dimension_key": dimension_key or None,
    }
    target = {k: v for k, v in targets.items() if v is not None}
    if len(target) != 1:
        raise FollowError("exactly one target")
    sub = _subscription(user.id, **target)
    if sub is None:
        sub = Subscription(user_id=user.id, level=level, **target)
        db.session.add(sub)
    else:
        sub.level = level
    db.session.flush()
    return sub


def _explicit(user_id: int, **target) -> str | None:
    sub = _subscription(user_id, **target)
    return sub.level if sub is not None else None


def category_level(user, category) -> str:
    """The user's level for a category (normal unless chosen)."""
    return _explicit(user.id, category_id=category.id) or "normal"


def topic_level(user, topic) -> str:
    """The effective level for a topic: explicit choice, else watching for its author,
    else the category's watching/muted, else normal (also for people who replied)."""
    explicit = _explicit(user.id, topic_id=topic.id)
    if explicit:
        return explicit
    if topic.author_id == user.id:
        return "watching"
    return category_level(user, topic.category)


def has_replied(user, topic) -> bool:
    """The user wrote a post in the topic (they "track" it)."""
    return db.session.scalar(
        select(Post.id).where(Post.topic_id == topic.id, Post.author_id == user.id).limit(1)
    ) is not None


def topic_watchers(topic: Topic) -> set[int]:
    """Ids of users who watch the topic, explicitly, as its author, or through its
    category (unless they chose another level for the topic itself)."""
    topic_levels = dict(
        db.session.execute(
            select(Subscription.user_id, Subscription.level).where(Subscription.topic_id == topic.id)
        ).all()
    )
    watchers = {uid for uid, level in topic_levels.items() if level == "watching"}
    if topic.author_id is not None and topic.author_id not in topic_levels:
        watchers.add(topic.author_id)
    category_watchers = db.session.scalars(
        select(Subscription.user_id).where(
            Subscription.category_id == topic.category_id, Subscription.level == "watching"
        )
    )
    watchers.update(uid for uid in category_watchers if uid not in topic_levels)
    return watchers


def muted_for_mentions(topic: Topic) -> set[int]:
    """Ids of users who muted the topic itself: even mentions stay silent."""
    return set(
        db.session.scalars(
            select(Subscription.user_id).where(
                Subscription.topic_id == topic.id, Subscription.level == "muted"
            )
        )
    )


def dimension_watchers(keys: list[str]) -> set[int]:
    """Ids of users watching any of the self-check dimensions."""
    if not keys:
        return set()
    return set(
        db.session.scalars(
            select(Subscription.user_id).where(
                Subscription.dimension_key.in_(keys), Subscription.level == "watching"
            )
        )
    )


def followed_dimensions(user) -> set[str]:
    """The dimension keys the user watches."""
    return set(
        db.session.scalars(
            select(Subscription.dimension_key).where(
                Subscription.user_id == user.id,
                Subscription.dimension_key.is_not(None),
                Subscription.level == "watching",
            )
        )
    )


def set_followed_dimensions(user, keys: set[str], known: set[str]) -> None:
    """Watch exactly `keys` among the `known` dimension keys (others are left as they
    are); flushes."""
    current = followed_dimensions(user)
    for key in known:
        if key in keys and key not in current:
            set_level(user, "watching", dimension_key=key)
        elif key not in keys and key in current:
            sub = _subscription(user.id, dimension_key=key)
            db.session.delete(sub)
    db.session.flush()
