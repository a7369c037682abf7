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


def _m(w):
    return {"municipality_id": w.m.id}


def _process(w):
    return {"process_id": w.dialogue.process.id}


def _session(w):
    return {"session_id": w.dialogue.session.id}


ROUTES: dict = {
    "dialogue.index": (_m, NOT_TEAM),
    "dialogue.new_process": (_m, NOT_EDITORS),
    "dialogue.process": (_process, NOT_TEAM),
    "dialogue.edit_process": (_process, NOT_EDITORS),
    "dialogue.publish_process": (_process, NOT_PUBLISHERS),
    "dialogue.withdraw_process": (_process, NOT_PUBLISHERS),
    "dialogue.new_session": (_process, NOT_EDITORS),
    "dialogue.session": (_session, NOT_TEAM),
    "dialogue.edit_session": (_session, NOT_EDITORS),
}
SELF: set = set()
