"""Version 2 of the main questionnaire, and the format's named scales and evidence key
(questionnaires/README.md). Version 1 stays byte for byte as published."""

import copy
import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from weltoffen.selfcheck import loader, services
from weltoffen.selfcheck.models import Questionnaire
from weltoffen.selfcheck.question_types import DefinitionError, is_scored
from weltoffen.selfcheck.scoring import score_answers

ROOT = Path(__file__).parents[2] / "questionnaires"
V1 = ROOT / "weltoffene-kommune.v1.yaml"
V2 = ROOT / "weltoffene-kommune.v2.yaml"
#: sha256 of weltoffene-kommune.v1.yaml as published; it must never change.
V1_SHA256 = "aaa5b56f9d4be39076c21fbf031ba020c2a36feb9e2348f9fd076620398af79f"
#: Its checked definition's content hash, as stored: the loader's format extension
#: must not change it (loading v1 again with other content would be refused).
V1_CONTENT = "56612b6c66f83787cfce89fa52517c14ea5a7fac7e8e9a21ccb8c8151b12c352"

OUTCOME = {
    "culture_audience",
    "feel_safe",
    "migrant_volunteering",
    "welcomed_engagement",
    "living_together",
    "participation_reach",
    "officials_supported",
}
SPLIT = {
    "mobility": {"mobility_transport", "mobility_support"},
    "culture": {"culture_audience", "culture_artists"},
    "council_feedback": {"council_agenda", "council_response"},
    "diverse_volunteering": {"migrant_volunteering", "volunteer_outreach"},
}
NEW = {
    "common_good_standards",  # Leipzig Charter (seed 002)
    "contact_point_mandate",  # seed 002, comment on the contact point
    "participation_training",  # seed 003
    "municipal_networks",  # seed 003
    "cross_sector_alliances",  # seed 002, "Wilde Allianzen"
}
DIALOGUE = {
    "citizens_assembly",
    "participatory_budget_volume",
    "participatory_budget_binding",
    "dialogue_formats",
    "target_groups",
    "participation_reach",
    "outreach_practice",
    "scope_disclosed",
    "mandate_commitment",
    "results_feedback",
    "council_link",
}


@pytest.fixture(scope="module")
def v2():
    return loader.load_file(V2)


def _questions(definition) -> dict:
    return {q["key"]: q for d in definition["dimensions"] for q in d["questions"]}


def test_v1_file_is_unchanged():
    assert hashlib.sha256(V1.read_bytes()).hexdigest() == V1_SHA256
    assert loader.content_hash(loader.load_file(V1)) == V1_CONTENT


def test_v2_loads_with_the_same_fields_of_action(v2):
    v1 = loader.load_file(V1)
    assert v2["slug"] == "weltoffene-kommune" and v2["version"] == 2
    assert [d["key"] for d in v2["dimensions"]] == [d["key"] for d in v1["dimensions"]]
    assert 100 <= len(_questions(v2)) <= 120


def test_v2_stores_once_beside_v1(db):
    first, created = services.load_questionnaire(V1)
    second, created2 = services.load_questionnaire(V2)
    again, created3 = services.load_questionnaire(V2)
    assert created and created2 and not created3 and again.id == second.id
    assert (second.slug, second.version) == ("weltoffene-kommune", 2)
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 2
    assert second.definition["dimensions"][0]["questions"][0]["steps"]


def test_every_scale_question_names_its_scale(v2):
    scales = v2["scales"]
    assert set(scales) == {"implementation", "frequency", "outcome"}
    for q in _questions(v2).values():
        if q["type"] == "scale":
            assert q["scale"] in scales, q["key"]
            assert q["steps"] == scales[q["scale"]], q["key"]


def test_outcome_questions_use_the_outcome_scale(v2):
    questions = _questions(v2)
    outcome = {k for k, q in questions.items() if q.get("scale") == "outcome"}
    assert outcome == OUTCOME
    for key in OUTCOME:
        q = questions[key]
        assert "Wie sehr stimmen Sie" in q["text"]["de"], key
        assert q["steps"][0]["de"] == "stimme nicht zu"
        assert "umgesetzt" not in " ".join(s["de"] for s in q["steps"])
    implementation = [q for q in questions.values() if q.get("scale") == "implementation"]
    assert all("stimmen Sie" not in q["text"]["de"] for q in implementation)


