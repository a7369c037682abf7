"""Demo self-checks: every questionnaire file, a closed round (2025) and an open one,
with plausible, varied answers. Each municipality gets a stable "maturity" per
field of action (seeded by its AGS), improving a little from one round to the next."""

import random
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..network.models import Municipality, Network
from ..platform.db.columns import utcnow
from . import services
from .models import AdviceRequest, Answer, Measure, QuestionComment, Round, Submission, TeamAnswer
from .question_types import is_scored

CLOSED_TITLE = "Selbstcheck 2025"
OPEN_TITLE = "Selbstcheck 2026"
#: The demo rounds use version 1 of the main questionnaire; later versions are
#: loaded too and can be chosen for a new round.
ROUND_VERSION = 1


def questionnaire_dir() -> Path:
    return Path(current_app.root_path).parent / "questionnaires"


def load(network: Network) -> dict:
    main = None
    for path in sorted(questionnaire_dir().glob("*.yaml")):
        questionnaire, _ = services.load_questionnaire(path)
        if questionnaire.slug == "weltoffene-kommune" and questionnaire.version == ROUND_VERSION:
            main = questionnaire
    municipalities = list(
        db.session.scalars(
            select(Municipality)
            .where(Municipality.network_id == network.id)
            .order_by(Municipality.ags)
        )
    )
    coordinator = db.session.scalar(
        select(User).where(User.network_role == "coordinator", User.network_id == network.id)
    )
    today = date.today()
    closed = _round(
        network,
        main,
        coordinator,
        CLOSED_TITLE,
        date(today.year - 1, 3, 1),
        date(today.year - 1, 6, 30),
        municipalities,
    )
    opened = _round(
        network,
        main,
        coordinator,
        OPEN_TITLE,
        today - timedelta(days=45),
        today + timedelta(days=40),
        municipalities,
    )
    stats = {"closed": closed.id, "open": opened.id}
    if not any(s.status != "not_started" for s in closed.submissions):
        _fill_closed(closed, municipalities)
        _fill_open(opened, municipalities)
        _iserlohn_team(opened)
        _followups(closed, opened)
    if closed.status == "open":
        services.close_round(coordinator, closed)
    return stats


def _round(network, questionnaire, coordinator, title, opens_on, deadline, municipalities) -> Round:
    existing = db.session.scalar(
        select(Round).where(Round.network_id == network.id, Round.title == title)
    )
    if existing is not None:
        return existing
    return services.open_round(
        coordinator,
        network,
        questionnaire,
        title,
        opens_on,
        deadline,
        [m.id for m in municipalities],
    )


def _maturity(ags: str, key: str, round_no: int) -> float:
    """0–1; larger municipalities start a little ahead; everyone gains a little per round."""
    rng = random.Random(f"{ags}:{key}")
    base = rng.betavariate(2.2, 2.0)
    return min(1.0, base + 0.06 * round_no + rng.uniform(-0.03, 0.05) * round_no)


def _answer_for(question: dict, level: float, rng: random.Random):
    """(value, special) around a maturity level, with some don't-knows."""
    if is_scored(question) and rng.random() < 0.05:
        return None, rng.choice(["dk", "dk", "na"])
    qtype = question["type"]
    noisy = min(1.0, max(0.0, rng.gauss(level, 0.18)))
    if qtype == "scale":
        return round(noisy * (len(question["steps"]) - 1)), None
    if qtype == "yes_partly_no":
        return ("no", "partly", "yes")[min(2, int(noisy * 3))], None
    if qtype == "single_choice":
        options = sorted(question["options"], key=lambda o: o["score"])
        return options[min(len(options) - 1, int(noisy * len(options)))]["key"], None
    if qtype == "multiple_choice":
        picks = [
            o["key"] for o in question["options"] if not o.get("exclusive") and rng.random() < noisy
        ]
        none = next((o["key"] for o in question["options"] if o.get("exclusive")), None)
        return (picks or ([none] if none else [question["options"][0]["key"]])), None
    if qtype == "number":
        lo, hi = question["min"], question["max"]
        span = min(hi - lo, 400)
        return int(lo + noisy * noisy * span), None
    return None, None  # free text stays empty in generated data


def _team_answers(submission: Submission, round_no: int, share: float = 1.0) -> None:
    ags = submission.municipality.ags
    rng = random.Random(f"{ags}:{submission.round_id}")
    for dim in submission.questionnaire.dimensions:
        level = _maturity(ags, dim["key"], round_no)
        for q in dim["questions"]:
            if rng.random() > share:
                continue
            value, special = _answer_for(q, level, rng)
            if value is None and special is None:
                continue
            db.session.add(
                TeamAnswer(
                    submission_id=submission.id,
                    question_key=q["key"],
                    value=value,
                    special=special,
                    evidence=_evidence(q, rng),
                )
            )
    db.session.flush()


EVIDENCE = [
    "Ratsbeschluss vom März, Drucksache liegt vor",
    "Siehe Integrationskonzept, Kapitel 3",
    "Laut Fachbereich Soziales",
    "Haushaltsplan, Produkt 31.1",
    "https://www.beispielkommune.de/beteiligung",
]


def _evidence(question: dict, rng: random.Random) -> str:
    return rng.choice(EVIDENCE) if question.get("weight", 1) >= 2 and rng.random() < 0.5 else ""


