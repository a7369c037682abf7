"""Route-walk entries for the lottery of a citizens' assembly (merged into
tests/core/test_routes.py). The world's assembly has a lottery whose only organiser is
the lead, who has no second factor in the walk: so every page that handles personal
data refuses every role there; tests/dialogue/lottery/test_stage1.py shows the
organiser with a second factor getting through."""

from tests.core.route_roles import OUTSIDERS

from .routes_core import NOT_PUBLISHERS, NOT_TEAM

#: Personal data: only a named organiser with a second factor.
NOT_ORGANISERS = ["lead", "member", "official", "trust_person", "coordinator", "admin"] + OUTSIDERS


def _process(w):
    return {"process_id": w.dialogue.process.id}


ROUTES: dict = {
    "dialogue.lottery_page": (_process, NOT_TEAM),
    "dialogue.start_lottery": (_process, NOT_PUBLISHERS),
    "dialogue.lottery_organisers": (_process, NOT_PUBLISHERS),
    "dialogue.lottery_register": (_process, NOT_ORGANISERS),
    "dialogue.lottery_draw": (_process, NOT_ORGANISERS),
    "dialogue.lottery_letter": (_process, NOT_ORGANISERS),
    "dialogue.lottery_letters_pdf": (_process, NOT_ORGANISERS),
    "dialogue.lottery_letters_csv": (_process, NOT_ORGANISERS),
    "dialogue.lottery_registrants": (_process, NOT_ORGANISERS),
    "dialogue.lottery_selection": (_process, NOT_ORGANISERS),
    "dialogue.lottery_selection_status": (_process, NOT_ORGANISERS),
    "dialogue.lottery_census": (_process, NOT_ORGANISERS),
    "dialogue.lottery_targets": (_process, NOT_ORGANISERS),
    "dialogue.lottery_relaxation": (_process, NOT_ORGANISERS),
    "dialogue.lottery_select": (_process, NOT_ORGANISERS),
    "dialogue.withdraw_registrant": (lambda w: {**_process(w), "registrant_id": 1}, NOT_ORGANISERS),
    "dialogue.lottery_panel": (_process, NOT_ORGANISERS),
    "dialogue.lottery_panel_invite": (_process, NOT_ORGANISERS),
    "dialogue.lottery_panel_letters": (_process, NOT_ORGANISERS),
    "dialogue.lottery_panel_answer": (lambda w: {**_process(w), "member_id": 1}, NOT_ORGANISERS),
    "dialogue.lottery_panel_replace": (_process, NOT_ORGANISERS),
}
SELF: set = set()
