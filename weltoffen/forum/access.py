"""Every load-or-404 of the forum in one place: fetch the object of a URL, answer 404
when it is not there and 403 when the current user may not act on it (the rules are
in weltoffen/permissions/forum.py). Views call these first; services never abort."""

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..auth.models import User
from ..extensions import db
from ..network.models import Network
from ..permissions import require
from .models import Adoption, Attachment, ForumCategory, Notification, Post, Practice, Topic


def _get(model, ident: int):
    return db.session.get(model, ident) or abort(404)


# --- discussions ------------------------------------------------------------------------


def get_category_or_404(category_id: int) -> ForumCategory:
    category = _get(ForumCategory, category_id)
    require(permissions.can_view_category(current_user, category))
    return category


def get_topic_or_404(topic_id: int) -> Topic:
    topic = _get(Topic, topic_id)
    require(permissions.can_view_topic(current_user, topic))
    return topic


def get_post_or_404(post_id: int) -> Post:
    post = _get(Post, post_id)
    require(permissions.can_view_topic(current_user, post.topic))
    return post


def attachment_or_404(attachment_id: int) -> Attachment:
    item = _get(Attachment, attachment_id)
    require(permissions.can_view_attachment(current_user, item))
    return item


def managed_network_or_404(network_id: int) -> Network:
    """A network whose categories the current user administers."""
    network = _get(Network, network_id)
    require(permissions.can_manage_categories(current_user, network))
    return network


def managed_category_or_404(category_id: int) -> ForumCategory:
    category = _get(ForumCategory, category_id)
    require(permissions.can_manage_categories(current_user, category.network))
    return category


# --- practices --------------------------------------------------------------------------


def get_practice_or_404(practice_id: int, check=None) -> Practice:
    """Load a practice the current user may see, and check `check(user, practice)`."""
    practice = _get(Practice, practice_id)
    require(permissions.can_view_topic(current_user, practice.topic))
    if check is not None:
        require(check(current_user, practice))
    return practice


def adoption_or_404(adoption_id: int) -> Adoption:
    return _get(Adoption, adoption_id)


# --- moderation -------------------------------------------------------------------------


def reportable_post_or_404(post_id: int) -> Post:
    post = _get(Post, post_id)
    require(permissions.can_report(current_user, post))
    return post


def moderated_post_or_404(post_id: int) -> Post:
    post = _get(Post, post_id)
    require(permissions.can_moderate(current_user, post.topic.network_id))
    return post


def moderated_topic_or_404(topic_id: int) -> Topic:
    topic = _get(Topic, topic_id)
    require(permissions.can_moderate(current_user, topic.network_id))
    return topic


def moderated_network_or_404(network_id: int) -> Network:
    network = _get(Network, network_id)
    require(permissions.can_moderate(current_user, network.id))
    return network


def member_or_404(network: Network, user_id: int) -> User:
    """A person of the network (404 for anyone else)."""
    user = _get(User, user_id)
    if network.id not in permissions.network_ids(user):
        abort(404)
    return user


# --- notifications and search -----------------------------------------------------------


def own_notification_or_404(notification_id: int) -> Notification:
    note = _get(Notification, notification_id)
    require(note.user_id == current_user.id, 404)
    return note


def searched_network_or_404(wanted: int | None) -> Network:
    """The network searched: `wanted` (?network=<id>) if the user may see its forum,
    else the user's first network (admins: the first network)."""
    if wanted is not None:
        network = _get(Network, wanted)
    else:
        ids = sorted(permissions.network_ids(current_user))
        if ids:
            network = db.session.get(Network, ids[0])
        elif permissions.is_admin(current_user):
            network = db.session.scalar(select(Network).order_by(Network.id).limit(1)) or abort(404)
        else:
            abort(403)
    require(permissions.can_view_forum(current_user, network))
    return network
