"""Rows of one dialogue process for dialogue_data.py: the process, its phases and
sessions, its recommendations with their responses and progress updates, as plain
dicts for Core executemany / COPY (ids assigned by the caller's Ids).

Dates follow the app's rules (accountability.py): a response is never before the vote,
progress only after a response, in date order and rising; due_on = vote + the mandate's
months. Flags arise from the data: overdue = due date passed without a deciding
response; stalled = adopted (in part), below 100 % and no update for 90 days."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

#: (format key, weight): assemblies and forums common, budgets rare (they have proposals,
#: not recommendations).
FORMATS = [("citizens_assembly", 10), ("citizens_forum", 22), ("future_workshop", 12),
           ("planning_cell", 5), ("neighbourhood_dialogue", 22), ("youth_forum", 9),
           ("round_table", 10), ("online_dialogue", 8), ("participatory_budget", 2)]
FORMAT_WORDS = {"citizens_assembly": ("Bürgerrat", "buergerrat"), "citizens_forum": ("Bürgerforum", "buergerforum"),
                "future_workshop": ("Zukunftswerkstatt", "zukunftswerkstatt"),
                "planning_cell": ("Planungszelle", "planungszelle"),
                "neighbourhood_dialogue": ("Stadtteildialog", "stadtteildialog"),
                "youth_forum": ("Jugendforum", "jugendforum"), "round_table": ("Runder Tisch", "runder-tisch"),
                "online_dialogue": ("Online-Dialog", "online-dialog"),
                "participatory_budget": ("Bürgerbudget", "buergerbudget")}
TOPICS = [("Klimafreundliche Mobilität", "klimafreundliche-mobilitaet"), ("Zusammenleben im Quartier", "quartier"),
          ("Willkommenskultur", "willkommenskultur"), ("Sichere Schulwege", "schulwege"),
          ("Neue Mitte", "neue-mitte"), ("Bezahlbares Wohnen", "wohnen"), ("Sprachkurse und Beratung", "sprachkurse"),
          ("Ehrenamt stärken", "ehrenamt"), ("Grüne Plätze", "gruene-plaetze"), ("Treffpunkte für Jugendliche",
          "jugendtreffs"), ("Barrierefreies Rathaus", "barrierefreiheit"), ("Digitale Verwaltung", "digitales")]
STATUSES = [("planned", 15), ("running", 25), ("finished", 55), ("cancelled", 5)]
#: Chance of being published by status (about 30 % overall).
PUBLISHED = {"planned": 0.05, "running": 0.25, "finished": 0.4, "cancelled": 0.0}
DIMENSIONS = ("participation_dialogue", "fair_access", "cohesion", "engagement")
GROUPS = ("general_public", "young_people", "older_people", "migrants", "families", "neighbourhood")
DEPARTMENTS = ("Tiefbauamt", "Amt für Mobilität", "Sozialamt", "Stadtplanungsamt", "Schulverwaltungsamt",
               "Integrationsbüro", "Kämmerei", "Jugendamt", "Grünflächenamt")
STATES = [("adopted", 45), ("adopted_in_part", 25), ("under_review", 12), ("rejected", 18)]
REASONS = {
    "adopted_in_part": "Umsetzung zunächst in zwei Stadtteilen; für die übrigen fehlen Mittel im Haushalt.",
    "under_review": "Die Kosten werden ermittelt; eine Entscheidung fällt mit dem nächsten Haushalt.",
    "rejected": "Die Fläche gehört nicht der Stadt; der Rat hat eine Alternative am Bahnhof beauftragt.",
}
NOTES = ("Planung beauftragt.", "Erster Abschnitt im Bau.", "Ausschreibung läuft.", "Fördermittel beantragt.")


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _w in weighted], [w for _k, w in weighted])[0]


@dataclass
class Ids:
    """The next id per table (the generator assigns ids; sequences are moved afterwards)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str) -> int:
        value = self.next.get(table, 1)
        self.next[table] = value + 1
        return value


