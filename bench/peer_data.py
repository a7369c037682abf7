"""A national-scale network for the peer benchmark, inserted in bulk (SQLAlchemy Core
executemany in chunks, not the per-row services): about 10,800 municipalities with
German-like attributes, 3 rounds, one submitted self-check per municipality and round
of the main questionnaire with DimensionScore rows and Submission.overall_score
written directly (plausible per-municipality scores; pages never re-score answers),
and - only when asked (the full run) - a TeamAnswer per scored question.

Attributes: states in German proportions (BY ~2,050, RP ~2,300, ...); population
log-normal (median ~1,800, most under 5,000) plus the kreisfreie Städte (log-normal
around 110,000) and the city states; kind gemeinde/stadt by size, kreisfreie_stadt for
the large ones; foreign-born share rising with size (lower in the eastern states);
unique 8-digit AGS with the state's prefix, ending in 000 only for kreisfreie Städte.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from common import ROOT

QUESTIONNAIRE = ROOT / "questionnaires" / "weltoffene-kommune.v1.yaml"
PASSWORD = "bench-peer-2026"  # noqa: S105 - throwaway accounts in a throwaway database
CHUNK = 5_000

#: Municipalities per state (roughly Germany's), and how many of them are kreisfreie Städte.
STATE_COUNTS = {
    "09": 2050, "07": 2300, "08": 1100, "03": 940, "01": 1100, "13": 730, "16": 600,
    "14": 420, "06": 420, "12": 410, "05": 400, "15": 220, "10": 50,
}
DISTRICT_FREE = {"09": 25, "07": 12, "08": 9, "03": 8, "01": 4, "13": 2, "16": 6,
                 "14": 3, "06": 5, "12": 4, "05": 22, "15": 3, "10": 0}
#: The city states, fixed: (AGS, name, population, foreign-born share).
CITY_STATES = [
    ("11000000", "Berlin", 3_755_000, 24.5),
    ("02000000", "Hamburg", 1_892_000, 21.0),
    ("04011000", "Bremen", 569_000, 22.0),
    ("04012000", "Bremerhaven", 115_000, 19.0),
]
EAST = {"12", "13", "14", "15", "16"}
PREFIXES = ["", "", "", "Ober", "Unter", "Nieder", "Neu", "Alt", "Groß", "Klein", "Bad ", "Hohen"]
STEMS = ["Linden", "Eichen", "Buchen", "Ros", "Wald", "Berg", "Wester", "Oster", "Sonnen",
         "Mühl", "Kirch", "Stein", "Hasel", "Birken", "Felden", "Marien", "Fried", "Wolf"]
SUFFIXES = ["bach", "dorf", "feld", "heim", "hausen", "stadt", "berg", "burg", "au", "ingen",
            "rode", "hagen", "born", "kirchen", "brück", "wald", "weiler", "stedt"]


@dataclass
class Network:
    """What the measurements need of the generated data."""

    network_id: int
    round_ids: list[int]
    questionnaire_id: int
    municipalities: int
    #: [(email, municipality id, [submission id per round])] of the sampled leads.
    leads: list[tuple[str, int, list[int]]]
    coordinator_email: str
    coordinator_totp: str
    summary: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def _name(rng: random.Random, kind: str) -> str:
    prefix, stem = rng.choice(PREFIXES), rng.choice(STEMS)
    stem = stem if not prefix or prefix.endswith(" ") else stem.lower()
    return prefix + stem + rng.choice(SUFFIXES)


def municipalities(n: int, rng: random.Random) -> list[dict]:
    """About `n` municipality rows (state counts scaled to n, city states always)."""
    scale = (n - len(CITY_STATES)) / sum(STATE_COUNTS.values())
    rows = []
    for ags, name, pop, share in CITY_STATES:
        kind = "kreisfreie_stadt"
        rows.append({"ags": ags, "name": name, "state": ags[:2], "kind": kind,
                     "population": pop, "foreign_born_share": share})
    for state, count in STATE_COUNTS.items():
        count = max(1, round(count * scale))
        free = min(count, max(0, round(DISTRICT_FREE[state] * min(1.0, scale * 1.5))))
        district = 100  # 3 digits after the state: Regierungsbezirk + Kreis (101, 102, ...)
        for _ in range(free):
            district += 1
            pop = int(max(35_000, rng.lognormvariate(math.log(110_000), 0.8)))
            rows.append(_row(rng, f"{state}{district:03d}000", state, "kreisfreie_stadt", pop))
        rest = count - free
        per_district = 60 if state != "07" else 120  # RP and its many small Ortsgemeinden
        for i in range(rest):
            if i % per_district == 0:
                district += 1
            pop = int(min(90_000, max(60, rng.lognormvariate(math.log(1_800), 1.3))))
            if pop >= 10_000:
                kind = "stadt" if rng.random() < 0.9 else "gemeinde"
            elif pop >= 3_000:
                kind = "stadt" if rng.random() < 0.3 else "gemeinde"
            else:
                kind = "stadt" if rng.random() < 0.03 else "gemeinde"
            rows.append(_row(rng, f"{state}{district:03d}{i % per_district + 1:03d}", state, kind, pop))
    assert len({r["ags"] for r in rows}) == len(rows), "AGS not unique"
    return rows


def _row(rng: random.Random, ags: str, state: str, kind: str, pop: int) -> dict:
    share = 4.5 + 5.5 * math.log10(max(pop, 100) / 500) + rng.gauss(0, 3.5)
    share -= 5.0 if state in EAST else 0.0
    share = round(min(60.0, max(0.3, share)), 1)
    return {"ags": ags, "name": _name(rng, kind), "state": state, "kind": kind,
            "population": pop, "foreign_born_share": share}


def summarise(rows: list[dict]) -> dict:
    """Counts per state, size class, kind and foreign-born band, plus population figures."""
    from weltoffen.benchmark import groups

    pops = sorted(r["population"] for r in rows)
    return {
        "municipalities": len(rows),
        "per_state": dict(sorted(Counter(r["state"] for r in rows).items())),
        "per_size_class": {str(groups.SIZE_LABELS[k]): v for k, v in
                           sorted(Counter(groups.size_class(p) for p in pops).items())},
        "per_kind": dict(Counter(r["kind"] for r in rows).most_common()),
        "per_foreign_band": {str(groups.FOREIGN_LABELS[k]): v for k, v in sorted(
            Counter(groups.foreign_band(r["foreign_born_share"]) for r in rows).items())},
        "population_median": pops[len(pops) // 2],
        "population_share_under_5000": round(sum(p < 5000 for p in pops) / len(pops), 3),
        "population_max": pops[-1],
        "population_total": sum(pops),
    }


def _insert(table, rows: list[dict]) -> None:
    from weltoffen.extensions import db

    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start:start + CHUNK])


def _scored_questions(definition: dict) -> dict[str, list[dict]]:
    from weltoffen.selfcheck.question_types import is_scored

    return {d["key"]: [q for q in d["questions"] if is_scored(q)] for d in definition["dimensions"]}


def _band(bands: list[dict], score: float) -> str:
    key = bands[0]["key"]
    for b in bands:
        if score >= b["min"]:
            key = b["key"]
    return key


def _answer_value(q: dict, level: float, rng: random.Random):
    """A stored team answer near `level` (0..1) for question q."""
    t = q["type"]
    if t == "scale":
        return min(len(q["steps"]) - 1, max(0, round(level * (len(q["steps"]) - 1) + rng.gauss(0, 0.7))))
    if t == "yes_partly_no":
        x = level + rng.gauss(0, 0.25)
        return "yes" if x > 0.66 else "partly" if x > 0.33 else "no"
    if t == "single_choice":
        return rng.choice(q["options"])["key"]
    if t == "multiple_choice":
        keys = [o["key"] for o in q["options"] if not o.get("exclusive")]
        return sorted(rng.sample(keys, max(1, round(level * len(keys)))))
    if t == "number":
        return rng.randint(0, 20)
    return "Bench"


def generate(n: int, rng: random.Random, team_answers: bool, log) -> Network:
    """Load everything into the database of the current app context; commits."""
    import sqlalchemy as sa

    from weltoffen.auth import totp
    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db
    from weltoffen.network.models import Membership, Municipality
    from weltoffen.network.models import Network as NetworkModel
    from weltoffen.selfcheck import services
    from weltoffen.selfcheck.models import DimensionScore, Round, Submission, TeamAnswer

    seconds = {}
    t0 = time.perf_counter()
    questionnaire, _created = services.load_questionnaire(QUESTIONNAIRE)
    definition = questionnaire.definition
    scored = _scored_questions(definition)
    weights = {d["key"]: float(d.get("weight", 1)) for d in definition["dimensions"]}
    bands = definition["score_bands"]
    network = NetworkModel(name="Bench-Netzwerk Bundesweit", slug="bench-bundesweit")
    db.session.add(network)
    db.session.flush()
    rows = municipalities(n, rng)
    now = datetime.now(UTC)
    for r in rows:
        r.update(network_id=network.id, created_at=now)
    _insert(Municipality.__table__, rows)
    ids = dict(db.session.execute(sa.select(Municipality.ags, Municipality.id)).all())
    seconds["municipalities"] = time.perf_counter() - t0

    password_hash = hash_password(PASSWORD)
    coordinator = User(email="coordinator@bench.weltoffen.de", name="Bench Koordination",
                       password_hash=password_hash, network_role="coordinator",
                       network_id=network.id)
    db.session.add(coordinator)
    db.session.flush()
    secret = totp.new_secret()
    totp.store_secret(coordinator, secret)

    t1 = time.perf_counter()
    today = date.today()
    round_ids = []
    for i in range(3):
        opens = today - timedelta(days=365 * (2 - i) + 60)
        round_ = Round(network_id=network.id, questionnaire_id=questionnaire.id,
                       title=f"Bench-Runde {today.year - 2 + i}", opens_on=opens,
                       deadline=opens + timedelta(days=90),
                       status="open" if i == 2 else "closed", created_by_id=coordinator.id)
        db.session.add(round_)
        db.session.flush()
        round_ids.append(round_.id)
    # A municipality's "ability" (larger ones are further on), its per-dimension profile,
    # and a few points of progress per round.
    ability = {}
    for r in rows:
        base = 30 + 6 * math.log10(max(r["population"], 100) / 100) + rng.gauss(0, 12)
        ability[ids[r["ags"]]] = (base, {k: rng.gauss(0, 8) for k in scored})
    submissions = []
    for i, rid in enumerate(round_ids):
        submitted = datetime.combine(today - timedelta(days=365 * (2 - i)), datetime.min.time(), UTC)
        submissions += [{"round_id": rid, "municipality_id": mid, "status": "submitted",
                         "started_at": submitted - timedelta(days=20), "submitted_at": submitted,
                         "overall_confidence": 100.0} for mid in ability]
    _insert(Submission.__table__, submissions)
    sub_ids = db.session.execute(
        sa.select(Submission.id, Submission.round_id, Submission.municipality_id)
        .where(Submission.round_id.in_(round_ids))).all()
    round_index = {rid: i for i, rid in enumerate(round_ids)}
    scores, overall, answers = [], [], []
    for sid, rid, mid in sub_ids:
        base, profile = ability[mid]
        progress = 4 * round_index[rid]
        dims = {}
        for key, questions in scored.items():
            score = int(min(100, max(0, round(base + profile[key] + progress + rng.gauss(0, 5)))))
            dims[key] = score
            scores.append({"submission_id": sid, "dimension_key": key, "score": float(score),
                           "band": _band(bands, score), "confidence": 100.0,
                           "answered": len(questions), "total": len(questions)})
            if team_answers:
                answers += [{"submission_id": sid, "question_key": q["key"],
                             "value": _answer_value(q, score / 100, rng), "special": None,
                             "evidence": "", "set_by_id": None, "updated_at": now}
                            for q in questions]
        total = sum(weights[k] * s for k, s in dims.items()) / sum(weights.values())
        overall.append({"b_id": sid, "overall": float(math.floor(total + 0.5))})
    _insert(DimensionScore.__table__, scores)
    table = Submission.__table__
    update = table.update().where(table.c.id == sa.bindparam("b_id")).values(
        overall_score=sa.bindparam("overall"))
    conn = db.session.connection()
    for start in range(0, len(overall), CHUNK):
        conn.execute(update, overall[start:start + CHUNK])
    seconds["rounds_submissions_scores"] = time.perf_counter() - t1
    if team_answers:
        t2 = time.perf_counter()
        _insert(TeamAnswer.__table__, answers)
        seconds["team_answers"] = time.perf_counter() - t2

    # Leads of a few municipalities of different states and sizes (no second factor needed).
    t3 = time.perf_counter()
    by_size = sorted(rows, key=lambda r: r["population"])
    picks = [by_size[int(q * (len(by_size) - 1))] for q in (0.05, 0.3, 0.5, 0.7, 0.9, 0.97, 0.995, 1.0)]
    leads = []
    for j, r in enumerate(picks):
        user = User(email=f"lead{j}@bench.weltoffen.de", name=f"Bench Lead {j}",
                    password_hash=password_hash)
        db.session.add(user)
        db.session.flush()
        db.session.execute(Membership.__table__.insert(), [
            {"user_id": user.id, "municipality_id": ids[r["ags"]], "role": "lead", "created_at": now}])
        subs = sorted((round_index[rid], sid) for sid, rid, mid in sub_ids if mid == ids[r["ags"]])
        leads.append((user.email, ids[r["ags"]], [sid for _i, sid in subs]))
    db.session.commit()
    seconds["users"] = time.perf_counter() - t3
    seconds["total"] = time.perf_counter() - t0
    log(f"generated {len(rows)} municipalities, {len(sub_ids)} submissions, {len(scores)} "
        f"dimension scores, {len(answers)} team answers in {seconds['total']:.1f}s")
    return Network(network.id, round_ids, questionnaire.id, len(rows), leads,
                   coordinator.email, secret, summarise(rows),
                   {k: round(v, 2) for k, v in seconds.items()})
