"""A published process with everything its public page shows, for the public-page
tests (test_public.py, test_public_privacy.py, test_feed.py)."""

from datetime import date
from types import SimpleNamespace

from weltoffen.dialogue.accountability_models import (
    BudgetProposal,
    ProgressUpdate,
    Recommendation,
    RecommendationResponse,
)
from weltoffen.dialogue.models import (
    DialogueProcess,
    DialogueSession,
    PopulationShare,
    ProcessPhase,
    ProcessReach,
    SessionAttendance,
)
from weltoffen.platform.db.columns import utcnow


def build(make, db, *, minutes: str = "Wir haben über **Radwege** gesprochen.",
          text: str = "Mehr Platz.") -> SimpleNamespace:
    s = db.session
    m = make.municipality(name="Musterstadt")
    other_m = make.municipality(name="Nachbarort")
    contact = make.user(municipality=m, role="lead", name="Kontakt Quirinius Zebulon",
                        email="quirinius.zebulon@example.org")
    creator = make.user(municipality=m, role="member", name="Anlegerin Philippa Oxenstierna",
                        email="philippa.oxenstierna@example.org")
    recorder = make.user(municipality=m, role="official", name="Protokollant Bartholomäus Wimmelgruber",
                         email="bartholomaeus.wimmelgruber@example.org")
    process = DialogueProcess(
        municipality_id=m.id, slug="buergerrat-klima", title="Bürgerrat Klima",
        question="Wie wird Musterstadt klimaneutral?",
        format_key="citizens_assembly", status="finished", mandate_by="Stadtrat",
        mandate="Jede Empfehlung mit mindestens 80 % wird umgesetzt oder im Rat beantwortet.",
        threshold_percent=80, response_months=3, target_groups=["general_public", "young_people"],
        responsible_office="Amt für Klimaschutz", contact_id=contact.id, created_by_id=creator.id,
        published=True, published_at=utcnow(), budget_euro=40_000,
    )
    unpublished = DialogueProcess(municipality_id=m.id, slug="entwurf", title="Entwurf Jugendforum",
                                  format_key="youth_forum", status="planned")
    foreign = DialogueProcess(municipality_id=other_m.id, slug="nachbar-dialog", title="Nachbardialog",
                              format_key="round_table", status="running", published=True, published_at=utcnow())
    s.add_all([process, unpublished, foreign])
    s.flush()
    process.phases.append(ProcessPhase(kind="sessions", position=2, starts_on=date(2026, 5, 1),
                                       ends_on=date(2026, 5, 30)))
    session = DialogueSession(
        process_id=process.id, title="Auftakt", held_on=date(2026, 5, 9), time_of_day="18:00–21:00",
        place="Rathaus, Ratssaal", accessibility=["step_free", "sign_language"], organisations="Sportverein",
        minutes=minutes, is_public_event=True,
        safety_plan="Sicherheitsplan Ordnerdienst Xylophonweg 77",
        interpreting_languages="",
    )
    s.add(session)
    s.flush()
    s.add_all([SessionAttendance(session_id=session.id, group_key="young_people", count=4711),
               SessionAttendance(session_id=session.id, group_key="older_people", count=8123)])
    s.add_all([ProcessReach(process_id=process.id, feature="age_band", value="18_29", count=6),
               ProcessReach(process_id=process.id, feature="age_band", value="45_64", count=54),
               PopulationShare(municipality_id=m.id, feature="age_band", value="18_29", percent=17.0,
                               source="Melderegister", year=2025),
               PopulationShare(municipality_id=m.id, feature="age_band", value="45_64", percent=83.0,
                               source="Melderegister", year=2025)])
    rec = Recommendation(process_id=process.id, number=1, title="Mehr Radwege", text=text,
                         votes_for=50, votes_against=5, votes_abstain=5, voted_on=date(2026, 6, 1),
                         department="Tiefbauamt", due_on=date(2026, 9, 1))
    rec2 = Recommendation(process_id=process.id, number=2, title="Tempo 30", votes_for=20, votes_against=30,
                          votes_abstain=10, voted_on=date(2026, 6, 1), department="Ordnungsamt")
    s.add_all([rec, rec2])
    s.flush()
    first = RecommendationResponse(recommendation_id=rec.id, state="under_review", reason="Kosten werden geprüft",
                                   decided_by="Verwaltung", decided_on=date(2026, 6, 20), created_by_id=recorder.id)
    s.add(first)
    s.flush()
    second = RecommendationResponse(recommendation_id=rec.id, state="adopted_in_part", reason="Nur in der Innenstadt",
                                    decided_by="Stadtrat", decided_on=date(2026, 7, 1), created_by_id=recorder.id)
    progress = ProgressUpdate(recommendation_id=rec.id, percent=40, noted_on=date(2026, 8, 1), note="Erste Strecke",
                              created_by_id=recorder.id)
    s.add_all([second, progress])
    s.flush()
    return SimpleNamespace(m=m, other_m=other_m, process=process, unpublished=unpublished, foreign=foreign,
                           session=session, rec=rec, rec2=rec2, responses=[first, second], progress=progress,
                           users=[contact, creator, recorder])


def budget(db, m) -> DialogueProcess:
    s = db.session
    process = DialogueProcess(municipality_id=m.id, slug="buergerhaushalt", title="Bürgerhaushalt 2026",
                              format_key="participatory_budget", status="running", budget_euro=500_000,
                              period_start=date(2026, 1, 1), period_end=date(2026, 12, 31), voters=900,
                              published=True, published_at=utcnow())
    s.add(process)
    s.flush()
    s.add_all([
        BudgetProposal(process_id=process.id, reference="P-1", title="Bank am Teich", votes=120, funded=True,
                       amount_euro=3_500, status="in_progress", progress_percent=50, feasibility="feasible"),
        BudgetProposal(process_id=process.id, reference="P-2", title="Boule-Platz", votes=12),
    ])
    s.flush()
    return process
