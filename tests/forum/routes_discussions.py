"""Route-walk entries for the forum's discussions (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); forum objects
are in w.forum (tests/forum/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

#: Coordinators and admins of the network only.
STAFF_ONLY = MUNICIPAL + ["other_lead", "other_coordinator"]

ROUTES: dict = {
    "forum.category": (lambda w: {"category_id": w.forum.category.id}, ["other_coordinator"]),
    "forum.new_topic": (lambda w: {"category_id": w.forum.staff_category.id}, STAFF_ONLY),
    "forum.topic": (lambda w: {"topic_id": w.forum.topic.id}, ["other_coordinator"]),
    "forum.reply": (lambda w: {"topic_id": w.forum.topic.id}, ["other_coordinator"]),
    "forum.post": (lambda w: {"post_id": w.forum.reply.id}, ["other_coordinator"]),
    # only the author (the member) edits; everyone else is refused
    "forum.edit_post": (
        lambda w: {"post_id": w.forum.post.id},
        ["lead", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "forum.post_history": (lambda w: {"post_id": w.forum.post.id}, ["other_coordinator"]),
    "forum.attachment": (lambda w: {"attachment_id": w.forum.attachment.id}, ["other_coordinator"]),
    "forum.categories_admin": (lambda w: {"network_id": w.network.id}, STAFF_ONLY),
    "forum.category_new": (lambda w: {"network_id": w.network.id}, STAFF_ONLY),
    "forum.category_edit": (lambda w: {"category_id": w.forum.category.id}, STAFF_ONLY),
    "forum.category_move": (lambda w: {"category_id": w.forum.category.id}, STAFF_ONLY),
}
SELF: set = {"forum.index", "forum.preview"}
