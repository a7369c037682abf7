"""The municipality's own dialogue processes beside the self-check: on the result
page per field of action they serve, and on the fill page beside the questions
marked `evidence: dialogue` (selfcheck/dialogue_links.py)."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from weltoffen.dialogue import services as dialogue
from weltoffen.selfcheck import services

from .conftest import answer

PILLARS = Path(__file__).parent / "data" / "pillars.v1.yaml"
HINT = "Aus Ihren Beteiligungsprozessen:"


@pytest.fixture
def world(make, db):
    class World:
        pass

    w = World()
    w.network = make.network()
    w.town = make.municipality(w.network)
    w.other = make.municipality(w.network)
    w.lead = make.user(municipality=w.town, role="lead")
    w.member = make.user(municipality=w.town, role="member")
    w.coordinator = make.user(network_role="coordinator", network=w.network)
    w.outsider = make.user(municipality=w.other, role="lead")
    w.assembly = dialogue.create_process(
        w.town, w.lead, title="Bürgerrat Klima", format_key="citizens_assembly", status="finished",
        dimension_keys=["participation_dialogue", "management"],
    )
    w.table = dialogue.create_process(
        w.town, w.lead, title="Runder Tisch Sicherheit", format_key="round_table", status="running",
        dimension_keys=["protecting_officials"],
    )
    w.elsewhere = dialogue.create_process(
        w.other, w.outsider, title="Anderer Dialog", format_key="round_table", status="running",
        dimension_keys=["participation_dialogue"],
    )
    w.questionnaire, _ = services.load_questionnaire(PILLARS)
    w.round = services.open_round(
        w.coordinator, w.network, w.questionnaire, "Runde", date.today() - timedelta(days=1),
        date.today() + timedelta(days=30), [w.town.id, w.other.id],
    )
    w.sub = next(s for s in w.round.submissions if s.municipality_id == w.town.id)
    return w


def _submit(w):
    for dim in w.questionnaire.dimensions:
        for q in dim["questions"]:
            answer(w.sub, w.lead, q["key"], "yes" if q["type"] == "yes_partly_no" else "1")
    services.submit(w.sub, w.lead)


def _get(client, login, user, url) -> str:
    login(user)
    r = client.get(url)
    assert r.status_code == 200, url
    return r.get_data(as_text=True)


def _section(html: str, key: str) -> str:
    start = html.index(f'<section id="dim-{key}"')
    end = html.find('<section id="dim-', start + 1)
    return html[start:end if end != -1 else len(html)]


def _fieldset(html: str, key: str) -> str:
    start = html.index(f'id="q-{key}"')
    return html[start:html.index("</fieldset>", start)]


def test_result_lists_the_processes_serving_each_field(client, login, world):
    _submit(world)
    html = _get(client, login, world.member, f"/selfcheck/submissions/{world.sub.id}/result")
    participation = _section(html, "participation_dialogue")
    assert "Beteiligungsprozesse zu diesem Handlungsfeld" in participation
    assert f'href="/dialogue/processes/{world.assembly.id}">Bürgerrat Klima</a> – Abgeschlossen' in participation
    assert "Runder Tisch Sicherheit" not in participation
    protecting = _section(html, "protecting_officials")
    assert f'href="/dialogue/processes/{world.table.id}">Runder Tisch Sicherheit</a> – Läuft' in protecting
    assert "Bürgerrat Klima" in _section(html, "management")
    assert "Anderer Dialog" not in html  # another municipality's process


def test_result_shows_no_processes_to_those_who_may_not_see_them(client, login, world):
    _submit(world)
    html = _get(client, login, world.coordinator, f"/selfcheck/submissions/{world.sub.id}/result")
    assert "/dialogue/processes/" not in html and "Bürgerrat Klima" not in html
    assert "Beteiligungsprozesse zu diesem Handlungsfeld" not in html


def test_fill_page_names_the_processes_beside_dialogue_questions(client, login, world):
    url = f"/selfcheck/submissions/{world.sub.id}/dimensions/participation_dialogue"
    html = _get(client, login, world.member, url)
    marked = _fieldset(html, "results_feedback")
    assert HINT in marked
    assert f'href="/dialogue/processes/{world.assembly.id}">Bürgerrat Klima</a> (Abgeschlossen)' in marked
    assert "q-results_feedback-dialogue" in marked.split(">", 1)[0]  # aria-describedby
    assert "Anderer Dialog" not in html
    assert HINT not in _fieldset(html, "project_list")  # not marked
    assert html.count(HINT) == 1


def test_fill_page_without_marked_questions_or_processes_has_no_hint(client, login, world, db):
    base = f"/selfcheck/submissions/{world.sub.id}/dimensions"
    assert HINT not in _get(client, login, world.member, f"{base}/protecting_officials")
    other_sub = next(s for s in world.round.submissions if s.municipality_id == world.other.id)
    dialogue.update_process(world.elsewhere, world.outsider, dimension_keys=[])
    html = _get(client, login, world.outsider,
                f"/selfcheck/submissions/{other_sub.id}/dimensions/participation_dialogue")
    assert HINT not in html and "q-results_feedback-dialogue" not in html
