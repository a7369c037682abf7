"""Demo dialogue data for `flask demo`: in Iserlohn a finished, published citizens'
assembly on climate-friendly mobility (60 members, 14 recommendations, responses in every
state, two overdue) with the practice made from it, and a running neighbourhood dialogue
whose reach shows a gap; in Bochum a participatory budget with 120 imported proposals and
9 funded projects (unpublished); and six processes in preparation in other towns, so that
the coordinators' overview shows released network-wide figures. Dates are relative to today, so "two overdue" stays
true. Idempotent: a process is created only when its slug is missing."""

import random
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..forum.discussions.rendering import render
from ..forum.models import Post, Practice, PracticeDimension, Topic
from ..forum.practices.services import practice_category
from ..network.models import Municipality, Network
from ..network.sizes import size_class
from ..platform.db.columns import utcnow
from . import network_release
from .accountability_models import BudgetProposal, ProgressUpdate, Recommendation, RecommendationResponse
from .demo_texts import MINUTES, RECOMMENDATIONS
from .lottery.demo import load as load_lottery
from .models import (
    PHASES,
    DialogueProcess,
    DialogueSession,
    PopulationShare,
    ProcessPhase,
    ProcessReach,
    SessionAttendance,
)

ISERLOHN, BOCHUM = "05962024", "05911000"
DOMAIN = "demo.weltoffen.de"
ASSEMBLY_SLUG, DIALOGUE_SLUG, BUDGET_SLUG = "buergerrat-mobilitaet", "nachbarschaftsdialog-suedliche-innenstadt", \
    "buergerbudget"
MANDATE = "Jede Empfehlung mit mindestens 80 % Zustimmung wird umgesetzt oder binnen 3 Monaten im Rat beantwortet."
#: Residents aged 16 and over (the assembly's lottery pool), feature -> {value: percent}.
POPULATION = {
    "age_band": {"under_18": 2.2, "18_29": 16.8, "30_44": 21.0, "45_64": 32.5, "65_plus": 27.5},
    "gender": {"female": 50.8, "male": 49.0, "diverse": 0.2},
    "district": {"Innenstadt": 36.0, "Letmathe": 27.0, "Hennen": 10.0, "Sümmern": 9.0, "Dröschede": 18.0},
}
ASSEMBLY_REACH = {
    "age_band": {"under_18": 1, "18_29": 10, "30_44": 13, "45_64": 19, "65_plus": 17},
    "gender": {"female": 30, "male": 29, "diverse": 1},
    "district": {"Innenstadt": 22, "Letmathe": 16, "Hennen": 6, "Sümmern": 5, "Dröschede": 11},
}
DIALOGUE_REACH = {  # 18–29: 6 % of participants against 16.8 % of residents
    "age_band": {"under_18": 2, "18_29": 5, "30_44": 15, "45_64": 27, "65_plus": 35},
    "gender": {"female": 50, "male": 34},
}
BOCHUM_DISTRICTS = ("Mitte", "Wattenscheid", "Nord", "Ost", "Süd", "Südwest")
#: Processes in preparation elsewhere (unpublished), so that the coordinators' overview
#: has released network-wide figures: (AGS, slug, format, title, question).
DRAFTS = (
    ("05112000", "buergerforum-hochfeld", "citizens_forum", "Bürgerforum Hochfeld",
     "Was braucht Hochfeld, damit alle gut ankommen?"),
    ("05913000", "jugendforum-nordstadt", "youth_forum", "Jugendforum Nordstadt",
     "Welche Orte fehlen jungen Menschen in der Nordstadt?"),
    ("05315000", "runder-tisch-willkommen", "round_table", "Runder Tisch Willkommenskultur",
     "Wie arbeiten Verwaltung, Vereine und Betriebe beim Ankommen zusammen?"),
    ("03159016", "zukunftswerkstatt-grone", "future_workshop", "Zukunftswerkstatt Grone",
     "Wie sieht Grone im Jahr 2035 aus?"),
    ("05334002", "online-dialog-radverkehr", "online_dialogue", "Online-Dialog Radverkehr",
     "Wo fühlen Sie sich auf dem Rad unsicher?"),
    ("01003000", "planungszelle-hafen", "planning_cell", "Planungszelle Hafenquartier",
     "Wie soll das Hafenquartier genutzt werden?"),
)
IDEAS = ("Sitzbänke", "Trinkbrunnen", "Fahrradbügel", "Offener Bücherschrank", "Hochbeete", "Spielgeräte",
         "Bessere Beleuchtung", "Blühwiese", "Boule-Platz", "Calisthenics-Anlage", "Schattenbäume",
         "Mülleimer mit Deckel", "Barrierefreier Zugang", "Insektenhotel", "Tischtennisplatte",
         "Graffiti-Wand", "Nachbarschaftsgarten", "Kinderfest", "Sprachcafé", "Reparaturtreff")


