"""The action plan: an owner chosen from the municipality's team, a checked due date,
the exports for the council committee (PDF, XLSX) and the calendar files."""

import io
import re
from datetime import date, timedelta

import sqlalchemy as sa
from icalendar import Calendar
from openpyxl import load_workbook
from pypdf import PdfReader

from weltoffen.selfcheck import followup
from weltoffen.selfcheck.models import Measure

SOON = date.today() + timedelta(days=40)


def _post(client, w, **fields):
    data = {"questionnaire": "mini", "dimension": "participation", "title": "Jugendforum gründen",
            "status": "planned", **fields}
    return client.post(f"/selfcheck/municipalities/{w.m.id}/measures", data=data)


def _measure(w, title, due_on=None, status="planned", owner_id=None, owner=""):
    return followup.save_measure(
        Measure(municipality_id=w.m.id, questionnaire_slug="mini", dimension_key="participation"),
        w.lead, title=title, description="", owner=owner, due_on=due_on, status=status, owner_id=owner_id)


def _count(db) -> int:
    return db.session.scalar(sa.select(sa.func.count(Measure.id)))


def test_the_owner_is_chosen_from_the_team(client, login, selfcheck, make, db):
    w = selfcheck
    official = make.user(municipality=w.m, role="official", name="Olga Amt")
    make.user(municipality=w.m, role="trust_person", name="Vera Vertrauen")
    make.user(municipality=w.other, role="member", name="Bernd Bochum")
    login(w.lead)
    page = client.get(f"/selfcheck/municipalities/{w.m.id}/plan")
    select = re.search(r'<select[^>]*name="owner_id".*?</select>', page.text, re.S).group(0)
    assert all(name in select for name in ("Lea Leitung", "Tom Team", "Olga Amt"))
    assert "Vera Vertrauen" not in select and "Bernd Bochum" not in select
    r = _post(client, w, owner_id=official.id, owner="Jugendamt", due_on=SOON.isoformat())
    assert r.status_code == 302
    measure = db.session.scalar(sa.select(Measure))
    assert measure.owner_id == official.id and measure.owner == "Jugendamt" and measure.due_on == SOON
    assert "Olga Amt" in client.get(f"/selfcheck/municipalities/{w.m.id}/plan").text


def test_an_owner_outside_the_team_is_refused(client, login, selfcheck, make, db):
    w = selfcheck
    stranger = make.user(municipality=w.other, role="lead", name="Bernd Bochum")
    trust = make.user(municipality=w.m, role="trust_person")
    login(w.lead)
    for user in (stranger, trust):
        r = _post(client, w, owner_id=user.id, title="Beirat")
        assert r.status_code == 400 and 'value="Beirat"' in r.text
    assert _count(db) == 0


