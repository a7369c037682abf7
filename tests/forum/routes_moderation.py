"""Route-walk entries for the forum's moderation (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); forum objects
are in w.forum (tests/forum/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

#: Moderation is for the network's staff (coordinators of the network, admins).
STAFF_ONLY = MUNICIPAL + OUTSIDERS

ROUTES: dict = {
    # w.forum.reply is by other_lead (authors cannot report their own posts)
    "forum.report_post": (lambda w: {"post_id": w.forum.reply.id}, ["other_lead", "other_coordinator"]),
    "forum.moderation_queue": (lambda w: {"network_id": w.network.id}, STAFF_ONLY),
    "forum.moderate_post": (lambda w: {"post_id": w.forum.reply.id}, STAFF_ONLY),
    "forum.moderator_edit": (lambda w: {"post_id": w.forum.reply.id}, STAFF_ONLY),
    "forum.lock_topic": (lambda w: {"topic_id": w.forum.topic.id}, STAFF_ONLY),
    "forum.pin_topic": (lambda w: {"topic_id": w.forum.topic.id}, STAFF_ONLY),
    "forum.suspensions": (lambda w: {"network_id": w.network.id}, STAFF_ONLY),
    "forum.suspend_user": (lambda w: {"network_id": w.network.id, "user_id": w.member.id}, STAFF_ONLY),
    "forum.reinstate_user": (lambda w: {"network_id": w.network.id, "user_id": w.member.id}, STAFF_ONLY),
}
SELF: set = set()
