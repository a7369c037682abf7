"""The public registration: the code from the letter opens the form once; bad, used
and expired codes get one identical answer; what a person declares is sealed; a
confirmation mail (real SMTP) carries the withdrawal link; withdrawing destroys the
details; the pages are never cached, CSRF-protected and rate-limited."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from weltoffen.dialogue.lottery import letter_text, register, registration, services
from weltoffen.dialogue.lottery.models import Invitation, Registrant
from weltoffen.dialogue.models import DialogueProcess
from weltoffen.platform.db.columns import utcnow

from .test_stage1 import register_csv

TODAY = date.today()
START = "/beteiligung/anmeldung"


@pytest.fixture
def opened(make, db, app):
    town = make.municipality(make.network(), name="Iserlohn")
    lead = make.user(municipality=town, role="lead", totp_secret="JBSWY3DPEHPK3PXP")
    process = DialogueProcess(municipality_id=town.id, slug="buergerrat", title="Bürgerrat Mobilität",
                              format_key="citizens_assembly", responsible_office="Stabsstelle Beteiligung")
    db.session.add(process)
    db.session.flush()
    with app.test_request_context():
        lottery = services.create(process, lead)
        services.import_register(lottery, register.parse(register_csv(), TODAY), lead, TODAY)
        services.draw_invitations(lottery, lead, 3, seed=42, today=TODAY)
        lottery.letters_at = utcnow()
        invitations = list(db.session.scalars(select(Invitation).order_by(Invitation.position)))
        codes = [services.invitation_data(lottery, i)["code"] for i in invitations]
    db.session.commit()
    return type("Opened", (), {"lottery": lottery, "codes": codes, "process": process, "invitations": invitations,
                               "lead": lead})


def details(code: str, **over):
    data = {"code": code, "consent": "y", "name": "Xaverine Quellmalz", "email": "xaverine@example.org",
            "phone": "", "age_band": "18_29", "gender": "female", "district": "Nord", "education": "medium",
            "migration": "yes", "needs": ["childcare"], "language": "", "availability": "Nicht am 3. Mai"}
    data.update(over)
    return data


def test_the_code_opens_the_form_and_bad_codes_all_get_one_answer(client, opened, db):
    r = client.get(START)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    assert r.headers["Referrer-Policy"] == "no-referrer"
    shown = services.show_code(opened.codes[0])
    r = client.get(f"{START}?code={shown}")
    assert r.status_code == 200 and "Datenschutz" in r.text and 'name="code"' in r.text
    r = client.post(START, data={"code": shown.lower().replace("-", " ")})  # typed sloppily
    assert r.status_code == 200 and "Nord" in r.text  # the districts of the register
    answers = set()
    real = opened.codes[1]
    forged = real[:-1] + ("Y" if real.endswith("Z") else "Z")  # one character off (never the real one)
    for code in ("AAAA-BBBB-CCCC-DDDD", "kurz", forged):
        r = client.post(START, data={"code": code})
        assert r.status_code == 404
        answers.add(re.sub(r'value="[^"]*"', "", r.text))
    assert len(answers) == 1  # the same page, whatever was wrong


def test_a_registration_is_sealed_mailed_and_can_be_withdrawn(client, opened, db, inbox, app):
    code = opened.codes[0]
    r = client.post(f"{START}/formular", data=details(code))
    assert r.status_code == 200 and "Vielen Dank" in r.text
    registrant = db.session.scalar(select(Registrant))
    assert registrant.source == "online" and registrant.household
    db.session.refresh(opened.invitations[0])
    assert opened.invitations[0].state == "registered"
    raw = repr([tuple(row) for row in db.session.execute(select(Registrant.__table__))])
    assert "Quellmalz" not in raw and "xaverine" not in raw and "Nicht am" not in raw
    with app.test_request_context():
        stored = registration.details_of(opened.lottery, registrant)
    assert stored["features"] == {"age_band": "18_29", "gender": "female", "district": "Nord",
                                  "education": "medium", "migration": "yes"}
    mail = inbox.wait_for("xaverine@example.org")
    body = inbox.body(mail)
    link = re.search(r"https?://\S+/beteiligung/anmeldung/abmelden/\S+", body).group(0)
    assert "Bürgerrat Mobilität" in body and link in r.text
    # the code is used now: the same answer as any bad code
    assert client.post(START, data={"code": code}).status_code == 404
    assert client.post(f"{START}/formular", data=details(code)).status_code == 404
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200
    assert client.post(f"/{path}").status_code == 200
    db.session.refresh(registrant)
    assert registrant.state == "withdrawn" and registrant.sealed is None
    assert client.get(f"/{path}").status_code == 404
    assert client.get(f"{START}/abmelden/erfunden").status_code == 404


def test_missing_answers_keep_every_value_and_write_nothing(client, opened, db):
    r = client.post(f"{START}/formular", data=details(opened.codes[0], consent="", gender="", email=""))
    assert r.status_code == 422
    html = r.text
    assert "Xaverine Quellmalz" in html and "Nicht am 3. Mai" in html
    assert "Einwilligung" in html and "E-Mail-Adresse oder eine Telefonnummer" in html
    assert db.session.scalar(select(Registrant)) is None


def test_registration_closes_at_its_deadline(client, opened, db):
    opened.lottery.registration_until = TODAY - timedelta(days=1)
    db.session.commit()
    assert client.post(START, data={"code": opened.codes[0]}).status_code == 404


def test_forms_need_a_csrf_token(client, opened, csrf):
    assert client.post(START, data={"code": opened.codes[0]}).status_code == 400
    assert client.post(f"{START}/formular", data=details(opened.codes[0])).status_code in (400, 404)


def test_too_many_attempts_are_stopped(client, opened, app, monkeypatch):
    from weltoffen.extensions import limiter

    monkeypatch.setitem(app.config, "LOTTERY_REGISTRATION_RATE_LIMIT", "3 per minute")
    monkeypatch.setattr(limiter, "enabled", True)
    limiter.reset()
    statuses = [client.post(START, data={"code": f"AAAA-BBBB-CCCC-DDD{i}"}).status_code for i in range(5)]
    assert statuses[:3] == [404, 404, 404] and statuses[3] == 429


def test_the_letter_points_to_this_page(app, opened):
    with app.test_request_context():
        assert letter_text.registration_url("X").endswith(f"{START}?code=X")


def test_organisers_enter_and_withdraw_registrations_and_each_look_is_audited(client, login, opened, db, make):
    from weltoffen.audit import AuditEntry

    organiser = login(opened.lead)  # the lead started the lottery: its first organiser
    url = f"/dialogue/processes/{opened.process.id}/lottery/registrants"
    assert client.get(url).status_code == 200
    data = {**details(services.show_code(opened.codes[1])), "source": "phone"}
    r = client.post(url, data=data)
    assert r.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Xaverine Quellmalz" in page and "telefonisch" in page
    registrant = db.session.scalar(select(Registrant))
    assert registrant.source == "phone" and registrant.entered_by_id == organiser.id
    assert client.post(url, data=data).status_code == 422  # the code is used now
    assert client.post(url, data={**data, "code": "", "consent": ""}).status_code == 422
    r = client.post(f"{url}/{registrant.id}/withdraw")
    assert r.status_code == 302
    db.session.refresh(registrant)
    assert registrant.state == "withdrawn" and registrant.sealed is None
    assert client.post(f"{url}/999/withdraw").status_code == 404
    looks = db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "dialogue.lottery_registrants_viewed"))
    assert looks >= 3
    outsider = make.user(municipality=make.municipality(), role="lead", totp_secret="JBSWY3DPEHPK3PXP")
    login(outsider)
    assert client.get(url).status_code == 404
