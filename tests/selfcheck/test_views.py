import re

import sqlalchemy as sa

from weltoffen.selfcheck.models import Answer, TeamAnswer

from .conftest import FULL, answer


def test_fill_page_and_autosave(client, login, selfcheck, db):
    w = selfcheck
    login(w.member)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/dimensions/management")
    assert page.status_code == 200 and "Gibt es ein Leitbild?" in page.text
    assert f'hx-post="/selfcheck/submissions/{w.sub.id}/answers/mission"' in page.text
    r = client.post(
        f"/selfcheck/submissions/{w.sub.id}/answers/mission",
        data={"q-mission": "2", "q-mission-evidence": "Beschluss"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "Gespeichert" in r.text
    row = db.session.scalars(sa.select(Answer)).one()
    assert row.value == 2 and row.evidence == "Beschluss" and row.user_id == w.member.id
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/dimensions/management")
    assert 'value="2" checked' in page.text and "Beschluss" in page.text  # there after reload


def test_autosave_refuses_bad_value_with_message(client, login, selfcheck, db):
    w = selfcheck
    login(w.member)
    r = client.post(
        f"/selfcheck/submissions/{w.sub.id}/answers/languages",
        data={"q-languages": "viele"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 422 and "Nicht gespeichert" in r.text
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_page_save_without_javascript_keeps_values_on_error(client, login, selfcheck, db):
    w = selfcheck
    login(w.member)
    data = {
        "q-mission": "1",
        "q-budget": "yes",
        "q-languages": "viele",
        "q-practice": "Unser Stadtteilfest",
        "go": "next",
    }
    r = client.post(f"/selfcheck/submissions/{w.sub.id}/dimensions/management", data=data)
    assert r.status_code == 422
    assert (
        'value="viele"' in r.text
        and "Unser Stadtteilfest" in r.text
        and 'value="1" checked' in r.text
    )
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0  # nothing half-saved
    data["q-languages"] = "4"
    r = client.post(f"/selfcheck/submissions/{w.sub.id}/dimensions/management", data=data)
    assert r.status_code == 302 and r.headers["Location"].endswith("/dimensions/participation")
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 4


def test_one_answer_is_not_agreement(client, login, selfcheck, db, make):
    w = selfcheck
    make.user(municipality=w.m, role="member", name="Ida Drei")
    make.user(municipality=w.m, role="member", name="Olaf Vier")
    answer(w.sub, w.member, "mission", "2")
    login(w.member)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/team/management").text
    section = page[page.index('id="q-mission"'):]
    section = section[:section.index("</section>")]
    assert "Team ist sich einig" not in section and "Eine Antwort bisher" in section
    assert "1 von 4 Teammitgliedern hat geantwortet." in section
    answer(w.sub, w.lead, "mission", "2")
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/team/management").text
    assert "Team ist sich einig" in page and "2 von 4 Teammitgliedern haben geantwortet." in page


def test_the_spread_is_written_in_german(client, login, selfcheck, db):
    w = selfcheck
    answer(w.sub, w.member, "languages", "3")
    answer(w.sub, w.lead, "languages", "4")
    login(w.member)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/team/management").text
    assert "Median 3,5" in page and "Median 3.5" not in page


def test_team_view_and_consensus(client, login, selfcheck, db):
    w = selfcheck
    answer(w.sub, w.member, "mission", "1", evidence="laut Amt 10")
    answer(w.sub, w.lead, "mission", "3")
    login(w.member)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/team/management")
    assert (
        "Tom Team" in page.text
        and "laut Amt 10" in page.text
        and "Antworten unterscheiden sich" in page.text
    )
    assert "/team-answers/mission" not in page.text  # only the lead decides
    assert "2 von 2 Teammitgliedern haben geantwortet." in page.text
    assert (
        client.post(
            f"/selfcheck/submissions/{w.sub.id}/team-answers/mission", data={"team-mission": "2"}
        ).status_code
        == 403
    )
    login(w.lead)
    r = client.post(
        f"/selfcheck/submissions/{w.sub.id}/team-answers/mission", data={"team-mission": "2"}
    )
    assert r.status_code == 302
    assert db.session.scalars(sa.select(TeamAnswer)).one().value == 2
    r = client.post(
        f"/selfcheck/submissions/{w.sub.id}/comments/mission", data={"text": "Im Rat besprechen"}
    )
    assert r.status_code == 302
    assert (
        "Im Rat besprechen" in client.get(f"/selfcheck/submissions/{w.sub.id}/team/management").text
    )


def test_submit_lock_and_result(client, login, selfcheck, db):
    w = selfcheck
    login(w.lead)
    r = client.post(f"/selfcheck/submissions/{w.sub.id}/submit")
    assert r.status_code == 302 and r.headers["Location"].endswith("#missing")
    for key, value in FULL.items():
        answer(w.sub, w.member, key, value)
    db.session.flush()
    r = client.post(f"/selfcheck/submissions/{w.sub.id}/submit", data={"confirm": "y"})
    assert r.status_code == 302 and r.headers["Location"].endswith("/result")
    result = client.get(f"/selfcheck/submissions/{w.sub.id}/result")
    assert result.status_code == 200 and "Management und Steuerung" in result.text
    assert "Messen Sie Fortschritte." in result.text  # the band's recommendation (71: established)
    login(w.member)
    locked = client.post(
        f"/selfcheck/submissions/{w.sub.id}/answers/mission",
        data={"q-mission": "0"},
        headers={"HX-Request": "true"},
    )
    assert locked.status_code == 409 and "gesperrt" in locked.text


def test_reopen_by_coordinator_needs_reason(client, login, submitted, db):
    w = submitted
    login(w.coordinator)
    assert (
        client.post(f"/selfcheck/submissions/{w.sub.id}/reopen", data={"reason": ""}).status_code
        == 400
    )
    r = client.post(f"/selfcheck/submissions/{w.sub.id}/reopen", data={"reason": "Zahl falsch"})
    assert r.status_code == 302
    db.session.refresh(w.sub)
    assert w.sub.status == "draft"


def test_result_shows_change_since_previous_round(client, login, submitted, db, questionnaire):
    from datetime import date, timedelta

    from weltoffen.selfcheck import services

    w = submitted
    later = services.open_round(
        w.coordinator,
        w.network,
        questionnaire,
        "Selbstcheck 2027",
        date.today() + timedelta(days=1),
        date.today() + timedelta(days=60),
        [w.m.id],
    )
    sub = later.submissions[0]
    for key, value in {**FULL, "mission": "3"}.items():
        answer(sub, w.lead, key, value)
    services.submit(sub, w.lead)
    db.session.flush()
    login(w.lead)
    page = client.get(f"/selfcheck/submissions/{sub.id}/result")
    # management: (2·66.7 + 100 + 50) / 4 = 71 before, (2·100 + 100 + 50) / 4 = 88 now
    assert "Verglichen mit „Selbstcheck 2026“" in page.text and ">+17<" in page.text


def test_advice_request_and_answer_with_mail(client, login, submitted, db, inbox):
    w = submitted
    login(w.lead)
    r = client.post(
        f"/selfcheck/submissions/{w.sub.id}/advice",
        data={"dimension": "participation", "message": "Wie erreichen wir Jugendliche?"},
    )
    assert r.status_code == 302
    mail = inbox.wait_for(w.coordinator.email)
    assert "Iserlohn" in inbox.body(mail) and "Jugendliche" in inbox.body(mail)
    from weltoffen.selfcheck.models import AdviceRequest

    advice = db.session.scalars(sa.select(AdviceRequest)).one()
    login(w.member)
    assert (
        client.post(
            f"/selfcheck/advice/{advice.id}", data={"status": "answered", "answer": "x"}
        ).status_code
        == 403
    )
    login(w.coordinator)
    inbox_page = client.get(f"/selfcheck/networks/{w.network.id}/advice")
    assert "Iserlohn" in inbox_page.text
    r = client.post(
        f"/selfcheck/advice/{advice.id}",
        data={"status": "in_progress", "answer": "Versuchen Sie ein Jugendforum."},
    )
    assert r.status_code == 302
    db.session.refresh(advice)
    assert advice.status == "answered"
    inbox.wait_for(w.lead.email)
    login(w.member)
    assert "Versuchen Sie ein Jugendforum." in client.get(f"/selfcheck/advice/{advice.id}").text
    # the lead who asked is told in the app too; the result page shows question and answer
    from weltoffen.forum.models import Notification

    note = db.session.scalars(sa.select(Notification).where(Notification.user_id == w.lead.id)).one()
    assert note.kind == "advice" and note.advice_id == advice.id
    login(w.lead)
    listed = client.get("/forum/notifications").text
    assert "Die Netzwerkkoordination hat Ihre Beratungsanfrage beantwortet" in listed
    opened = client.get(f"/forum/notifications/{note.id}/open")
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/selfcheck/advice/{advice.id}")
    result = client.get(f"/selfcheck/submissions/{w.sub.id}/result").text
    assert "Wie erreichen wir Jugendliche?" in result and "Versuchen Sie ein Jugendforum." in result
    login(w.member)  # someone else's notification: not theirs to open
    assert client.get(f"/forum/notifications/{note.id}/open").status_code == 404
    # answering again with the same text tells nobody twice
    login(w.coordinator)
    client.post(f"/selfcheck/advice/{advice.id}",
                data={"status": "answered", "answer": "Versuchen Sie ein Jugendforum."})
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 1


def test_a_refused_advice_request_keeps_its_field_and_text(client, login, submitted, db):
    from weltoffen.selfcheck.models import AdviceRequest

    w = submitted
    login(w.lead)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/result?dimension=participation")
    assert re.search(r'<option selected value="participation"|<option value="participation" selected', page.text)
    refused = client.post(f"/selfcheck/submissions/{w.sub.id}/advice",
                          data={"dimension": "participation", "message": ""})
    assert refused.status_code == 422
    html = refused.text
    assert html.startswith("<!doctype html>") and "<title>" in html  # the whole page, not a fragment
    assert re.search(r'<option selected value="participation"|<option value="participation" selected', html)
    form = html[html.index('id="advice"'):]
    assert "Bitte prüfen Sie Ihre Eingaben" in form and 'aria-invalid="true"' in form  # the error at the field
    assert db.session.scalars(sa.select(AdviceRequest)).all() == []
    kept = client.post(f"/selfcheck/submissions/{w.sub.id}/advice",
                       data={"dimension": "participation", "message": "   "})
    assert kept.status_code == 422
    sent = client.post(f"/selfcheck/submissions/{w.sub.id}/advice",
                       data={"dimension": "participation", "message": "Wie erreichen wir Jugendliche?"})
    assert sent.status_code == 302
    assert db.session.scalars(sa.select(AdviceRequest)).one().dimension_key == "participation"


def test_submitting_needs_a_confirmation_and_a_lead_can_ask_for_reopening(client, login, selfcheck, db, inbox):
    from weltoffen.audit import AuditEntry

    w = selfcheck
    for key, value in FULL.items():
        answer(w.sub, w.lead, key, value)
    db.session.commit()
    login(w.lead)
    page = client.get(f"/selfcheck/submissions/{w.sub.id}").text
    assert "nur die Netzwerkkoordination" in page
    refused = client.post(f"/selfcheck/submissions/{w.sub.id}/submit", data={})
    assert refused.status_code == 422 and "endgültig" in refused.text
    db.session.refresh(w.sub)
    assert w.sub.status != "submitted"
    done = client.post(f"/selfcheck/submissions/{w.sub.id}/submit", data={"confirm": "y"})
    assert done.status_code == 302
    db.session.refresh(w.sub)
    assert w.sub.status == "submitted"
    result = client.get(f"/selfcheck/submissions/{w.sub.id}/result").text
    assert "Wiederöffnung erbitten" in result
    empty = client.post(f"/selfcheck/submissions/{w.sub.id}/reopen-request", data={"reason": " "})
    assert empty.status_code == 422
    asked = client.post(f"/selfcheck/submissions/{w.sub.id}/reopen-request",
                        data={"reason": "Die Zahl der Sprachen war falsch."})
    assert asked.status_code == 302
    mail = inbox.wait_for(w.coordinator.email)
    assert "Die Zahl der Sprachen war falsch." in inbox.body(mail) and "/reopen" in inbox.body(mail)
    assert db.session.scalar(sa.select(sa.func.count(AuditEntry.id)).where(
        AuditEntry.action == "submission.reopen_requested")) == 1
    login(w.member)  # only the lead asks
    assert client.post(f"/selfcheck/submissions/{w.sub.id}/reopen-request",
                       data={"reason": "x"}).status_code == 403


def test_action_plan(client, login, submitted, db):
    w = submitted
    login(w.lead)
    r = client.post(
        f"/selfcheck/municipalities/{w.m.id}/measures",
        data={
            "questionnaire": "mini",
            "submission": w.sub.id,
            "dimension": "participation",
            "title": "Jugendforum gründen",
            "owner": "Jugendamt",
            "due_on": "2027-03-31",
            "status": "planned",
        },
    )
    assert r.status_code == 302
    plan = client.get(f"/selfcheck/municipalities/{w.m.id}/plan?questionnaire=mini")
    assert "Jugendforum gründen" in plan.text and "Jugendamt" in plan.text
    assert "Jugendforum gründen" in client.get(f"/selfcheck/submissions/{w.sub.id}/result").text
    bad = client.post(
        f"/selfcheck/municipalities/{w.m.id}/measures",
        data={
            "questionnaire": "mini",
            "dimension": "participation",
            "title": "",
            "owner": "Kämmerei",
            "status": "planned",
        },
    )
    assert bad.status_code == 400 and 'value="Kämmerei"' in bad.text
    foreign = client.post(
        f"/selfcheck/municipalities/{w.m.id}/measures",
        data={
            "questionnaire": "mini",
            "submission": w.other_sub.id,
            "dimension": "participation",
            "title": "x",
            "status": "planned",
        },
    )
    assert foreign.status_code in (400, 403)


def test_rounds_open_extend_close(client, login, selfcheck, questionnaire, db):
    w = selfcheck
    login(w.coordinator)
    r = client.post(
        f"/selfcheck/networks/{w.network.id}/rounds",
        data={
            "title": "Runde 2",
            "questionnaire": questionnaire.id,
            "opens_on": "2026-12-01",
            "deadline": "2026-11-01",
            "all_municipalities": "y",
        },
    )
    assert r.status_code == 400  # deadline before opening
    r = client.post(
        f"/selfcheck/networks/{w.network.id}/rounds",
        data={
            "title": "Runde 2",
            "questionnaire": questionnaire.id,
            "opens_on": "2026-12-01",
            "deadline": "2027-02-01",
            "municipalities": [w.other.id],
        },
    )
    assert r.status_code == 302
    from weltoffen.selfcheck.models import Round

    new = db.session.scalars(sa.select(Round).where(Round.title == "Runde 2")).one()
    assert [s.municipality_id for s in new.submissions] == [w.other.id]
    assert (
        client.post(
            f"/selfcheck/rounds/{new.id}/extend", data={"deadline": "2027-01-01"}
        ).status_code
        == 302
    )
    db.session.refresh(new)
    assert str(new.deadline) == "2027-02-01"  # not shortened
    client.post(f"/selfcheck/rounds/{new.id}/extend", data={"deadline": "2027-03-01"})
    client.post(f"/selfcheck/rounds/{new.id}/close")
    db.session.refresh(new)
    assert str(new.deadline) == "2027-03-01" and new.status == "closed"


def test_remind_mails_due_teams_once(app, selfcheck, db, inbox):
    w = selfcheck
    w.round.deadline = __import__("datetime").date.today() + __import__("datetime").timedelta(
        days=5
    )
    db.session.flush()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["selfcheck", "remind"])
    assert result.exit_code == 0, result.output
    mail = inbox.wait_for(w.member.email)
    assert "Selbstcheck 2026" in inbox.body(mail)
    assert (
        "2 reminder e-mails sent" in result.output
    )  # lead and member of Iserlohn; Bochum has no team
    again = runner.invoke(args=["selfcheck", "remind"])
    assert "0 reminder e-mails sent" in again.output