@dataclass
class Rows:
    """Everything generated so far, one list per table (flushed by the caller)."""

    tables: dict[str, list[dict]] = field(default_factory=dict)
    overdue: int = 0
    stalled: int = 0
    implemented: int = 0

    def add(self, table: str, row: dict) -> None:
        self.tables.setdefault(table, []).append(row)


def process_row(rng: random.Random, ids: Ids, municipality_id: int, slug_no: int, today: date,
                now: datetime, forced: dict | None = None) -> dict:
    """One process; `forced` overrides columns (the target processes)."""
    fmt = _pick(rng, FORMATS)
    status = _pick(rng, STATUSES)
    values = {"format_key": fmt, "status": status}
    values.update(forced or {})
    fmt, status = values["format_key"], values["status"]
    published = values.get("published", rng.random() < PUBLISHED[status])
    topic, topic_slug = rng.choice(TOPICS)
    word, word_slug = FORMAT_WORDS[fmt]
    if status == "finished":
        vote = today - timedelta(days=rng.randint(20, 1500))
    elif status == "running":
        vote = today - timedelta(days=rng.randint(-60, 200))
    else:
        vote = today + timedelta(days=rng.randint(30, 300))
    budget = fmt == "participatory_budget"
    return {
        "id": ids.take("dialogue_process"), "municipality_id": municipality_id,
        "slug": f"{word_slug}-{topic_slug}-{slug_no}", "title": f"{word} {topic}",
        "question": f"Wie gestalten wir gemeinsam: {topic}?", "format_key": fmt, "status": status,
        "mandate_by": "Rat der Gemeinde", "mandate": "Jede Empfehlung mit ausreichender Zustimmung wird "
        "umgesetzt oder binnen der Frist im Rat beantwortet.",
        "threshold_percent": rng.choice((None, 70, 75, 80)), "response_months": rng.choice((2, 3, 3, 6)),
        "target_groups": rng.sample(GROUPS, rng.randint(1, 3)),
        "dimension_keys": rng.sample(DIMENSIONS, rng.randint(1, 2)),
        "budget_euro": rng.randrange(5_000, 250_000, 5_000) if budget or rng.random() < 0.4 else None,
        "responsible_office": "Stabsstelle Bürgerbeteiligung", "contact_id": None,
        "period_start": vote - timedelta(days=300) if budget else None, "period_end": vote if budget else None,
        "voters": rng.randint(200, 9_000) if budget else None,
        "published": published,
        "published_at": now - timedelta(days=rng.randint(1, 900)) if published else None,
        "withdrawn_at": None, "created_by_id": None,
        "created_at": now - timedelta(days=rng.randint(30, 1600)), "updated_at": now,
        "_vote": vote,
    }


def phases_and_sessions(rng: random.Random, ids: Ids, rows: Rows, process: dict) -> None:
    """Phases up to the process's state and 1-3 sessions with attendance (published only)."""
    vote: date = process["_vote"]
    spans = [(-200, -130), (-129, -90), (-70, 0), (0, 7), (8, 92), (93, 800)]
    kinds = ("preparation", "invitation", "sessions", "recommendations", "response", "implementation")
    last = {"planned": 2, "running": 4, "finished": 6, "cancelled": 1}[process["status"]]
    for position, (kind, (a, b)) in enumerate(zip(kinds[:last], spans[:last], strict=True)):
        rows.add("process_phase", {"id": ids.take("process_phase"), "process_id": process["id"], "kind": kind,
                                   "position": position, "starts_on": vote + timedelta(days=a),
                                   "ends_on": vote + timedelta(days=b)})
    for n in range(rng.randint(1, 3)):
        held = vote - timedelta(days=70 - 30 * n)
        sid = ids.take("dialogue_session")
        rows.add("dialogue_session", {
            "id": sid, "process_id": process["id"], "title": f"Sitzung {n + 1}", "held_on": held,
            "time_of_day": "18:00–21:00", "place": "Rathaus, Ratssaal", "accessibility": ["step_free", "childcare"],
            "interpreting_languages": "Türkisch" if n == 0 else "", "organisations": "Integrationsrat",
            "minutes": "## Ergebnisse\n\n- Anliegen gesammelt\n- Nächste Schritte vereinbart",
            "is_public_event": n == 0, "safety_plan": "", "created_at": process["created_at"],
            "updated_at": process["updated_at"]})
        for group in rng.sample(GROUPS, 2):
            rows.add("session_attendance", {"id": ids.take("session_attendance"), "session_id": sid,
                                            "group_key": group, "count": rng.randint(3, 40)})


