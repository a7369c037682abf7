"""Route-walk entries for reach, population shares and participatory budgets
(merged into tests/core/test_routes.py). The team of the municipality (member, lead,
official) may see and edit them; everyone else is refused."""

from tests.dialogue.routes_core import NOT_EDITORS, NOT_TEAM

ROUTES: dict = {
    "dialogue.population_page": (lambda w: {"municipality_id": w.m.id}, NOT_EDITORS),
    "dialogue.reach_page": (lambda w: {"process_id": w.dialogue.process.id}, NOT_EDITORS),
    "dialogue.reach_chart": (lambda w: {"process_id": w.dialogue.process.id, "feature": "gender"}, NOT_TEAM),
    "dialogue.budget_page": (lambda w: {"process_id": w.dialogue.budget.id}, NOT_TEAM),
    "dialogue.import_budget": (lambda w: {"process_id": w.dialogue.budget.id}, NOT_EDITORS),
    "dialogue.confirm_budget_import": (lambda w: {"process_id": w.dialogue.budget.id}, NOT_EDITORS),
    "dialogue.edit_proposal": (lambda w: {"proposal_id": w.dialogue.proposal.id}, NOT_EDITORS),
}
SELF: set = set()
