"""Dialogue objects for the route walk (tests/core/test_routes.py), built from the
models so the walk does not depend on the dialogue services."""

from datetime import date
from types import SimpleNamespace

from weltoffen.dialogue.accountability_models import (
    BudgetProposal,
    ProgressUpdate,
    Recommendation,
    RecommendationResponse,
)
from weltoffen.dialogue.lottery.models import Lottery, LotteryOrganiser
from weltoffen.dialogue.models import DialogueProcess, DialogueSession, PopulationShare, ProcessReach


def build(w, db) -> SimpleNamespace:
    """Adds to world `w`: a published assembly of municipality m with a session, reach,
    a recommendation with a response and progress, and a lottery organised by the lead;
    a participatory budget with a proposal; an unpublished process of the other
    municipality."""
    s = db.session
    process = DialogueProcess(
        municipality_id=w.m.id, slug="buergerrat-klima", title="Bürgerrat Klima", question="Wie?",
        format_key="citizens_assembly", status="finished", threshold_percent=80, response_months=3,
        published=True, target_groups=["general_public"], dimension_keys=["management"],
    )
    budget = DialogueProcess(
        municipality_id=w.m.id, slug="buergerhaushalt", title="Bürgerhaushalt 2026",
        format_key="participatory_budget", status="running", budget_euro=500_000,
    )
    other = DialogueProcess(
        municipality_id=w.other_m.id, slug="anderer-dialog", title="Anderer Dialog",
        format_key="round_table", status="running",
    )
    s.add_all([process, budget, other])
    s.flush()
    session = DialogueSession(process_id=process.id, held_on=date(2026, 5, 9), place="Rathaus",
                              is_public_event=True, safety_plan="Ordner am Eingang")
    recommendation = Recommendation(process_id=process.id, number=1, title="Mehr Radwege",
                                    votes_for=50, votes_against=5, votes_abstain=5,
                                    voted_on=date(2026, 6, 1), due_on=date(2026, 9, 1))
    proposal = BudgetProposal(process_id=budget.id, reference="P-1", title="Bank am Teich", votes=12)
    s.add_all([session, recommendation, proposal,
               ProcessReach(process_id=process.id, feature="gender", value="female", count=30),
               PopulationShare(municipality_id=w.m.id, feature="gender", value="female", percent=51.0,
                               source="Melderegister", year=2025)])
    s.flush()
    response = RecommendationResponse(recommendation_id=recommendation.id, state="adopted",
                                      decided_on=date(2026, 7, 1), decided_by="Stadtrat")
    progress = ProgressUpdate(recommendation_id=recommendation.id, percent=40, noted_on=date(2026, 8, 1))
    s.add_all([response, progress])
    s.flush()
    lottery = Lottery(process_id=process.id, wrapped_key=b"not used in the walk")
    s.add(lottery)
    s.flush()
    s.add(LotteryOrganiser(lottery_id=lottery.id, user_id=w.lead.id))
    s.flush()
    return SimpleNamespace(process=process, budget=budget, other=other, session=session,
                           recommendation=recommendation, response=response, progress=progress,
                           proposal=proposal, lottery=lottery)
