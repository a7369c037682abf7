"""Route-walk entries for recommendations, responses, progress, the practice from a
process and the coordinators' overview (merged into tests/core/test_routes.py)."""

from tests.core.route_roles import MUNICIPAL
from tests.dialogue.routes_core import NOT_EDITORS, NOT_TEAM


def _process(w):
    return {"process_id": w.dialogue.process.id}


def _recommendation(w):
    return {"recommendation_id": w.dialogue.recommendation.id}


ROUTES: dict = {
    "dialogue.recommendations": (_process, NOT_TEAM),
    "dialogue.new_recommendation": (_process, NOT_EDITORS),
    "dialogue.recommendation": (_recommendation, NOT_TEAM),
    "dialogue.edit_recommendation": (_recommendation, NOT_EDITORS),
    "dialogue.respond": (_recommendation, NOT_EDITORS),
    "dialogue.add_progress": (_recommendation, NOT_EDITORS),
    "dialogue.propose_practice": (_process, NOT_TEAM),
    # the network's staff only
    "dialogue.overview": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
}
SELF: set = set()