def _fill_closed(round_: Round, municipalities) -> None:
    for i, sub in enumerate(sorted(round_.submissions, key=lambda s: s.municipality.ags)):
        if i % 9 == 8:  # a few did not take part
            continue
        _team_answers(sub, 0)
        services.submit(sub, None)
        sub.submitted_at = utcnow() - timedelta(days=420 - i)


def _fill_open(round_: Round, municipalities) -> None:
    for i, sub in enumerate(sorted(round_.submissions, key=lambda s: s.municipality.ags)):
        if sub.municipality.name == "Iserlohn":
            continue
        if i % 3 == 0 or sub.municipality.name == "Bochum":
            _team_answers(sub, 1)
            services.submit(sub, None)
        elif i % 3 == 1:
            _team_answers(sub, 1, share=0.4)
            sub.status = "draft"


def _iserlohn_team(round_: Round) -> None:
    """Iserlohn works on it right now: lead and member have answered the first
    fields of action, differing on a few questions; there is a comment."""
    sub = next((s for s in round_.submissions if s.municipality.name == "Iserlohn"), None)
    lead = _user("leitung.iserlohn@demo.weltoffen.de")
    member = _user("team.iserlohn@demo.weltoffen.de")
    if sub is None or lead is None or member is None:
        return
    rng = random.Random("iserlohn-team")
    for dim in sub.questionnaire.dimensions[:3]:
        level = _maturity(sub.municipality.ags, dim["key"], 1)
        for n, q in enumerate(dim["questions"]):
            value, special = _answer_for(q, level, rng)
            if value is None and special is None:
                continue
            db.session.add(
                Answer(
                    submission_id=sub.id,
                    question_key=q["key"],
                    user_id=lead.id,
                    value=value,
                    special=special,
                )
            )
            if n % 4 == 1 and q["type"] == "scale":
                other = max(0, value - 2) if value is not None else 0
                db.session.add(
                    Answer(
                        submission_id=sub.id,
                        question_key=q["key"],
                        user_id=member.id,
                        value=other,
                        special=None,
                        evidence="Sehe ich kritischer",
                    )
                )
            else:
                db.session.add(
                    Answer(
                        submission_id=sub.id,
                        question_key=q["key"],
                        user_id=member.id,
                        value=value,
                        special=special,
                    )
                )
    first = sub.questionnaire.dimensions[0]["questions"][1]["key"]
    db.session.add(
        QuestionComment(
            submission_id=sub.id,
            question_key=first,
            user_id=member.id,
            text="Lasst uns das in der Teamsitzung am Donnerstag klären.",
        )
    )
    sub.status = "draft"
    sub.started_at = utcnow() - timedelta(days=10)
    db.session.flush()


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _followups(closed: Round, opened: Round) -> None:
    lead = _user("leitung.iserlohn@demo.weltoffen.de")
    coordinator = _user("koordination@demo.weltoffen.de")
    iserlohn_2025 = next((s for s in closed.submissions if s.municipality.name == "Iserlohn"), None)
    if lead is None or iserlohn_2025 is None or iserlohn_2025.status != "submitted":
        return
    slug = iserlohn_2025.questionnaire.slug
    for dim, title, owner, status, months in [
        (
            "participation_dialogue",
            "Ersten Bürgerrat mit Losverfahren vorbereiten",
            "Büro der Bürgermeisterin",
            "in_progress",
            4,
        ),
        (
            "protecting_officials",
            "Meldeweg für Anfeindungen festlegen und im Rat vorstellen",
            "Hauptamt",
            "done",
            -2,
        ),
        (
            "intercultural_opening",
            "Mehrsprachige Bürgerinformation zu Kita-Anmeldung",
            "Jugendamt",
            "planned",
            7,
        ),
    ]:
        db.session.add(
            Measure(
                municipality_id=iserlohn_2025.municipality_id,
                questionnaire_slug=slug,
                dimension_key=dim,
                title=title,
                owner=owner,
                # the measure in progress has a person of the team as its owner
                owner_id=lead.id if status == "in_progress" else None,
                status=status,
                submission_id=iserlohn_2025.id,
                created_by_id=lead.id,
                due_on=date.today() + timedelta(days=30 * months),
            )
        )
    db.session.add(
        AdviceRequest(
            submission_id=iserlohn_2025.id,
            municipality_id=iserlohn_2025.municipality_id,
            dimension_key="participation_dialogue",
            created_by_id=lead.id,
            status="answered",
            message=(
                "Wir möchten einen Bürgerrat einberufen. "
                "Wie haben andere Kommunen die Auswahl per Los organisiert?"
            ),
            answer="Gern! Bochum und Leipzig haben Erfahrung damit; wir stellen den Kontakt her. Planen Sie etwa "
            "sechs Monate Vorlauf und ein Budget für Moderation und Aufwandsentschädigungen ein.",
            answered_by_id=coordinator.id if coordinator else None,
            answered_at=utcnow() - timedelta(days=300),
        )
    )
    bochum = next(
        (
            s
            for s in opened.submissions
            if s.municipality.name == "Bochum" and s.status == "submitted"
        ),
        None,
    )
    if bochum is not None:
        db.session.add(
            AdviceRequest(
                submission_id=bochum.id,
                municipality_id=bochum.municipality_id,
                dimension_key="work_economy",
                status="open",
                message="Wie binden andere Kommunen migrantische Unternehmen in die Wirtschaftsförderung ein?",
            )
        )
    db.session.flush()