def test_split_and_replaced_questions(v2):
    questions = _questions(v2)
    for old, new in SPLIT.items():
        assert old not in questions
        assert new <= set(questions), old
    for old in ("participatory_budget", "staff_time_budget", "safety_law"):
        assert old not in questions


def test_participatory_budget_asks_volume_per_resident_and_binding_vote(v2):
    questions = _questions(v2)
    volume = questions["participatory_budget_volume"]
    assert volume["type"] == "number" and "je Einwohner" in volume["unit"]["de"]
    assert _score(volume, 0) == 0 and _score(volume, 5) == 80
    assert _score(volume, 12) == 100
    binding = questions["participatory_budget_binding"]
    scores = {o["key"]: o["score"] for o in binding["options"]}
    assert scores["binding"] == 100 and scores["no_budget"] == 0
    staff = questions["staff_hours_per_10k"]
    assert staff["type"] == "number" and "10.000 Einwohner" in staff["unit"]["de"]
    assert "10,000 residents" in staff["unit"]["en"]


def _score(q, value):
    from weltoffen.selfcheck.question_types import TYPES

    return TYPES[q["type"]].score(q, value)


def test_target_groups_include_women_and_incidents_name_the_log(v2):
    questions = _questions(v2)
    options = {o["key"]: o for o in questions["target_groups"]["options"]}
    assert options["women"]["label"] == {"de": "Frauen", "en": "Women"}
    assert sum(o["score"] for o in options.values()) == 100
    documentation = questions["incident_documentation"]
    assert "„Meine Vorfälle“" in documentation["text"]["de"]
    assert "“My incidents”" in documentation["text"]["en"]


def test_new_questions_from_the_seeds(v2):
    questions = _questions(v2)
    assert NEW <= set(questions)
    assert "Leipzig-Charta" in questions["common_good_standards"]["text"]["de"]
    assert "Beteiligungsmethoden" in questions["participation_training"]["text"]["de"]
    for key in NEW:
        assert questions[key]["text"]["en"].strip(), key


def test_dialogue_evidence_marks_the_participation_questions(v2):
    marked = {k for k, q in _questions(v2).items() if q.get("evidence") == "dialogue"}
    assert DIALOGUE <= marked
    dims = {q["key"]: d["key"] for d in v2["dimensions"] for q in d["questions"]}
    assert {dims[k] for k in DIALOGUE} == {"participation_dialogue"}


def _best(q):
    if q["type"] == "scale":
        return len(q["steps"]) - 1
    if q["type"] == "yes_partly_no":
        return "yes"
    if q["type"] == "single_choice":
        return max(q["options"], key=lambda o: o["score"])["key"]
    if q["type"] == "multiple_choice":
        return [o["key"] for o in q["options"] if not o.get("exclusive")]
    if q["type"] == "number":
        return q["score_from"][-1]["at_least"]
    return None


def test_v2_scores_from_0_to_100(v2):
    questions = [q for q in _questions(v2).values() if is_scored(q)]
    best = score_answers(v2, {q["key"]: (_best(q), None) for q in questions})
    assert best.overall == 100
    assert all(d.score == 100 for d in best.dimensions.values())
    outcome_low = dict.fromkeys(OUTCOME, (0, None))
    low = score_answers(v2, outcome_low)
    assert low.dimensions["fair_access"].score == 0


# --- the format: named scales and evidence ------------------------------------------

BASE = {
    "slug": "mini",
    "version": 1,
    "title": {"de": "Mini", "en": "Mini"},
    "score_bands": [{"key": "low", "min": 0, "label": {"de": "Niedrig", "en": "Low"}}],
    "scales": {
        "agree": [{"de": "nein", "en": "no"}, {"de": "ja", "en": "yes"}],
    },
    "dimensions": [
        {
            "key": "d",
            "title": {"de": "D", "en": "D"},
            "recommendations": {"low": {"de": "R", "en": "R"}},
            "questions": [
                {"key": "q", "type": "scale", "scale": "agree", "text": {"de": "F", "en": "Q"}},
            ],
        }
    ],
}


def _check(change=None):
    doc = copy.deepcopy(BASE)
    if change:
        change(doc)
    return loader.check(doc)


def _question(doc):
    return doc["dimensions"][0]["questions"][0]


