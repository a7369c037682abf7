"""Sessions: services, pages, bad input, sanitised minutes, and the one-click incident link."""

from datetime import date

import pytest
from sqlalchemy import func, select

from weltoffen.dialogue import services, sessions
from weltoffen.dialogue.models import DialogueSession, SessionAttendance

XSS = ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">', "[klick](javascript:alert(1))",
       '<iframe src="https://evil.example"></iframe>', "[d](data:text/html;base64,PHNjcmlwdD4=)"]


@pytest.fixture
def w(make):
    network = make.network()
    town, other = make.municipality(network), make.municipality(network)
    lead = make.user(municipality=town, role="lead")
    p = services.create_process(town, lead, title="Dialog", format_key="round_table",
                                phases={"sessions": (date(2026, 3, 1), date(2026, 3, 31))})
    return {"p": p, "lead": lead, "member": make.user(municipality=town, role="member"),
            "official": make.user(municipality=town, role="official"),
            "other_lead": make.user(municipality=other, role="lead")}


def _counts(db):
    return (db.session.scalar(select(func.count(DialogueSession.id))),
            db.session.scalar(select(func.count(SessionAttendance.id))))


def test_service_counts_and_warning(w, db):
    s = sessions.create_session(w["p"], w["lead"], held_on=date(2026, 3, 5), attendance={"women": 4, "families": 0})
    assert sessions.attendance_of(s) == {"women": 4}
    with pytest.raises(ValueError):
        sessions.set_attendance(s, {"women": -1})
    assert not sessions.outside_sessions_phase(w["p"], date(2026, 3, 5))
    assert sessions.outside_sessions_phase(w["p"], date(2026, 4, 5))


def test_member_records_a_session_with_sanitised_minutes(client, login, w, db):
    login(w["member"])
    data = {"held_on": "2026-04-10", "title": "Auftakt", "attendance_women": "7", "accessibility": ["step_free"],
            "minutes": "**fett**\n\n" + "\n\n".join(XSS), "safety_plan": "Ordner"}
    r = client.post(f"/dialogue/processes/{w['p'].id}/sessions/new", data=data, follow_redirects=True)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<strong>fett</strong>" in html and "Ordner" in html
    for bad in ("<script>alert", "<img", "href=\"javascript:", "<iframe", "href=\"data:"):
        assert bad not in html
    assert "kern-alert--warning" in html  # outside the sessions phase: a warning only
    s = db.session.scalars(select(DialogueSession)).one()
    assert sessions.attendance_of(s) == {"women": 7}
    assert client.get(f"/dialogue/sessions/{s.id}/edit").status_code == 200
    assert "/incidents/new" not in html  # a member may not report incidents


@pytest.mark.parametrize("data, field", [
    ({"held_on": "2026-03-05", "attendance_women": "-3"}, "attendance_women"),
    ({"held_on": "bald"}, "held_on"),
    ({"held_on": "2026-03-05", "place": "x" * 301}, "place"),
])
def test_bad_session_input(client, login, w, db, data, field):
    login(w["member"])
    r = client.post(f"/dialogue/processes/{w['p'].id}/sessions/new", data=data)
    assert r.status_code == 422 and f'id="{field}-error"' in r.get_data(as_text=True)
    assert _counts(db) == (0, 0)


def test_other_municipality_gets_404(client, login, w, db):
    s = sessions.create_session(w["p"], w["lead"], held_on=date(2026, 3, 5))
    login(w["other_lead"])
    for url in (f"/dialogue/sessions/{s.id}", f"/dialogue/sessions/{s.id}/edit"):
        assert client.get(url).status_code == 404


def test_official_gets_a_prefilled_incident_form(client, login, w, db):
    s = sessions.create_session(w["p"], w["lead"], held_on=date(2026, 3, 5), is_public_event=True)
    login(w["official"])
    html = client.get(f"/dialogue/sessions/{s.id}").get_data(as_text=True)
    assert "/incidents/new?date=2026-03-05&amp;channel=event" in html
    form = client.get("/incidents/new?date=2026-03-05&channel=event").get_data(as_text=True)
    assert 'value="2026-03-05"' in form and 'value="event" checked' in form.replace("\n", " ") or "event" in form
    bad = client.get("/incidents/new?date=morgen&channel=tv").get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in bad
    before = _counts(db)
    r = client.post("/incidents/new", data={"date": "2026-03-05", "form": "threat", "channel": "event",
                                            "severity": "2", "description": "Störer", "action": "save",
                                            "form_token": "t"})
    assert r.status_code == 302 and _counts(db) == before
    assert db.session.get(DialogueSession, s.id).updated_at == s.updated_at
