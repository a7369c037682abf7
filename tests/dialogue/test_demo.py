from datetime import date

import sqlalchemy as sa

from weltoffen.dialogue import network_release, reach
from weltoffen.dialogue.accountability_models import BudgetProposal, Recommendation, RecommendationResponse
from weltoffen.dialogue.lottery import members, services
from weltoffen.dialogue.lottery.models import PanelMember, Registrant, SelectionRun
from weltoffen.dialogue.models import DialogueProcess, ProcessReach
from weltoffen.forum.models import Practice, Topic


def _count(db, model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_demo_dialogue_figures_and_idempotent(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    by_format = {p.format_key: p for p in db.session.scalars(sa.select(DialogueProcess))}
    assembly = by_format["citizens_assembly"]
    assert assembly.published and assembly.status == "finished" and len(assembly.phases) == 6
    assert sum(r.count for r in db.session.scalars(
        sa.select(ProcessReach).where(ProcessReach.process_id == assembly.id,
                                      ProcessReach.feature == "gender"))) == 60
    recs = list(db.session.scalars(sa.select(Recommendation).where(Recommendation.process_id == assembly.id)))
    assert len(recs) == 14 and all(r.votes_cast <= 60 for r in recs)
    assert sum(bool(r.meets_threshold) for r in recs) == 10
    assert {r.response.state for r in recs if r.response} == {
        "adopted", "adopted_in_part", "under_review", "rejected"}
    assert any(len(r.responses) == 2 for r in recs)
    assert sum(1 for r in recs if not r.responses and r.due_on < date.today()) == 2
    assert any(r.progress for r in recs if r.response and r.response.state == "adopted")
    dialogue = by_format["neighbourhood_dialogue"]
    assert not dialogue.published and dialogue.status == "running" and len(dialogue.sessions) == 3
    assert any(g.difference <= -5 for g in reach.of_process(dialogue).gaps)
    budget = by_format["participatory_budget"]
    proposals = list(db.session.scalars(sa.select(BudgetProposal).where(BudgetProposal.process_id == budget.id)))
    funded = [p for p in proposals if p.funded]
    assert len(proposals) == 120 and len(funded) == 9
    assert sum(p.amount_euro for p in funded) <= budget.budget_euro
    practice = db.session.scalar(sa.select(Practice).join(Topic).where(Topic.title.like("Bürgerrat Klima%")))
    assert practice is not None and practice.status == "published"

    # eight municipalities with unpublished processes: the overview has released figures
    released = network_release.released(assembly.municipality.network_id)
    assert released.shown and released.cells["municipalities"].value == 8

    # the assembly's lottery: shredded register, 2,000 invited, 180 registered, 60 seats with 2 replacements
    lottery = services.lottery_of(assembly)
    assert lottery.invitations == 2000 and lottery.figures["register"]["people"] == 20000
    assert services.register_of(lottery).sealed is None  # shredded when the letters were produced
    assert _count(db, Registrant) == 180
    seats = members.current(lottery)
    assert len(seats) == 60 and {m.state for m in seats} == {"confirmed"}
    assert sum(1 for m in seats if m.replaces_id) == 2
    runs = {r.kind: r for r in db.session.scalars(sa.select(SelectionRun))}
    assert runs["panel"].status == runs["replacement"].status == "done"
    assert all(q[0] <= q[2] <= q[1] for values in runs["replacement"].quotas.values() for q in values.values())
    page = app.test_client().get(f"/beteiligung/{assembly.municipality.ags}/{assembly.slug}").get_data(as_text=True)
    assert "180 haben sich angemeldet" in page and "Startwert 815" in page

    counts = [_count(db, m) for m in (DialogueProcess, Recommendation, RecommendationResponse,
                                      BudgetProposal, Practice, PanelMember)]
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert [_count(db, m) for m in (DialogueProcess, Recommendation, RecommendationResponse,
                                    BudgetProposal, Practice, PanelMember)] == counts