def recommendations(rng: random.Random, ids: Ids, rows: Rows, process: dict, count: int, today: date,
                    texts: list[tuple[str, str]]) -> None:
    """`count` recommendations of a process, with responses and progress by their age."""
    from weltoffen.platform.dates import add_months

    vote: date = min(process["_vote"], today - timedelta(days=1))
    due = add_months(vote, process["response_months"] or 3)
    stamp = datetime.combine(vote, time(18), UTC)
    age = (today - vote).days
    for number in range(1, count + 1):
        rid = ids.take("recommendation")
        title, text = texts[(rid + number) % len(texts)]
        cast = rng.randint(20, 160)
        votes_for = int(cast * min(1.0, max(0.2, rng.gauss(0.8, 0.12))))
        against = rng.randint(0, cast - votes_for)
        rows.add("recommendation", {
            "id": rid, "process_id": process["id"], "number": number, "title": title, "text": text,
            "votes_for": votes_for, "votes_against": against, "votes_abstain": cast - votes_for - against,
            "voted_on": vote, "department": rng.choice(DEPARTMENTS), "due_on": due,
            "created_at": stamp, "updated_at": stamp})
        _history(rng, ids, rows, rid, vote, due, age, today)


def _history(rng: random.Random, ids: Ids, rows: Rows, rid: int, vote: date, due: date, age: int,
             today: date) -> None:
    responded = age > 10 and rng.random() < (0.85 if due < today else 0.4)
    if not responded:
        rows.overdue += due < today
        return
    decided = vote + timedelta(days=rng.randint(10, max(10, min(age, 200))))
    state = _pick(rng, STATES)
    if state == "under_review" and (today - decided).days > 60 and rng.random() < 0.5:
        _response(ids, rows, rid, "under_review", decided)
        decided += timedelta(days=rng.randint(20, min(60, (today - decided).days)))
        state = _pick(rng, STATES[:2] + STATES[3:])
    _response(ids, rows, rid, state, decided)
    if state == "under_review":
        rows.overdue += due < today
        return
    if state not in ("adopted", "adopted_in_part"):
        return
    percent, on = 0, decided
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        room = (today - on).days
        if room < 2:
            break
        on += timedelta(days=rng.randint(1, min(room, 240)))
        percent = min(100, percent + rng.choice((10, 20, 25, 40, 50)))
        rows.add("progress_update", {"id": ids.take("progress_update"), "recommendation_id": rid,
                                     "percent": percent, "noted_on": on, "note": rng.choice(NOTES),
                                     "created_by_id": None, "created_at": datetime.combine(on, time(9), UTC)})
        if percent == 100:
            break
    rows.implemented += percent == 100
    rows.stalled += percent < 100 and (today - on).days > 90


def _response(ids: Ids, rows: Rows, rid: int, state: str, decided: date) -> None:
    rows.add("recommendation_response", {
        "id": ids.take("recommendation_response"), "recommendation_id": rid, "state": state,
        "reason": REASONS.get(state, ""), "decided_by": "Rat der Gemeinde", "decided_on": decided,
        "created_by_id": None, "created_at": datetime.combine(decided, time(12), UTC)})