def test_named_scale_is_copied_into_the_question():
    q = _question(_check())
    assert q["scale"] == "agree" and q["steps"] == BASE["scales"]["agree"]
    assert score_answers(_check(), {"q": (1, None)}).overall == 100


@pytest.mark.parametrize(
    "label,change,path,reason",
    [
        ("unknown scale", lambda d: _question(d).update(scale="other"), "scale", "no scale"),
        (
            "steps and scale",
            lambda d: _question(d).update(steps=[{"de": "a", "en": "a"}] * 2),
            "scale",
            "not both",
        ),
        (
            "scale on yes/no",
            lambda d: _question(d).update(type="yes_partly_no"),
            "scale",
            "not used by type",
        ),
        ("bad evidence", lambda d: _question(d).update(evidence="survey"), "evidence", "dialogue"),
    ],
    ids=["unknown scale", "steps and scale", "scale on yes/no", "bad evidence"],
)
def test_bad_named_scale_or_evidence_is_refused(label, change, path, reason):
    with pytest.raises(DefinitionError) as exc:
        _check(change)
    assert exc.value.path == f"dimensions[0].questions[0].{path}"
    assert reason in exc.value.reason


def test_malformed_scales_are_refused():
    with pytest.raises(DefinitionError) as exc:
        _check(lambda d: d["scales"].update(agree=[{"de": "nur", "en": "one"}]))
    assert exc.value.path == "scales.agree.steps" and "2 to 7" in exc.value.reason
    with pytest.raises(DefinitionError) as exc:
        _check(lambda d: d.update(scales=["agree"]))
    assert exc.value.path == "scales"
    with pytest.raises(DefinitionError) as exc:
        _check(lambda d: d["scales"].update({"Bad Name": BASE["scales"]["agree"]}))
    assert exc.value.path == "scales.Bad Name"


def test_evidence_dialogue_is_accepted_and_kept():
    q = _question(_check(lambda d: _question(d).update(evidence="dialogue")))
    assert q["evidence"] == "dialogue"


def test_demo_loads_v2_and_keeps_its_rounds_on_v1(app, db):
    from weltoffen.auth.demo import load_accounts
    from weltoffen.network.demo import load_network
    from weltoffen.selfcheck import demo
    from weltoffen.selfcheck.models import Round

    network = load_network()
    load_accounts(network)
    demo.load(network)
    versions = db.session.execute(
        sa.select(Questionnaire.slug, Questionnaire.version)
    ).all()
    assert ("weltoffene-kommune", 2) in versions and ("weltoffene-kommune", 1) in versions
    rounds = db.session.scalars(sa.select(Round).where(Round.network_id == network.id)).all()
    assert rounds and {r.questionnaire.version for r in rounds} == {1}


def test_a_v2_round_through_the_pages(client, login, make, db):
    from datetime import date, timedelta

    from .conftest import answer

    questionnaire, _ = services.load_questionnaire(V2)
    network = make.network()
    town = make.municipality(network)
    lead = make.user(municipality=town, role="lead")
    coordinator = make.user(network_role="coordinator", network=network)
    round_ = services.open_round(
        coordinator, network, questionnaire, "Selbstcheck v2", date.today() - timedelta(days=1),
        date.today() + timedelta(days=30), [town.id],
    )
    sub = round_.submissions[0]
    login(lead)
    for dim in questionnaire.dimensions:
        page = client.get(f"/selfcheck/submissions/{sub.id}/dimensions/{dim['key']}")
        assert page.status_code == 200 and dim["questions"][0]["text"]["de"][:30] in page.text
    for q in _questions(questionnaire.definition).values():
        best = _best(q)
        value = "Unser Beispiel" if q["type"] == "text" else (
            best if isinstance(best, list) else str(best).replace(".", ","))
        answer(sub, lead, q["key"], value)
    services.submit(sub, lead)
    db.session.flush()
    assert sub.overall_score == 100
    for url in (f"/selfcheck/submissions/{sub.id}/result", f"/selfcheck/submissions/{sub.id}/report.pdf",
                f"/selfcheck/submissions/{sub.id}/answers.csv",
                f"/selfcheck/questionnaires/{questionnaire.id}/print", f"/benchmark/submissions/{sub.id}",
                f"/selfcheck/submissions/{sub.id}/team/participation_dialogue"):
        assert client.get(url).status_code == 200, url
