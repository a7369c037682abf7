"""Links into the forum shared by several parts (notifications, search, the digest)."""

from flask import url_for


def topic_url(topic, post=None) -> str:
    """Where a notification or a search hit leads: the post (forum.post redirects to
    its page and anchor), else the practice page or the topic page."""
    if post is not None:
        return url_for("forum.post", post_id=post.id)
    if topic.kind == "practice" and topic.practice is not None:
        return url_for("forum.practice", practice_id=topic.practice.id)
    return url_for("forum.topic", topic_id=topic.id)
