"""After the selection: the seats are invited (mail through real SMTP, or a letter PDF
for those without an address), people answer on the public page with their code or the
organisers record it; for those who declined, replacements drawn through the job
runner keep the panel within its targets and are recorded as such; the public page
shows the panel as it stands. Refusals: other roles, other municipalities, forged ids,
used codes, a new selection after the invitations, a second run at once."""

import re

import pytest
from sqlalchemy import select

from weltoffen.dialogue.cli import dialogue_cli
from weltoffen.dialogue.lottery import members, panel, registration
from weltoffen.dialogue.lottery.models import PanelMember, Registrant, SelectionRun
from weltoffen.platform import jobs

from .test_panel import pool  # noqa: F401 - the fixture
from .test_registration import opened  # noqa: F401 - the fixture

ANSWER = "/beteiligung/anmeldung/antwort"


def url(p, tail=""):
    return f"/dialogue/processes/{p.process.id}/lottery{tail}"


@pytest.fixture
def seated(app, db, pool):  # noqa: F811
    """A panel of 8 from the 40 registrants (legacy: quick), seats in the panel's order."""
    pool.lottery.targets = {"gender": {"female": [3, 5], "male": [3, 5]}}
    db.session.commit()
    result = app.test_cli_runner().invoke(dialogue_cli, ["select", str(pool.process.id), "--panel", "8",
                                                         "--reserve", "0", "--algorithm", "legacy", "--seed", "5"])
    assert result.exit_code == 0, result.output
    return pool


def _gender_counts(app, lottery):
    with app.test_request_context():
        by_id = {c.id: c for c in panel.candidates(lottery)}
        held = [by_id[str(m.registrant_id)] for m in members.current(lottery)]
    return {g: sum(c.features["gender"] == g for c in held) for g in ("female", "male")}


def test_a_run_seats_the_panel_and_a_new_run_replaces_seats_until_invited(app, db, seated):
    seats = members.members_of(seated.lottery)
    assert [m.position for m in seats] == list(range(1, 9)) and {m.state for m in seats} == {"selected"}
    run = db.session.scalars(select(SelectionRun).order_by(SelectionRun.id.desc())).first()
    with app.test_request_context():
        assert [str(m.registrant_id) for m in seats] == panel.result_of(seated.lottery, run)["panel"]
    again = app.test_cli_runner().invoke(dialogue_cli, ["select", str(seated.process.id), "--panel", "8",
                                                        "--reserve", "0", "--algorithm", "legacy", "--seed", "6"])
    assert again.exit_code == 0 and len(members.members_of(seated.lottery)) == 8  # the old seats went
    with app.test_request_context():
        members.invite(seated.lottery, seated.lead)
    db.session.commit()
    refused = app.test_cli_runner().invoke(dialogue_cli, ["select", str(seated.process.id), "--algorithm",
                                                          "legacy", "--seed", "7"])
    assert refused.exit_code != 0 and "invited" in refused.output


