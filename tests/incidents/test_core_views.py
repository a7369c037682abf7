"""The reporter's pages through the client: report form (minimal path, drafts,
autosave, errors keep what was typed), incident page, edit, close/reopen, delete,
grants, timeline and the who-looked log."""

import io
import re
from datetime import date

import pytest
from sqlalchemy import select

from weltoffen import permissions
from weltoffen.audit import AuditEntry
from weltoffen.incidents import access, sealing, services
from weltoffen.incidents.models import Incident, TimelineEntry

MINIMAL = {"date": "2026-10-02", "form": "threat", "channel": "email", "severity": "2",
           "description": "Drohmail an das Rathaus", "action": "save", "form_token": "t1"}


@pytest.fixture
def people(make):
    network = make.network()
    town = make.municipality(network, population=45_000)
    other_town = make.municipality(network)
    return {
        "official": make.user(municipality=town, role="official", language="en"),
        "trust": make.user(municipality=town, role="trust_person"),
        "other_trust": make.user(municipality=other_town, role="trust_person"),
        "lead": make.user(municipality=town, role="lead"),
        "coordinator": make.user(network_role="coordinator", network=network),
        "admin": make.user(network_role="admin"),
    }


def _actions(incident_id):
    return [e.action for e in AuditEntry.query.filter_by(object_type="incident", object_id=incident_id)]


def test_the_form_prefills_today_and_saves_a_minimal_report(client, login, people, db):
    login(people["official"])
    page = client.get("/incidents/new")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'value="{date.today().isoformat()}"' in html and 'type="date"' in html
    assert "0800 300 99 44" in html and 'href="tel:110"' in html
    r = client.post("/incidents/new", data=MINIMAL)
    assert r.status_code == 302
    incident = db.session.scalars(select(Incident).where(Incident.reporter_id == people["official"].id)).one()
    assert incident.status == "open" and incident.recorded_at is not None
    assert (incident.quarter, incident.form, incident.channel, incident.severity) == ("2026-Q4", "threat", "email", 2)
    assert incident.size_class is not None
    assert access.open_contents(incident)["description"] == "Drohmail an das Rathaus"
    assert b"Drohmail" not in incident.sealed
    assert {"incident.created", "incident.recorded"} <= set(_actions(incident.id))
    page = client.get(r.headers["Location"])
    assert "Drohmail an das Rathaus" in page.get_data(as_text=True)
    assert "incident.viewed" in _actions(incident.id)