def load(network: Network) -> dict:
    today = utcnow().date()
    towns = {m.ags: m for m in db.session.scalars(select(Municipality).where(Municipality.network_id == network.id))}
    users = {u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.email.like(f"%@{DOMAIN}")))}
    made, lottery = [], {}
    if ISERLOHN in towns:
        town = towns[ISERLOHN]
        _population(town, today)
        lead = users.get("leitung.iserlohn")
        if not _exists(town, ASSEMBLY_SLUG):
            assembly = _assembly(town, lead, today)
            _practice(town, assembly, lead, users.get("koordination"), today)
            made.append(assembly)
        if not _exists(town, DIALOGUE_SLUG):
            made.append(_dialogue(town, users.get("team.iserlohn"), today))
        assembly = db.session.scalar(select(DialogueProcess).where(
            DialogueProcess.municipality_id == town.id, DialogueProcess.slug == ASSEMBLY_SLUG))
        lottery = load_lottery(assembly, users.get("buergermeisterin.iserlohn"), lead)
    if BOCHUM in towns and not _exists(towns[BOCHUM], BUDGET_SLUG):
        made.append(_budget(towns[BOCHUM], users.get("leitung.bochum"), today))
    for ags, slug, fmt, title, question in DRAFTS:
        if ags in towns and not _exists(towns[ags], slug):
            made.append(_process(towns[ags], None, slug, {"preparation": (today, today + timedelta(days=60))},
                                 title=title, format_key=fmt, status="planned", question=question))
    db.session.flush()
    network_release.refresh(network.id)  # eight municipalities with unpublished processes
    return {"processes": len(made), **({"lottery": lottery} if lottery else {})}


def _exists(town, slug) -> bool:
    return db.session.scalar(select(DialogueProcess.id).where(
        DialogueProcess.municipality_id == town.id, DialogueProcess.slug == slug)) is not None


def _population(town, today) -> None:
    have = {(p.feature, p.value) for p in db.session.scalars(
        select(PopulationShare).where(PopulationShare.municipality_id == town.id))}
    for feature, values in POPULATION.items():
        for value, percent in values.items():
            if (feature, value) not in have:
                db.session.add(PopulationShare(municipality_id=town.id, feature=feature, value=value,
                                               percent=percent, year=today.year - 1,
                                               source="Melderegister (Einwohnerinnen und Einwohner ab 16 Jahren)"))


def _process(town, user, slug, phases: dict, **values) -> DialogueProcess:
    process = DialogueProcess(municipality_id=town.id, slug=slug, created_by_id=user.id if user else None,
                              contact_id=user.id if user else None, **values)
    for kind, (start, end) in phases.items():
        process.phases.append(ProcessPhase(kind=kind, position=PHASES.index(kind), starts_on=start, ends_on=end))
    db.session.add(process)
    db.session.flush()
    return process


def _reach(process, counts) -> None:
    for feature, values in counts.items():
        for value, count in values.items():
            db.session.add(ProcessReach(process_id=process.id, feature=feature, value=value, count=count))


def _session(process, title, held_on, place, access, attendance, minutes="", languages="") -> None:
    session = DialogueSession(process=process, title=title, held_on=held_on, time_of_day="10:00–16:00",
                              place=place, accessibility=access, interpreting_languages=languages,
                              minutes=minutes, organisations="Seniorenbeirat, Integrationsrat, ADFC")
    session.attendance = [SessionAttendance(group_key=k, count=n) for k, n in attendance.items()]
    db.session.add(session)


