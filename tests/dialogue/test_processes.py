"""Process pages through the client and the process services without HTTP."""

import pytest
from sqlalchemy import func, select

from weltoffen.dialogue import services
from weltoffen.dialogue.models import DialogueProcess

GOOD = {"title": "Bürgerrat Verkehr", "format_key": "citizens_assembly", "status": "planned",
        "threshold_percent": "80", "response_months": "3", "target_groups": ["young_people"],
        "contact_id": "", "preparation_start": "2026-01-01", "preparation_end": "2026-01-31",
        "sessions_start": "2026-03-01", "sessions_end": "2026-04-30"}


@pytest.fixture
def people(make):
    network = make.network()
    town, other = make.municipality(network), make.municipality(network)
    return {
        "town": town, "other": other,
        "lead": make.user(municipality=town, role="lead"),
        "member": make.user(municipality=town, role="member"),
        "trust": make.user(municipality=town, role="trust_person"),
        "coordinator": make.user(network_role="coordinator", network=network),
        "admin": make.user(network_role="admin"),
        "other_lead": make.user(municipality=other, role="lead"),
    }


def _count(db):
    return db.session.scalar(select(func.count(DialogueProcess.id)))


def test_services_create_and_phases(people, db):
    p = services.create_process(people["town"], people["lead"], title="Forum", format_key="round_table",
                                phases={"preparation": (None, None)})
    assert p.slug == "forum" and p.phases == []
    with pytest.raises(ValueError):
        services.set_phases(p, {"sessions": (GOOD and __import__("datetime").date(2026, 5, 2),
                                             __import__("datetime").date(2026, 5, 1))})


def test_member_records_and_edits_but_cannot_publish(client, login, people, db):
    login(people["member"])
    town = people["town"]
    r = client.post(f"/dialogue/municipalities/{town.id}/processes/new", data=GOOD)
    assert r.status_code == 302
    p = db.session.scalars(select(DialogueProcess)).one()
    assert [ph.kind for ph in p.phases] == ["preparation", "sessions"] and p.threshold_percent == 80
    page = client.get(f"/dialogue/processes/{p.id}").get_data(as_text=True)
    assert "Bürgerrat Verkehr" in page and 'aria-label=' in page
    assert client.get(f"/dialogue/processes/{p.id}/edit").status_code == 200
    assert client.post(f"/dialogue/processes/{p.id}/publish").status_code == 403
    assert "Bürgerrat Verkehr" in client.get(f"/dialogue/municipalities/{town.id}/processes").get_data(as_text=True)


def test_lead_publishes_and_withdraws(client, login, people, db):
    p = services.create_process(people["town"], people["lead"], title="Forum", format_key="round_table")
    login(people["lead"])
    assert client.post(f"/dialogue/processes/{p.id}/publish").status_code == 302
    assert p.published
    assert client.post(f"/dialogue/processes/{p.id}/withdraw").status_code == 302
    assert not p.published and p.withdrawn_at


@pytest.mark.parametrize("change, field", [
    ({"sessions_end": "2026-02-01"}, "sessions_end"),
    ({"sessions_start": "2025-12-01", "sessions_end": ""}, "sessions_start"),
    ({"format_key": "nonsense"}, "format_key"),
    ({"title": "x" * 201}, "title"),
    ({"threshold_percent": "120"}, "threshold_percent"),
    ({"budget_euro": "-5"}, "budget_euro"),
    ({"target_groups": ["martians"]}, "target_groups"),
])
def test_bad_input_is_refused_at_the_field(client, login, people, db, change, field):
    login(people["member"])
    r = client.post(f"/dialogue/municipalities/{people['town'].id}/processes/new", data={**GOOD, **change})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert f'id="{field}-error"' in html and 'value="2026-01-31"' in html
    assert _count(db) == 0


@pytest.mark.parametrize("who", ["trust", "coordinator", "admin", "other_lead"])
def test_outsiders_get_404_everywhere(client, login, people, db, who):
    p = services.create_process(people["town"], people["lead"], title="Forum", format_key="round_table")
    login(people[who])
    town = people["town"].id
    for url in (f"/dialogue/municipalities/{town}/processes", f"/dialogue/municipalities/{town}/processes/new",
                f"/dialogue/processes/{p.id}", f"/dialogue/processes/{p.id}/edit",
                f"/dialogue/processes/{p.id}/sessions/new"):
        assert client.get(url).status_code == 404, url
    for url in (f"/dialogue/processes/{p.id}/publish", f"/dialogue/processes/{p.id}/withdraw"):
        assert client.post(url).status_code == 404, url


def test_fields_of_action_come_from_the_networks_rounds_and_forged_keys_are_refused(client, login, people, db):
    from datetime import date
    from pathlib import Path

    from weltoffen.selfcheck import services as selfcheck_services
    from weltoffen.selfcheck.models import Round

    v2 = Path(__file__).resolve().parents[2] / "questionnaires" / "weltoffene-kommune.v2.yaml"
    questionnaire, _created = selfcheck_services.load_questionnaire(v2)
    town = people["town"]
    db.session.add(Round(network_id=town.network_id, questionnaire_id=questionnaire.id, title="Runde 2026",
                         opens_on=date(2026, 1, 1), deadline=date(2026, 12, 31), status="open"))
    db.session.commit()
    login(people["member"])
    html = client.get(f"/dialogue/municipalities/{town.id}/processes/new").get_data(as_text=True)
    assert 'value="cohesion"' in html and 'value="participation_dialogue"' in html
    r = client.post(f"/dialogue/municipalities/{town.id}/processes/new",
                    data={**GOOD, "dimension_keys": ["cohesion", "erfunden"]})
    assert r.status_code == 422 and _count(db) == 0
    import re

    assert re.search(r'<input checked[^>]*value="cohesion"', r.get_data(as_text=True))  # the choice is kept
    r = client.post(f"/dialogue/municipalities/{town.id}/processes/new",
                    data={**GOOD, "dimension_keys": ["cohesion", "participation_dialogue"]})
    assert r.status_code == 302
    process = db.session.scalars(select(DialogueProcess)).one()
    assert process.dimension_keys == ["cohesion", "participation_dialogue"]
    page = client.get(f"/dialogue/processes/{process.id}").get_data(as_text=True)
    assert questionnaire.dimension("cohesion")["title"]["de"] in page
