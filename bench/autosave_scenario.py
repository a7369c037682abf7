"""The autosave scenario: its data (one network, municipality, open round and one
member per client, loaded through the app's services), valid answers of every question
type, and the clients that log in and save them at once - every --hot-every-th save on
the same question, twice from the same session."""

from __future__ import annotations

import argparse
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

from common import ROOT
from common.databases import AppSettings, migrated_app
from common.http_client import REQUEST_TIMEOUT, Client
from common.load import run_threads, wait

QUESTIONNAIRE = ROOT / "questionnaires" / "weltoffene-kommune.v1.yaml"
PASSWORD = "bench-autosave-2026"  # noqa: S105 - throwaway accounts in a throwaway database
EMAIL = "bench{:03d}@bench.weltoffen.de"
WORDS = (
    "Integrationsbeirat Ratsbeschluss Quartier Sprachcafé Beteiligung Ehrenamt Förderung "
    "Begegnung Willkommenskultur Ausländerbehörde Elternarbeit Stadtteil Beratung Übersetzung"
).split()


@dataclass
class Fixture:
    submission_id: int
    first_dimension: str
    questions: list[dict]
    #: (user id, e-mail) per client, in client order.
    users: list[tuple[int, str]]
    setup_seconds: float

    @property
    def first_page(self) -> str:
        return f"/selfcheck/submissions/{self.submission_id}/dimensions/{self.first_dimension}"

    def answer_path(self, key: str) -> str:
        return f"/selfcheck/submissions/{self.submission_id}/answers/{key}"


def setup_fixture(url: str, clients: int, settings: AppSettings) -> Fixture:
    """Schema through the migrations, then the data through the app's services."""
    started = time.perf_counter()
    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db
    from weltoffen.network import services as network_services
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck import services

    with migrated_app(url, settings):
        questionnaire, _created = services.load_questionnaire(QUESTIONNAIRE)
        network = network_services.create_network(None, "Bench-Netzwerk Autosave")
        municipality = network_services.save_municipality(
            None, Municipality(), network_id=network.id, ags="05999001", name="Benchstadt",
            state="05", kind="stadt", population=120_000, foreign_born_share=14.5,
        )
        password_hash = hash_password(PASSWORD)  # one argon2 hash for every account
        coordinator = User(email="coordinator@bench.weltoffen.de", name="Bench Koordination",
                           password_hash=password_hash)
        db.session.add(coordinator)
        db.session.flush()
        network_services.set_network_role(None, coordinator, "coordinator", network.id)
        today = date.today()
        round_ = services.open_round(
            coordinator, network, questionnaire, "Bench-Runde Autosave",
            today - timedelta(days=1), today + timedelta(days=30), [municipality.id],
        )
        users = []
        for i in range(clients):
            user = User(email=EMAIL.format(i), name=f"Bench Mitglied {i:03d}",
                        password_hash=password_hash)
            db.session.add(user)
            db.session.flush()
            network_services.add_membership(None, user, municipality, "member")
            users.append(user)
        db.session.commit()
        definition = questionnaire.definition
        fixture = Fixture(
            submission_id=round_.submissions[0].id,
            first_dimension=definition["dimensions"][0]["key"],
            questions=[q for d in definition["dimensions"] for q in d["questions"]],
            users=[(u.id, u.email) for u in users],
            setup_seconds=0.0,
        )
    fixture.setup_seconds = time.perf_counter() - started
    return fixture


