"""Route-walk entries for the forum's practices (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); forum objects
are in w.forum (tests/forum/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

ROUTES: dict = {
    # a published practice: the whole network reads it
    "forum.practice": (lambda w: {"practice_id": w.forum.practice.id}, ["other_coordinator"]),
    # a submitted practice by the lead: its author, the municipality's leads and the staff edit it
    "forum.edit_practice": (
        lambda w: {"practice_id": w.forum.submitted_practice.id},
        ["member", "official", "trust_person"] + OUTSIDERS,
    ),
    # review: the network's staff only
    "forum.review_practice": (lambda w: {"practice_id": w.forum.submitted_practice.id}, MUNICIPAL + OUTSIDERS),
    "forum.review_queue": (lambda w: {"network_id": w.network.id}, MUNICIPAL + OUTSIDERS),
    # "we adopted this": the team of another municipality of the network
    "forum.adopt_practice": (
        lambda w: {"practice_id": w.forum.practice.id},
        ["trust_person", "coordinator", "other_coordinator"],
    ),
    # the outcome of other_m's adoption: only other_m's team
    "forum.adoption_outcome": (
        lambda w: {"adoption_id": w.forum.adoption.id},
        MUNICIPAL + ["coordinator", "other_coordinator"],
    ),
}
SELF: set = {"forum.practices", "forum.my_practices", "forum.submit_practice"}
