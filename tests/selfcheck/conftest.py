"""Self-check fixtures: the small test questionnaire, rounds and submissions."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

from weltoffen.selfcheck import answers, services

MINI = Path(__file__).parent / "data" / "mini.v1.yaml"


@pytest.fixture
def questionnaire(db):
    q, _ = services.load_questionnaire(MINI)
    return q


@pytest.fixture
def selfcheck(db, make, questionnaire):
    """A network with two municipalities in an open round, a team in the first."""

    class World:
        pass

    w = World()
    w.network = make.network()
    w.m = make.municipality(w.network, name="Iserlohn")
    w.other = make.municipality(w.network, name="Bochum")
    w.lead = make.user(municipality=w.m, role="lead", name="Lea Leitung")
    w.member = make.user(municipality=w.m, role="member", name="Tom Team")
    w.coordinator = make.user(network_role="coordinator", network=w.network)
    w.round = services.open_round(
        w.coordinator,
        w.network,
        questionnaire,
        "Selbstcheck 2026",
        date.today() - timedelta(days=1),
        date.today() + timedelta(days=30),
        [w.m.id, w.other.id],
    )
    w.sub = next(s for s in w.round.submissions if s.municipality_id == w.m.id)
    w.other_sub = next(s for s in w.round.submissions if s.municipality_id == w.other.id)
    w.questionnaire = questionnaire
    return w


def answer(submission, user, key, value=None, special=None, evidence=""):
    """Save one answer the way the form sends it."""
    q = submission.questionnaire.question(key)
    form = MultiDict()
    for v in value if isinstance(value, list) else ([value] if value is not None else []):
        form.add(f"q-{key}", str(v))
    if special:
        form.add(f"q-{key}-special", special)
    form.add(f"q-{key}-evidence", evidence)
    parsed = answers.save_answer(submission, user, q, answers.raw_from_form(form, key))
    assert parsed.error is None, parsed.error
    return parsed


FULL = {"mission": "2", "budget": "yes", "languages": "3", "formats": ["assembly", "youth"]}


@pytest.fixture
def submitted(selfcheck, db):
    """The first municipality's self-check, fully answered by the lead and submitted."""
    w = selfcheck
    for key, value in FULL.items():
        answer(w.sub, w.lead, key, value, evidence="Ratsbeschluss 2024" if key == "mission" else "")
    services.submit(w.sub, w.lead)
    db.session.flush()
    return w