def test_errors_keep_everything_typed_and_save_nothing(client, login, people, db):
    login(people["official"])
    data = {**MINIMAL, "form": "", "perpetrator": "Herr Nachbar aus der Lindenstraße", "motives": ["local_issues"],
            "targets": ["family"], "link": "nicht-ein-link", "time": "25:99"}
    r = client.post("/incidents/new", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Herr Nachbar aus der Lindenstraße" in html and "Drohmail an das Rathaus" in html
    assert re.search(r'value="local_issues" checked', html) and re.search(r'value="family" checked', html)
    assert 'value="nicht-ein-link"' in html and 'value="email" checked' in html
    assert db.session.scalars(select(Incident)).all() == []


def test_a_draft_is_kept_without_required_fields_and_finished_later(client, login, people, db):
    login(people["official"])
    r = client.post("/incidents/new", data={"date": "2026-10-02", "description": "Erst mal notiert",
                                            "action": "draft", "form_token": "t2"})
    assert r.status_code == 302
    incident = db.session.scalars(select(Incident)).one()
    assert incident.status == "draft" and incident.quarter is None and incident.form is None
    assert "Erst mal notiert" in client.get(f"/incidents/{incident.id}/edit").get_data(as_text=True)
    assert "Erst mal notiert" not in client.get("/incidents/").get_data(as_text=True)  # no contents in lists
    r = client.post(f"/incidents/{incident.id}/edit", data={**MINIMAL, "form": "insult"})
    assert r.status_code == 302 and incident.status == "open" and incident.form == "insult"


def test_autosave_creates_one_draft_per_form_and_refuses_once_saved(client, login, people, db):
    login(people["official"])
    headers = {"HX-Request": "true"}
    first = client.post("/incidents/autosave", data={"form_token": "abc", "description": "Anfang"}, headers=headers)
    assert first.status_code == 200 and "Draft saved" in first.get_data(as_text=True)
    client.post("/incidents/autosave", data={"form_token": "abc", "description": "Anfang und mehr"}, headers=headers)
    incident = db.session.scalars(select(Incident)).one()
    assert access.open_contents(incident)["description"] == "Anfang und mehr"
    assert client.post("/incidents/new", data={**MINIMAL, "form_token": "abc"}).status_code == 302
    assert db.session.scalars(select(Incident)).one().status == "open"
    late = client.post("/incidents/autosave", data={"form_token": "abc", "description": "x"}, headers=headers)
    assert late.status_code == 409
    assert access.open_contents(incident)["description"] == "Drohmail an das Rathaus"
    # The late save says what happened and where the saved report is.
    assert "in the meantime" in late.text and f'href="/incidents/{incident.id}"' in late.text


def test_autosave_and_new_are_for_officials_only(client, login, people):
    for who in ("lead", "trust", "coordinator", "admin"):
        login(people[who])
        assert client.get("/incidents/new").status_code == 403
        assert client.post("/incidents/autosave", data={"form_token": "z", "description": "x"}).status_code == 403
        assert client.get("/incidents/").status_code == 403


def test_rejected_evidence_keeps_the_form_and_saves_nothing(client, login, people, db):
    login(people["official"])
    data = {**MINIMAL, "evidence-0": (io.BytesIO(b"<script>alert(1)</script>"), "screenshot.png")}
    r = client.post("/incidents/new", data=data, content_type="multipart/form-data")
    assert r.status_code == 422
    assert "Drohmail an das Rathaus" in r.get_data(as_text=True)
    assert db.session.scalars(select(Incident)).all() == []


def _report(people, db, form="threat"):
    incident = services.new_draft(people["official"])
    contents = {"date": "2026-09-01", "form": form, "channel": "social_media", "severity": 1,
                "description": "Hasskommentar", "targets": ["official"], "motives": []}
    services.record(incident, people["official"], contents)
    db.session.flush()
    return incident


def test_an_insult_gets_the_complaint_deadline_three_months_later(people, db, app):
    with app.test_request_context():
        incident = _report(people, db, form="insult")
        deadline = [e for e in incident.entries if e.kind == "deadline"]
        assert len(deadline) == 1 and deadline[0].due_on == date(2026, 12, 1)
        assert not [e for e in _report(people, db).entries if e.kind == "deadline"]


def test_grants_let_a_trust_person_read_and_revocation_ends_it(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
    login(people["official"])
    page = client.get(f"/incidents/{incident.id}/grants").get_data(as_text=True)
    assert people["trust"].name in page and people["other_trust"].name not in page
    assert client.post(f"/incidents/{incident.id}/grants",
                       data={"user_id": people["other_trust"].id, "right": "read"}).status_code == 422
    assert client.post(f"/incidents/{incident.id}/grants",
                       data={"user_id": people["trust"].id, "right": "read"}).status_code == 302
    assert people["trust"].name in client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    login(people["trust"])
    assert "Hasskommentar" in client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert client.get(f"/incidents/{incident.id}/edit").status_code == 404
    assert client.get("/incidents/").status_code == 200
    login(people["official"])
    grant = incident.grants[0]
    assert client.post(f"/incidents/{incident.id}/grants/{grant.id}/revoke").status_code == 302
    login(people["trust"])
    assert client.get(f"/incidents/{incident.id}").status_code == 404
    actions = _actions(incident.id)
    assert "incident.granted" in actions and "incident.revoked" in actions
    log = list(AuditEntry.query.filter_by(object_id=incident.id, object_type="incident"))
    assert all(e.municipality_id is None and "Hass" not in str(e.details) for e in log)


def test_a_write_grant_allows_timeline_entries(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
        from weltoffen.incidents import grants

        grants.grant(incident, people["official"], people["trust"], True)
    login(people["trust"])
    r = client.post(f"/incidents/{incident.id}/timeline",
                    data={"kind": "complaint_filed", "day": "2026-09-03", "text": "Anzeige online erstattet",
                          "case_number": "AZ 123 Js 4567/26"})
    assert r.status_code == 302
    entry = db.session.scalars(select(TimelineEntry).where(TimelineEntry.kind == "complaint_filed")).one()
    assert b"4567" not in entry.sealed
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert "AZ 123 Js 4567/26" in page
    assert client.get(f"/incidents/{incident.id}/grants").status_code == 404  # not the reporter


def test_timeline_form_errors_keep_the_input(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
    login(people["official"])
    page = client.get(f"/incidents/{incident.id}/timeline?kind=deadline")
    assert page.status_code == 200 and '<option selected value="deadline">' in page.get_data(as_text=True)
    r = client.post(f"/incidents/{incident.id}/timeline", data={"kind": "deadline", "day": "2026-09-03",
                                                                "text": "Frist laut Anwältin"})
    assert r.status_code == 422 and "Frist laut Anwältin" in r.get_data(as_text=True)
    r = client.post(f"/incidents/{incident.id}/timeline", data={"kind": "prosecution", "day": "2026-09-03"})
    assert r.status_code == 422
    assert not [e for e in incident.entries if e.kind in ("deadline", "prosecution")]


def test_close_reopen_and_delete_shreds_but_keeps_the_statistics(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db, form="insult")
    login(people["official"])
    assert client.post(f"/incidents/{incident.id}/close").status_code == 302 and incident.status == "closed"
    assert client.post(f"/incidents/{incident.id}/close").status_code == 302 and incident.status == "closed"
    assert client.post(f"/incidents/{incident.id}/reopen").status_code == 302 and incident.status == "open"
    assert client.post(f"/incidents/{incident.id}/delete", data={}).status_code == 422
    assert incident.wrapped_key is not None
    assert client.post(f"/incidents/{incident.id}/delete", data={"confirm": "yes"}).status_code == 302
    assert incident.shredded and incident.sealed is None and incident.entries == []
    assert (incident.quarter, incident.form, incident.severity) == ("2026-Q3", "insult", 1)
    with pytest.raises(sealing.Shredded):
        access.open_contents(incident)
    assert client.get(f"/incidents/{incident.id}").status_code == 410
    login(people["trust"])
    assert client.get(f"/incidents/{incident.id}").status_code == 404


def test_who_looked_lists_views_by_others(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
        from weltoffen.incidents import grants

        grants.grant(incident, people["official"], people["trust"], False)
    login(people["trust"])
    client.get(f"/incidents/{incident.id}")
    login(people["official"])
    page = client.get(f"/incidents/{incident.id}/log").get_data(as_text=True)
    assert people["trust"].name in page and "Viewed" in page and "Shared with a trust person" in page


def test_staff_and_unknown_ids_get_the_same_404(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
    for who in ("coordinator", "admin", "lead", "trust"):
        login(people[who])
        for path in (f"/incidents/{incident.id}", f"/incidents/{incident.id + 1000}"):
            r = client.get(path)
            assert r.status_code == 404, (who, path)
        assert "Hasskommentar" not in client.get(f"/incidents/{incident.id}").get_data(as_text=True)


def test_a_trust_person_without_a_second_factor_gets_nothing(client, login, people, db, app):
    with app.test_request_context():
        incident = _report(people, db)
        from weltoffen.incidents import grants

        grants.grant(incident, people["official"], people["trust"], True)
    people["trust"].totp_enabled_at = None
    db.session.flush()
    assert not people["trust"].has_second_factor
    login(people["trust"])
    for path in (f"/incidents/{incident.id}", f"/incidents/{incident.id}/edit", f"/incidents/{incident.id}/timeline",
                 "/incidents/"):
        r = client.get(path)
        assert r.status_code in (302, 403, 404), path  # sent to set up the second factor, or refused
        assert "Hasskommentar" not in r.get_data(as_text=True)
    assert not permissions.can_view_incident(people["trust"], incident)


def test_navigation_shows_incidents_to_officials_and_granted_trust_persons(client, login, people, db, app):
    login(people["official"])
    assert 'href="/incidents/"' in client.get("/auth/account").get_data(as_text=True)
    login(people["coordinator"])
    assert 'href="/incidents/"' not in client.get("/auth/account").get_data(as_text=True)
