"""The criminal-complaint deadline of an incident as a calendar file: for the reporter
alone, with a neutral title and nothing of the incident in it."""

from datetime import date

import pytest
from icalendar import Calendar

from tests.incidents.evidence_support import incident
from weltoffen.incidents import timeline
from weltoffen.incidents.models import IncidentGrant

SECRET = ("Beleidigende E-Mail", "hasser123", "Ratssitzung", "Familie angesprochen")


@pytest.fixture
def case(app, make, db):
    network = make.network()
    town = make.municipality(network)
    other_town = make.municipality(network)
    official = make.user(municipality=town, role="official")
    people = {
        "reader": make.user(municipality=town, role="trust_person"),
        "writer": make.user(municipality=town, role="trust_person"),
        "colleague": make.user(municipality=town, role="official"),
        "lead": make.user(municipality=town, role="lead"),
        "other_official": make.user(municipality=other_town, role="official"),
        "coordinator": make.user(network_role="coordinator", network=network),
        "admin": make.user(network_role="admin"),
    }
    with app.test_request_context():
        item = incident(db, official, network, form="insult")
        deadline = timeline.suggest_complaint_deadline(item, official, date(2026, 9, 1))
        note = timeline.add_entry(item, official, "note", {"date": "2026-09-02", "text": "Familie angesprochen"})
        other = timeline.add_entry(item, official, "deadline", {"date": "2026-09-02", "text": "Ratssitzung"},
                                   due_on=date(2026, 10, 1))
        db.session.add_all([IncidentGrant(incident_id=item.id, user_id=people["reader"].id, can_write=False),
                            IncidentGrant(incident_id=item.id, user_id=people["writer"].id, can_write=True)])
        db.session.commit()
    return item, official, people, deadline, note, other


def _url(item, entry) -> str:
    return f"/incidents/{item.id}/timeline/{entry.id}/deadline.ics"


def test_the_reporter_gets_a_neutral_calendar_file(client, login, case):
    item, official, _people, deadline, _note, _other = case
    login(official)
    r = client.get(_url(item, deadline))
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    assert r.headers["Cache-Control"] == "private, no-store"
    assert r.headers["Content-Disposition"] == f'attachment; filename="frist-{deadline.id}.ics"'
    events = [c for c in Calendar.from_ical(r.data).walk() if c.name == "VEVENT"]
    assert len(events) == 1
    event = events[0]
    assert str(event["summary"]) == "Frist: Strafantrag prüfen"
    assert event.decoded("dtstart") == date(2026, 12, 1)  # three months after the incident
    assert "description" not in event
    assert str(event["url"]).endswith(f"/incidents/{item.id}")  # the page by its number, nothing else
    assert str(event["uid"]).startswith(f"incident-deadline-{deadline.id}@")
    alarms = [c for c in event.walk() if c.name == "VALARM"]
    assert [str(a["description"]) for a in alarms] == ["Frist: Strafantrag prüfen"]
    text = r.data.decode()
    for secret in SECRET:
        assert secret not in text
    assert "insult" not in text.lower() and "Beleidigung" not in text


def test_the_incident_page_links_it_for_the_reporter_only(client, login, case):
    item, official, people, deadline, _note, _other = case
    login(official)
    html = client.get(f"/incidents/{item.id}").get_data(as_text=True)
    assert _url(item, deadline) in html
    login(people["reader"])
    page = client.get(f"/incidents/{item.id}")
    assert page.status_code == 200 and _url(item, deadline) not in page.get_data(as_text=True)


@pytest.mark.parametrize("who", ["reader", "writer", "colleague", "lead", "other_official", "coordinator",
                                 "admin"])
def test_everyone_else_is_refused(client, login, case, who):
    item, _official, people, deadline, _note, _other = case
    login(people[who])
    r = client.get(_url(item, deadline))
    assert r.status_code == 404 and b"BEGIN:VCALENDAR" not in r.data


def test_anonymous_users_are_sent_to_login(client, case):
    item, _official, _people, deadline, _note, _other = case
    r = client.get(_url(item, deadline))
    assert r.status_code == 302 and "/login" in r.headers["Location"]


def test_only_a_complaint_deadline_of_this_incident(app, client, login, case, db):
    item, official, _people, _deadline, note, other = case
    login(official)
    assert client.get(_url(item, note)).status_code == 404  # not a deadline
    assert client.get(_url(item, other)).status_code == 404  # a deadline, not the complaint's
    with app.test_request_context():
        second = incident(db, official, item.network, form="defamation")
        theirs = timeline.suggest_complaint_deadline(second, official, date(2026, 9, 5))
        db.session.commit()
    assert client.get(f"/incidents/{item.id}/timeline/{theirs.id}/deadline.ics").status_code == 404
    assert client.get(_url(second, theirs)).status_code == 200
