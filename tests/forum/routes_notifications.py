"""Route-walk entries for the forum's notifications (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); forum objects
are in w.forum (tests/forum/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS

#: w.forum.notification belongs to w.member: nobody else may open or mark it.
NOT_THE_RECIPIENT = ["lead", "official", "trust_person", "coordinator", *OUTSIDERS]

ROUTES: dict = {
    "forum.open_notification": (
        lambda w: {"notification_id": w.forum.notification.id}, NOT_THE_RECIPIENT
    ),
    "forum.mark_notification_read": (
        lambda w: {"notification_id": w.forum.notification.id}, NOT_THE_RECIPIENT
    ),
    "forum.follow_topic": (lambda w: {"topic_id": w.forum.topic.id}, ["other_coordinator"]),
    # the staff-only category: only its network's coordinators (and admins) may follow it
    "forum.follow_category": (lambda w: {"category_id": w.forum.staff_category.id}, MUNICIPAL + OUTSIDERS),
}
SELF: set = {
    "forum.notifications",
    "forum.unread_badge",
    "forum.mark_all_notifications_read",
    "forum.notification_settings",
    "forum.search",
}