def _assembly(town, lead, today) -> DialogueProcess:
    vote = today - timedelta(days=150)  # responses were due 3 months later: two months past
    d = lambda days: vote + timedelta(days=days)  # noqa: E731
    phases = {"preparation": (d(-200), d(-130)), "invitation": (d(-129), d(-90)), "sessions": (d(-70), d(0)),
              "recommendations": (d(0), d(7)), "response": (d(8), d(92)), "implementation": (d(93), d(93 + 720))}
    process = _process(
        town, lead, ASSEMBLY_SLUG, phases, title="Bürgerrat Klimafreundliche Mobilität",
        question="Wie kommen alle Iserlohnerinnen und Iserlohner bis 2035 klimafreundlich, sicher und "
        "bezahlbar ans Ziel?", format_key="citizens_assembly", status="finished",
        mandate_by="Rat der Stadt Iserlohn, Beschluss vom Frühjahr", mandate=MANDATE,
        threshold_percent=80, response_months=3, target_groups=["general_public", "young_people", "older_people"],
        dimension_keys=["participation_dialogue", "fair_access"], budget_euro=85_000,
        responsible_office="Büro der Bürgermeisterin, Stabsstelle Bürgerbeteiligung",
        published=True, published_at=utcnow() - timedelta(days=140))
    places = ("Rathaus, Ratssaal", "Volkshochschule, Forum", "Stadtteilzentrum Letmathe", "Rathaus, Ratssaal")
    for n, (days, place, minutes) in enumerate(zip((-70, -49, -21, 0), places, MINUTES, strict=True)):
        present = (60, 58, 57, 60)[n]
        _session(process, f"Sitzung {n + 1}", d(days), place,
                 ["step_free", "childcare", "sign_language"] if n % 2 == 0 else ["step_free", "childcare"],
                 {"general_public": present - 28, "young_people": 10, "older_people": 12, "migrants": 6},
                 minutes, "Türkisch" if n == 0 else "")
    _reach(process, ASSEMBLY_REACH)
    for number, (title, text, yes, no, abstain, department, responses, progress) in enumerate(RECOMMENDATIONS, 1):
        rec = Recommendation(process_id=process.id, number=number, title=title, text=text, votes_for=yes,
                             votes_against=no, votes_abstain=abstain, voted_on=vote, department=department,
                             due_on=d(92))
        db.session.add(rec)
        db.session.flush()
        for state, reason, days in responses:
            db.session.add(RecommendationResponse(
                recommendation_id=rec.id, state=state, reason=reason, decided_on=d(days),
                decided_by="Rat der Stadt" if days > 60 else "Bürgermeisterin", created_by_id=lead.id if lead else None,
                created_at=datetime.combine(d(days), time(12), UTC)))
        for percent, days, note in progress:
            db.session.add(ProgressUpdate(recommendation_id=rec.id, percent=percent, noted_on=d(days), note=note,
                                          created_by_id=lead.id if lead else None))
    return process


def _dialogue(town, member, today) -> DialogueProcess:
    start = today - timedelta(days=40)
    process = _process(
        town, member, DIALOGUE_SLUG, {"preparation": (start - timedelta(days=60), start - timedelta(days=20)),
                                      "invitation": (start - timedelta(days=19), start),
                                      "sessions": (start, today + timedelta(days=30))},
        title="Nachbarschaftsdialog Südliche Innenstadt", format_key="neighbourhood_dialogue", status="running",
        question="Wie wollen wir in der südlichen Innenstadt gut zusammenleben?",
        mandate_by="Bürgermeisterin", mandate="Die Anliegen gehen an die Fachämter, die binnen 6 Wochen antworten.",
        response_months=2, target_groups=["neighbourhood", "migrants", "young_people"],
        dimension_keys=["cohesion"], responsible_office="Stabsstelle Integration")
    for n, (days, place) in enumerate(((0, "Stadtteilcafé am Fritz-Kühn-Platz"), (14, "Moscheegemeinde, Gemeindesaal"),
                                       (28, "Grundschule Bömberg, Aula"))):
        _session(process, f"Nachbarschaftsabend {n + 1}", start + timedelta(days=days), place,
                 ["step_free", "spoken_interpreting", "plain_language"],
                 {"neighbourhood": 30 - 4 * n, "migrants": 10 + n, "older_people": 8, "young_people": 2},
                 "## Anliegen\n\n- Sauberkeit am Spielplatz\n- Treffpunkte für Jugendliche", "Türkisch, Arabisch")
    _reach(process, DIALOGUE_REACH)
    return process


