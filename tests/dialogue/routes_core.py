"""Route-walk entries for the dialogue pages (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); dialogue
objects are in w.dialogue (tests/dialogue/world.py). SELF: endpoints without an
object in the URL. The internal pages are the municipality's team's (member, lead,
official): trust persons, the network staff and other municipalities are refused."""

from tests.core.route_roles import OUTSIDERS

#: Refused from every internal page of municipality m's processes.
NOT_TEAM = ["trust_person", "coordinator"] + OUTSIDERS
#: Refused from changing them (the same: every team member may edit).
NOT_EDITORS = NOT_TEAM
#: Refused from publishing and withdrawing: only leads publish.
NOT_PUBLISHERS = ["member", "official"] + NOT_TEAM

ROUTES: dict = {
    "dialogue.index": (lambda w: {"municipality_id": w.m.id}, NOT_TEAM),
    "dialogue.process": (lambda w: {"process_id": w.dialogue.process.id}, NOT_TEAM),
}
SELF: set = set()
