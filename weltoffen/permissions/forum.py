"""The forum and the practice library."""

from .core import _authenticated, has_role, is_admin, is_network_staff, is_team


def network_ids(user) -> set[int]:
    """The networks a user belongs to: through a municipality or as a coordinator."""
    if not _authenticated(user):
        return set()
    ids = {m.municipality.network_id for m in user.memberships}
    if user.network_id is not None:
        ids.add(user.network_id)
    return ids


def can_view_forum(user, network) -> bool:
    """The network's forum and practice library: its members and its staff."""
    return is_admin(user) or network.id in network_ids(user)


def can_view_category(user, category) -> bool:
    """Categories for the whole network, or for its staff only."""
    if category.audience == "staff":
        return is_network_staff(user, category.network_id)
    return can_view_forum(user, category.network)


def can_manage_categories(user, network) -> bool:
    """Create, order and edit categories: the network's staff."""
    return is_network_staff(user, network.id)


def is_forum_suspended(user) -> bool:
    """Suspended from the forum by a moderator (cannot post, posts hidden)."""
    from ..extensions import db
    from ..forum.models import ForumProfile

    if not _authenticated(user):
        return False
    profile = db.session.get(ForumProfile, user.id)
    return profile is not None and profile.suspended_at is not None


def can_moderate(user, network_id: int | None) -> bool:
    """Work the report queue, hide/keep/edit posts, lock, pin, suspend: the staff."""
    return is_network_staff(user, network_id)


def _is_author(user, obj) -> bool:
    return _authenticated(user) and obj.author_id == user.id


def can_view_topic(user, topic) -> bool:
    """Visible topics of a visible category; hidden topics and unpublished practices
    only to their author (and the practice's municipality leads) and the staff."""
    if not can_view_category(user, topic.category):
        return False
    if can_moderate(user, topic.network_id):
        return True
    if topic.kind == "practice" and topic.practice is not None and topic.practice.status != "published":
        return _is_author(user, topic) or has_role(user, topic.practice.municipality, "lead")
    return not topic.hidden or _is_author(user, topic)


def can_view_post(user, post) -> bool:
    """A post's text: everyone who sees the topic, unless it is hidden (then its
    author and the staff)."""
    if not can_view_topic(user, post.topic):
        return False
    return not post.hidden or _is_author(user, post) or can_moderate(user, post.topic.network_id)


def can_start_topic(user, category) -> bool:
    """Open a topic: anyone who sees the category and is not suspended."""
    return can_view_category(user, category) and not is_forum_suspended(user)


def can_reply(user, topic) -> bool:
    """Reply: anyone who sees the topic, unless it is locked (staff may still) or the
    user is suspended."""
    if not can_view_topic(user, topic) or is_forum_suspended(user):
        return False
    return not topic.locked or can_moderate(user, topic.network_id)


def can_post_for(user, municipality) -> bool:
    """Post on behalf of a municipality: its self-check team."""
    return is_team(user, municipality)


def can_edit_post(user, post) -> bool:
    """Edit a post: its author (not while suspended or the topic is locked)."""
    if not _is_author(user, post) or is_forum_suspended(user):
        return False
    return not post.topic.locked and can_view_topic(user, post.topic)


def can_report(user, post) -> bool:
    """Report a post to the moderators: everyone who sees it, except its author."""
    return can_view_post(user, post) and not _is_author(user, post)


def can_view_attachment(user, attachment) -> bool:
    """An attachment follows its post; one not yet posted only to its uploader."""
    if attachment.post is None:
        return _authenticated(user) and attachment.uploader_id == user.id
    return can_view_post(user, attachment.post)


def can_submit_practice(user, municipality) -> bool:
    """Describe a practice of a municipality: its self-check team."""
    return is_team(user, municipality) and not is_forum_suspended(user)


def can_edit_practice(user, practice) -> bool:
    """Change a practice's fields: its author and the municipality's leads, until
    it is published; the staff always."""
    if can_moderate(user, practice.topic.network_id):
        return True
    if practice.status == "published":
        return False
    return _is_author(user, practice.topic) or has_role(user, practice.municipality, "lead")


def led_municipality_ids(user) -> list[int]:
    """The municipalities the user leads: their practices are in the user's "my practices"."""
    return [m.municipality_id for m in user.memberships if m.role == "lead"]


def can_be_suspended(user) -> bool:
    """Suspending from the forum: not for coordinators and administrators."""
    return not user.network_role


def can_review_practice(user, practice) -> bool:
    """Publish, send back or reject a submitted practice: the network's staff."""
    return can_moderate(user, practice.topic.network_id)


def can_record_adoption(user, practice, municipality) -> bool:
    """Record "we adopted this" and its outcome: the adopting municipality's team,
    for published practices of its own network."""
    return (
        practice.status == "published"
        and is_team(user, municipality)
        and municipality.network_id == practice.topic.network_id
    )