def _budget(town, lead, today) -> DialogueProcess:
    year = (today - timedelta(days=120)).year
    begin, end = today.replace(year=year, month=1, day=1), today.replace(year=year, month=12, day=31)
    process = _process(
        town, lead, BUDGET_SLUG, {"preparation": (begin, begin + timedelta(days=45)),
                                  "invitation": (begin + timedelta(days=46), begin + timedelta(days=100)),
                                  "implementation": (begin + timedelta(days=180), end)},
        title=f"Bochumer Bürgerbudget {year}", format_key="participatory_budget", status="running",
        question="Was soll in Ihrem Stadtbezirk mit 250.000 Euro entstehen?",
        mandate_by="Rat der Stadt Bochum", mandate="Die Vorschläge mit den meisten Stimmen werden im Rahmen des "
        "Budgets umgesetzt, wenn sie machbar sind.", budget_euro=250_000, period_start=begin, period_end=end,
        voters=6_480, target_groups=["general_public"], dimension_keys=["participation_dialogue", "engagement"],
        responsible_office="Büro des Oberbürgermeisters, Bürgerbudget")
    rng = random.Random(13)
    rows = []
    for i, (district, idea) in enumerate((dist, idea) for dist in BOCHUM_DISTRICTS for idea in IDEAS):
        feasible = rng.random() < 0.75
        rows.append(BudgetProposal(
            process_id=process.id, reference=f"BB-{year}-{i + 1:03d}", title=f"{idea} in {district}",
            district=district, estimated_cost_euro=rng.randrange(2_000, 32_000, 500),
            feasibility="feasible" if feasible else "not_feasible",
            feasibility_note="" if feasible else "Die Fläche gehört nicht der Stadt.", votes=rng.randint(5, 480)))
    funded, total = 0, 0
    for proposal in sorted(rows, key=lambda p: -p.votes):
        if funded < 9 and proposal.feasibility == "feasible" and total + proposal.estimated_cost_euro <= 250_000:
            proposal.funded, proposal.amount_euro = True, proposal.estimated_cost_euro
            proposal.status = ("done", "in_progress", "planned")[funded % 3]
            proposal.progress_percent = {"done": 100, "in_progress": 50, "planned": 0}[proposal.status]
            funded, total = funded + 1, total + proposal.amount_euro
    db.session.add_all(rows)
    return process


def _practice(town, assembly, lead, reviewer, today) -> None:
    category = practice_category(town.network_id)
    title = "Bürgerrat Klimafreundliche Mobilität mit verbindlicher Antwortfrist"
    if db.session.scalar(select(Topic.id).where(Topic.network_id == town.network_id, Topic.title == title)):
        return
    summary = ("60 per Los ausgewählte Iserlohnerinnen und Iserlohner haben 14 Empfehlungen zur Mobilität "
               "erarbeitet; 10 erreichten mindestens 80 % Zustimmung, der Rat hat binnen drei Monaten geantwortet.")
    now = utcnow()
    author = lead.id if lead else None
    topic = Topic(category_id=category.id, network_id=town.network_id, kind="practice", title=title,
                  author_id=author, municipality_id=town.id, created_at=now - timedelta(days=20), last_post_at=now)
    db.session.add(topic)
    db.session.flush()
    db.session.add(Post(topic_id=topic.id, author_id=author, municipality_id=town.id, body=summary,
                        body_html=render(summary), is_first=True, created_at=topic.created_at))
    practice = Practice(
        topic=topic, municipality_id=town.id, status="published", size_class=size_class(town.population),
        submitted_at=topic.created_at, reviewed_at=now - timedelta(days=10), published_at=now - timedelta(days=10),
        reviewed_by_id=reviewer.id if reviewer else None, contact=f"{assembly.responsible_office}, Stadt Iserlohn",
        initial_situation=assembly.question, approach=f"**Mandat:** {MANDATE}\n\nVier Sitzungen mit Kinderbetreuung, "
        "Gebärdensprache und Dolmetschen; Losverfahren über das Melderegister.",
        resources="85.000 Euro für Moderation, Aufwandsentschädigung und Barrierefreiheit.",
        results="- 14 Empfehlungen, 10 mit mindestens 80 % Zustimmung\n- 12 beantwortet, 2 noch offen",
        transfer="Die Antwortfrist vorab im Rat beschließen und öffentlich nachhalten.")
    practice.dimensions = [PracticeDimension(dimension_key=k) for k in assembly.dimension_keys]
    db.session.add(practice)