def make_save(question: dict, rng: random.Random, tag: str):
    """A valid autosave for `question`: (form fields, expected stored row) where the row
    is (value, special, evidence) or None when the save clears the answer."""
    qtype = question["type"]
    name = f"q-{question['key']}"
    evidence = f"Beleg {tag}: {' '.join(rng.sample(WORDS, 3))}"
    roll = rng.random()
    if roll < 0.04:  # cleared: blank answer without evidence removes the row
        fields = [] if qtype == "multiple_choice" else [(name, "")]
        return fields + [(f"{name}-evidence", "")], None
    if roll < 0.10 and qtype != "text":  # "don't know" / "not applicable"
        special = rng.choice(["dk", "na"])
        if qtype in ("multiple_choice", "number"):
            fields = [(f"{name}-special", special)]
        else:
            fields = [(name, special)]
        return fields + [(f"{name}-evidence", evidence)], (None, special, evidence)
    if qtype == "scale":
        step = rng.randrange(len(question["steps"]))
        fields, value = [(name, str(step))], step
    elif qtype == "yes_partly_no":
        value = rng.choice(["yes", "partly", "no"])
        fields = [(name, value)]
    elif qtype == "single_choice":
        value = rng.choice([o["key"] for o in question["options"]])
        fields = [(name, value)]
    elif qtype == "multiple_choice":
        exclusive = [o["key"] for o in question["options"] if o.get("exclusive")]
        others = [o["key"] for o in question["options"] if not o.get("exclusive")]
        if exclusive and rng.random() < 0.15:
            chosen = [exclusive[0]]
        else:
            chosen = rng.sample(others, rng.randint(1, min(4, len(others))))
        fields = [(name, key) for key in chosen]  # any order; stored in definition order
        value = [o["key"] for o in question["options"] if o["key"] in chosen]
    elif qtype == "number":
        lo, hi = int(question["min"]), int(question["max"])
        style = rng.random()
        if style < 0.2 and hi - lo >= 1:  # German decimal comma
            whole = rng.randint(lo, hi - 1)
            value, text = whole + 0.5, f"{whole},5"
        elif style < 0.4 and hi >= 1000:  # German thousands separator
            value = rng.randint(max(lo, 1000), min(hi, 99_999))
            text = f"{value // 1000}.{value % 1000:03d}"
        else:
            value = rng.randint(lo, hi)
            text = str(value)
        fields = [(name, text)]
    elif qtype == "text":
        value = f"Freitext {tag}: {' '.join(rng.sample(WORDS, 6))}"
        fields = [(name, f"  {value}\n")]  # stored stripped
    else:  # pragma: no cover - a new question type needs a generator here
        raise ValueError(f"no generator for question type {qtype}")
    return fields + [(f"{name}-evidence", evidence)], (value, None, evidence)


@dataclass
class Write:
    question: str
    expected: tuple | None
    started: float
    ended: float
    status: int
    hot: bool
    twin: bool


@dataclass
class Session:
    """A logged-in client: cookies and the CSRF token of the dimension page."""

    index: int
    user_id: int
    email: str
    client: Client
    csrf: str | None = None
    login_seconds: float | None = None
    error: str | None = None

    def log_in(self, fixture: Fixture) -> None:
        """Log in, then open the first dimension page for the CSRF token of the new
        session (htmx sends it as X-CSRFToken). A failure is kept in self.error."""
        started = time.perf_counter()
        try:
            self.client.log_in(self.email, PASSWORD)
            self.csrf = self.client.csrf_token(fixture.first_page, "dimension page")
            self.login_seconds = time.perf_counter() - started
        except Exception as exc:  # noqa: BLE001 - reported as a failed client
            self.error = str(exc)

    def headers(self) -> dict[str, str]:
        """The headers of an autosave as htmx sends it."""
        return {"HX-Request": "true", "X-CSRFToken": self.csrf or "", "HX-Trigger": "autosave"}


@dataclass
class ClientRun:
    """One client's saves in one repeat."""

    index: int
    user_id: int
    repeat: int
    writes: list[Write] = field(default_factory=list)
    barrier_seconds: float = 0.0
    started: float | None = None
    ended: float | None = None
    error: str | None = None

    def save(self, session: Session, path: str, key: str, prepared, hot: bool, twin: bool) -> None:
        """POST one prepared save (make_save()) and record what the server answered."""
        fields, expected = prepared
        started = time.perf_counter()
        status, _h, _b, seconds = session.client.request(
            "POST", path, form=fields, headers=session.headers()
        )
        self.writes.append(Write(key, expected, started, started + seconds, status, hot, twin))