def test_the_due_date_must_be_real_and_not_past(client, login, selfcheck, db):
    w = selfcheck
    login(w.lead)
    unreal = _post(client, w, due_on="2027-02-30", title="Leitbild")
    assert unreal.status_code == 400 and "gültiges Datum" in unreal.text and 'value="Leitbild"' in unreal.text
    past = _post(client, w, due_on=(date.today() - timedelta(days=1)).isoformat())
    assert past.status_code == 400 and "nicht in der Vergangenheit" in past.text
    assert _count(db) == 0
    # an overdue measure keeps its date when edited; a new past date is refused
    measure = _measure(w, "Leitbild", due_on=date.today() - timedelta(days=3))
    db.session.commit()
    keep = {"dimension": "participation", "title": "Leitbild neu", "status": "in_progress",
            "owner_id": w.member.id, "due_on": measure.due_on.isoformat()}
    assert client.post(f"/selfcheck/measures/{measure.id}", data=keep).status_code == 302
    db.session.refresh(measure)
    assert measure.title == "Leitbild neu" and measure.owner_id == w.member.id
    other = dict(keep, due_on=(date.today() - timedelta(days=10)).isoformat(), title="Zurück")
    assert client.post(f"/selfcheck/measures/{measure.id}", data=other).status_code == 400
    db.session.refresh(measure)
    assert measure.title == "Leitbild neu"


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_plan_as_pdf_and_xlsx_in_german(client, login, selfcheck, db):
    w = selfcheck
    _measure(w, "Jugendforum gründen", due_on=date(2027, 3, 31), owner_id=w.member.id)
    _measure(w, "=Beirat", owner="Kämmerei", status="done")
    db.session.commit()
    login(w.member)
    plan = client.get(f"/selfcheck/municipalities/{w.m.id}/plan")
    assert "plan.pdf" in plan.text and "plan.xlsx" in plan.text and "plan.ics" in plan.text
    pdf = client.get(f"/selfcheck/municipalities/{w.m.id}/plan.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    text = _pdf_text(pdf.data)
    assert "Maßnahmenplan von Iserlohn" in text and "Jugendforum gründen" in text
    assert "Tom Team" in text and "31.03.2027" in text and "Erledigt" in text and "Zuständig" in text
    xlsx = client.get(f"/selfcheck/municipalities/{w.m.id}/plan.xlsx")
    assert xlsx.status_code == 200 and 'massnahmenplan-iserlohn.xlsx' in xlsx.headers["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    assert sheet.title == "Maßnahmenplan"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Handlungsfeld", "Maßnahme", "Beschreibung", "Zuständig", "Fällig am", "Status"]
    by_title = {r[1]: r for r in rows[1:]}
    assert by_title["Jugendforum gründen"][3:] == ["Tom Team", "31.03.2027", "Geplant"]
    assert by_title["'=Beirat"][3:] == ["Kämmerei", "–", "Erledigt"]  # no formula


def test_plan_xlsx_in_english(client, login, selfcheck, make, db):
    w = selfcheck
    _measure(w, "Youth forum", due_on=date(2027, 3, 31))
    db.session.commit()
    login(make.user(municipality=w.m, role="member", language="en"))
    sheet = load_workbook(io.BytesIO(client.get(f"/selfcheck/municipalities/{w.m.id}/plan.xlsx").data)).active
    assert sheet.title == "Action plan"
    assert [c.value for c in sheet[1]][:2] == ["Field of action", "Measure"]
    assert [c.value for c in sheet[2]][4:] == ["Mar 31, 2027", "Planned"]
    text = _pdf_text(client.get(f"/selfcheck/municipalities/{w.m.id}/plan.pdf").data)
    assert "Action plan of Iserlohn" in text and "Page 1 of" in text


def _events(data: bytes) -> list:
    return list(Calendar.from_ical(data).walk("VEVENT"))


def test_calendar_of_open_measures(client, login, selfcheck, db):
    w = selfcheck
    _measure(w, "Offen", due_on=SOON)
    _measure(w, "Läuft", due_on=SOON + timedelta(days=5), status="in_progress")
    _measure(w, "Erledigt", due_on=SOON, status="done")
    _measure(w, "Verworfen", due_on=SOON, status="dropped")
    _measure(w, "Ohne Datum")
    db.session.commit()
    login(w.lead)
    r = client.get(f"/selfcheck/municipalities/{w.m.id}/plan.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    assert r.headers["Cache-Control"] == "private, no-store"
    events = _events(r.data)
    assert [str(e["summary"]) for e in events] == ["Fällig: Offen", "Fällig: Läuft"]
    assert events[0].decoded("dtstart") == SOON
    assert client.get(f"/selfcheck/municipalities/{w.m.id}/plan.ics").data.count(b"UID:") == 2


def test_calendar_of_a_rounds_deadline(client, login, selfcheck, make, db):
    w = selfcheck
    login(w.member)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}")
    assert f"/selfcheck/submissions/{w.sub.id}/deadline.ics" in page.text
    r = client.get(f"/selfcheck/submissions/{w.sub.id}/deadline.ics")
    (event,) = _events(r.data)
    assert str(event["summary"]) == "Frist: Selbstcheck Selbstcheck 2026"
    assert event.decoded("dtstart") == w.round.deadline
    # the other municipality's draft is not theirs; the staff see drafts neither
    assert client.get(f"/selfcheck/submissions/{w.other_sub.id}/deadline.ics").status_code == 403
    login(w.coordinator)
    assert client.get(f"/selfcheck/submissions/{w.sub.id}/deadline.ics").status_code == 403


def test_the_edit_form_shows_the_owner_and_a_former_member(client, login, selfcheck, make, db):
    w = selfcheck
    leaver = make.user(municipality=w.m, role="member", name="Lutz Weg")
    measure = _measure(w, "Leitbild", due_on=SOON, owner_id=leaver.id)
    for membership in list(leaver.memberships):
        db.session.delete(membership)
    db.session.commit()
    login(w.lead)
    page = client.get(f"/selfcheck/measures/{measure.id}")
    assert re.search(rf'<option selected value="{leaver.id}">Lutz Weg \(nicht mehr im Team\)</option>', page.text)
    # saving other fields keeps the former owner; a new owner must be of the team
    keep = {"dimension": "participation", "title": "Leitbild 2027", "status": "planned",
            "owner_id": leaver.id, "due_on": SOON.isoformat()}
    assert client.post(f"/selfcheck/measures/{measure.id}", data=keep).status_code == 302
    db.session.refresh(measure)
    assert measure.title == "Leitbild 2027" and measure.owner_id == leaver.id


def test_the_network_staff_take_the_plan_away_too(client, login, selfcheck, db):
    w = selfcheck
    _measure(w, "Leitbild", due_on=SOON)
    db.session.commit()
    login(w.coordinator)
    for suffix in ("plan.pdf", "plan.xlsx", "plan.ics"):
        assert client.get(f"/selfcheck/municipalities/{w.m.id}/{suffix}").status_code == 200, suffix
