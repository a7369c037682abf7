"""Load-or-404 for dialogue objects: a missing id and one the user may not see answer
alike (404), so ids cannot be probed; editing rights are checked on top (403)."""

from flask import abort, g
from flask_login import current_user

from .. import permissions
from ..extensions import db
from ..network.models import Municipality
from .accountability_models import BudgetProposal, Recommendation
from .models import DialogueProcess, DialogueSession


def municipality_or_404(municipality_id: int, *, edit: bool = False) -> Municipality:
    municipality = db.session.get(Municipality, municipality_id)
    if municipality is None or not permissions.can_view_dialogue(current_user, municipality):
        abort(404)
    if edit:
        permissions.require(permissions.can_edit_dialogue(current_user, municipality))
        g.dialogue_changed_network = municipality.network_id  # network_release, after the request
    return municipality


def process_or_404(process_id: int, *, edit: bool = False) -> DialogueProcess:
    process = db.session.get(DialogueProcess, process_id)
    if process is None:
        abort(404)
    municipality_or_404(process.municipality_id, edit=edit)
    return process


def session_or_404(session_id: int, *, edit: bool = False) -> DialogueSession:
    session = db.session.get(DialogueSession, session_id)
    if session is None:
        abort(404)
    process_or_404(session.process_id, edit=edit)
    return session


def recommendation_or_404(recommendation_id: int, *, edit: bool = False) -> Recommendation:
    recommendation = db.session.get(Recommendation, recommendation_id)
    if recommendation is None:
        abort(404)
    process_or_404(recommendation.process_id, edit=edit)
    return recommendation


def proposal_or_404(proposal_id: int, *, edit: bool = False) -> BudgetProposal:
    proposal = db.session.get(BudgetProposal, proposal_id)
    if proposal is None:
        abort(404)
    process_or_404(proposal.process_id, edit=edit)
    return proposal