def test_invitations_answers_and_replacements_through_the_web(client, login, app, db, seated, inbox):
    # the first two seats have no e-mail address: they get letters
    with app.test_request_context():
        for member in members.current(seated.lottery)[:2]:
            registrant = db.session.get(Registrant, member.registrant_id)
            details = registration.details_of(seated.lottery, registrant)
            registrant.sealed = registration.services.seal_json(
                seated.lottery, {**details, "email": "", "phone": "02371 123"}, f"registrant:{registrant.id}")
    db.session.commit()
    login(seated.lead)
    page = client.get(url(seated, "/panel"))
    assert page.status_code == 200 and "8 Personen einladen" in page.get_data(as_text=True)
    assert client.post(url(seated, "/panel/invite")).status_code == 302
    seats = members.current(seated.lottery)
    assert [m.channel for m in seats] == ["letter"] * 2 + ["mail"] * 6 and {m.state for m in seats} == {"invited"}
    with app.test_request_context():
        third = members.contact_of(seated.lottery, seats[2])
    mail = inbox.wait_for(third["email"])
    body = inbox.body(mail)
    assert "ausgelost" in body or "gewählt" in body
    link = re.search(r"https?://[^/]+/beteiligung/anmeldung/antwort\?code=([A-Z0-9]+)", body)
    assert link, body
    pdf = client.post(url(seated, "/panel/letters.pdf"))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF") and pdf.headers["Cache-Control"] == "no-store"
    assert client.post(url(seated, "/panel/invite")).status_code == 302  # nobody left: nothing sent twice

    # the third person declines online with the code from the mail; the first by phone
    client.get("/logout")
    code = link.group(1)
    opened_page = client.get(f"{ANSWER}?code={code}")
    assert opened_page.status_code == 200 and opened_page.headers["Cache-Control"] == "no-store"
    assert "Nehmen Sie teil?" in opened_page.get_data(as_text=True)
    assert client.post(ANSWER, data={"code": code, "answer": "no"}).status_code == 200
    forged = client.get(f"{ANSWER}?code={code[:-1]}{'2' if code[-1] != '2' else '3'}")
    assert forged.status_code == 404
    login(seated.lead)
    assert client.post(url(seated, f"/panel/{seats[0].id}/answer"), data={"state": "declined"}).status_code == 302
    assert client.post(url(seated, f"/panel/{seats[1].id}/answer"), data={"state": "maybe"}).status_code == 422
    db.session.expire_all()
    assert [m.state for m in members.current(seated.lottery)][:3] == ["declined", "invited", "declined"]

    # replacements: queued, run by the worker, keeping the targets
    before = _gender_counts(app, seated.lottery)
    assert client.post(url(seated, "/panel/replace"), data={"algorithm": "legacy", "seed": "9"}).status_code == 302
    assert client.post(url(seated, "/panel/replace"), data={"algorithm": "legacy"}).status_code == 409
    run = db.session.scalars(select(SelectionRun).where(SelectionRun.kind == "replacement")).one()
    with jobs.running(app):
        assert jobs.result(run.job_id, timeout=120) == "done"
    db.session.expire_all()
    now = members.current(seated.lottery)
    replacements = [m for m in now if m.replaces_id]
    assert len(now) == 8 and len(replacements) == 2
    assert {m.replaces_id for m in replacements} == {seats[0].id, seats[2].id}
    assert {m.position for m in replacements} == {1, 3}
    ever = {m.registrant_id for m in seats}
    assert not {m.registrant_id for m in replacements} & ever  # nobody drawn twice
    after = _gender_counts(app, seated.lottery)
    assert 3 <= after["female"] <= 5 and 3 <= after["male"] <= 5 and sum(after.values()) == sum(before.values())
    html = client.get(url(seated, "/panel")).get_data(as_text=True)
    assert "ersetzt durch" in html and "2 Personen einladen" in html
    # the code of a seat given away no longer opens anything: the answer a forged code gets
    client.get("/logout")
    gone = client.get(f"{ANSWER}?code={code}")
    assert gone.status_code == 404 and "an jemand anderen vergeben" in gone.get_data(as_text=True)
    seated.process.published = True
    db.session.commit()
    public = client.get(f"/beteiligung/{seated.process.municipality.ags}/{seated.process.slug}")
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and "ersetzt" in text and "Startwert 9" in text
    with app.test_request_context():
        for m in now:
            name = members.contact_of(seated.lottery, m)["name"]
            assert name not in text


def test_the_panel_pages_refuse_everyone_but_the_organisers(client, login, db, seated, make):
    town = seated.process.municipality
    member = members.current(seated.lottery)[0]
    pages = [("get", "/panel"), ("post", "/panel/invite"), ("post", "/panel/letters.pdf"),
             ("post", f"/panel/{member.id}/answer"), ("post", "/panel/replace")]
    colleague = make.user(municipality=town, role="member", totp_secret="JBSWY3DPEHPK3PXP")
    stranger = make.user(municipality=make.municipality(town.network, name="Hemer"), role="lead",
                         totp_secret="JBSWY3DPEHPK3PXP")
    for user, expected in ((colleague, 403), (stranger, 404), (make.user(network_role="coordinator"), 404),
                           (make.user(network_role="admin"), 404)):
        login(user)
        for method, tail in pages:
            r = getattr(client, method)(url(seated, tail), data={"state": "declined"})
            assert r.status_code == expected, (user, tail, r.status_code)
    db.session.expire_all()
    assert member.state == "selected" and member.invited_at is None
    login(seated.lead)
    other = seated.process.id + 1000
    assert client.post(f"/dialogue/processes/{other}/lottery/panel/{member.id}/answer",
                       data={"state": "declined"}).status_code == 404
    assert client.post(url(seated, "/panel/999999/answer"), data={"state": "declined"}).status_code == 404