def login_all(port: int, fixture: Fixture) -> list[Session]:
    """Every member logs in at the same time."""
    sessions = [Session(i, uid, email, Client(port)) for i, (uid, email) in enumerate(fixture.users)]
    start = threading.Barrier(len(sessions))

    def go(session: Session) -> None:
        wait(start)
        session.log_in(fixture)

    run_threads(go, [(s,) for s in sessions])
    return sessions


def plan_saves(questions: list[dict], saves: int, hot_every: int, hot_keys: list[str],
               rng: random.Random) -> list[tuple[str, bool]]:
    """(question key, hot) per save; every hot_every-th save is the round's hot question."""
    plan = []
    for i in range(saves):
        if hot_every and (i + 1) % hot_every == 0:
            plan.append((hot_keys[(i // hot_every) % len(hot_keys)], True))
        else:
            plan.append((rng.choice(questions)["key"], False))
    return plan


def run_client(run: ClientRun, session: Session, fixture: Fixture, plan: list, twins: bool,
               start: threading.Barrier, hot: threading.Barrier, seed: str) -> None:
    rng = random.Random(seed)
    questions = {q["key"]: q for q in fixture.questions}
    run.error = session.error

    def prepare(key: str, n: int, twin: bool):
        tag = f"r{run.repeat}-c{run.index:03d}-s{n:03d}{'b' if twin else ''}"
        return make_save(questions[key], rng, tag)

    wait(start)
    run.started = time.perf_counter()
    for n, (key, hot_round) in enumerate(plan):  # bounded: --saves
        if hot_round:  # every client takes part in every barrier, even a failed one
            waited = time.perf_counter()
            wait(hot)
            run.barrier_seconds += time.perf_counter() - waited
        if run.error:
            continue
        path = fixture.answer_path(key)
        first = prepare(key, n, False)
        if hot_round and twins:
            # Two overlapping saves of the same answer from the same session.
            second = threading.Thread(
                target=run.save, args=(session, path, key, prepare(key, n, True), True, True)
            )
            second.start()
            run.save(session, path, key, first, True, False)
            second.join(REQUEST_TIMEOUT * 2)
        else:
            run.save(session, path, key, first, hot_round, False)
    run.ended = time.perf_counter()


def autosave_phase(fixture: Fixture, args: argparse.Namespace, sessions: list[Session],
                   repeat: int) -> dict:
    """All clients wait at the start barrier, then save. Also returns the CPU seconds the
    client process itself used (it shares the cores with gunicorn)."""
    rng = random.Random(f"{args.seed}:hot:{repeat}")
    hot_pool = [q["key"] for q in fixture.questions]
    rounds = max(1, args.saves // max(args.hot_every, 1))
    hot_keys = rng.sample(hot_pool, min(len(hot_pool), rounds))
    runs = [ClientRun(s.index, s.user_id, repeat) for s in sessions]
    plans = [plan_saves(fixture.questions, args.saves, args.hot_every, hot_keys,
                        random.Random(f"{args.seed}:plan:{repeat}:{i}")) for i in range(len(runs))]
    start = threading.Barrier(len(runs))
    hot = threading.Barrier(len(runs))
    cpu = time.process_time()
    run_threads(run_client, [
        (run, sessions[i], fixture, plans[i], args.twins, start, hot,
         f"{args.seed}:values:{repeat}:{i}")
        for i, run in enumerate(runs)
    ])
    cpu = time.process_time() - cpu
    starts = [r.started for r in runs if r.started is not None and not r.error]
    ends = [r.ended for r in runs if r.ended is not None and not r.error]
    wall = (max(ends) - min(starts)) if starts and ends else None
    return {"runs": runs, "wall": wall, "client_cpu": cpu}
