"""In-app notifications (owned by the notifications part; this is the interface the
posting and practice services call)."""


def notify_post(post, mentioned_users) -> None:
    """After a post is flushed: tell mentioned people and watchers of the topic or
    category (placeholder: does nothing yet)."""


def notify_practice_published(practice) -> None:
    """After a practice is published: tell watchers of its dimensions (placeholder)."""


def unread_count(user) -> int:
    """Unread notifications of the user (placeholder)."""
    return 0