def test_a_member_who_withdraws_has_declined_and_can_be_replaced(app, db, seated):
    member = members.current(seated.lottery)[4]
    registrant = db.session.get(Registrant, member.registrant_id)
    registration.withdraw(registrant)
    db.session.commit()
    assert member.state == "declined"
    result = app.test_cli_runner().invoke(dialogue_cli, ["replace", str(seated.process.id), "--algorithm",
                                                         "legacy", "--seed", "2"])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    now = members.current(seated.lottery)
    assert len(now) == 8 and member.id not in {m.id for m in now}
    assert db.session.scalar(select(PanelMember).where(PanelMember.replaces_id == member.id)).position == 5
    nothing = app.test_cli_runner().invoke(dialogue_cli, ["replace", str(seated.process.id)])
    assert nothing.exit_code != 0 and "declined" in nothing.output


def test_the_answer_page_needs_a_csrf_token(client, app, db, seated, csrf):
    with app.test_request_context():
        code = members.invite(seated.lottery, seated.lead)[0][2]
    db.session.commit()
    assert client.post(ANSWER, data={"code": code, "answer": "no"}).status_code == 400
    db.session.expire_all()
    assert members.current(seated.lottery)[0].state == "invited"  # nothing changed


def test_guessing_answer_codes_is_stopped(client, app, seated, monkeypatch):
    from weltoffen.extensions import limiter

    monkeypatch.setitem(app.config, "LOTTERY_REGISTRATION_RATE_LIMIT", "3 per minute")
    monkeypatch.setattr(limiter, "enabled", True)
    limiter.reset()
    statuses = [client.post(ANSWER, data={"code": f"AAAA-BBBB-CCCC-DDD{i}"}).status_code for i in range(5)]
    assert statuses[:3] == [404, 404, 404] and statuses[3] == 429


def test_the_sessions_are_in_the_mail_and_the_letter_fits(app, db, seated, inbox):
    from datetime import date

    from weltoffen.dialogue.lottery import letter_text, letters
    from weltoffen.dialogue.models import DialogueSession

    db.session.add_all([DialogueSession(process_id=seated.process.id, title=f"Sitzung {n}", held_on=date(2027, 3, n),
                                        time_of_day="10–16 Uhr", place="Rathaus, Großer Saal") for n in (6, 13, 20)])
    db.session.commit()
    db.session.refresh(seated.process)
    with app.test_request_context():
        lines = letter_text.sessions_lines(seated.process)
        text = letter_text.selected_text(seated.lottery, seated.process, date(2027, 2, 1))
        pdf = letters.letters_pdf([letters.Recipient("Xaverine Quellmalz", "Weg 1", "58636", "Iserlohn",
                                                     "ABCD-EFGH-JKLM-NPQR", "https://x.test/a?code=A")], text)
    assert lines[0] == "Samstag, 6. März 2027, 10–16 Uhr, Rathaus, Großer Saal" and len(lines) == 3
    assert "Sitzungen" not in text.body and "6. März 2027" in text.body and pdf.startswith(b"%PDF")


def test_both_run_forms_refuse_a_bad_algorithm_or_seed(client, login, app, db, seated):
    login(seated.lead)
    bad_seed = client.post(url(seated, "/select"), data={"algorithm": "legacy", "seed": "abc"})
    assert bad_seed.status_code == 422 and "Eine ganze Zahl ab 1" in bad_seed.text
    bad_algorithm = client.post(url(seated, "/select"), data={"algorithm": "nope"})
    assert bad_algorithm.status_code == 422 and 'id="algorithm-error"' in bad_algorithm.text
    with app.test_request_context():
        members.invite(seated.lottery, seated.lead)
        members.mark(members.current(seated.lottery)[0], "declined")  # the replace form is shown
    db.session.commit()
    bad_seed = client.post(url(seated, "/panel/replace"), data={"algorithm": "legacy", "seed": "abc"})
    assert bad_seed.status_code == 422 and "Eine ganze Zahl ab 1" in bad_seed.text
    bad_algorithm = client.post(url(seated, "/panel/replace"), data={"algorithm": "nope"})
    assert bad_algorithm.status_code == 422 and 'id="algorithm-error"' in bad_algorithm.text
    assert db.session.scalars(select(SelectionRun)).all()[-1].kind == "panel"  # nothing new queued
