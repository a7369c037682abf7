"""Reminders by cron: two weeks before a round's deadline to every municipality that
has not submitted – with a submission or without any – and a week before a measure
of the action plan is due, to its owner (else the leads). Each once."""

from datetime import date, timedelta

import sqlalchemy as sa

from weltoffen.selfcheck import followup, services
from weltoffen.selfcheck.models import Measure

from .conftest import FULL, answer


def _to(inbox) -> list[str]:
    return sorted(m["To"] for m in inbox.messages)


def _wait(inbox, count: int) -> None:
    assert inbox.wait_until(lambda messages: len(messages) >= count), _to(inbox)


def test_round_reminder_reaches_started_teams_once(app, selfcheck, make, db, inbox):
    w = selfcheck
    w.round.deadline = date.today() + timedelta(days=12)  # within the default two weeks
    done_lead = make.user(municipality=w.other, role="lead")
    for key, value in FULL.items():
        answer(w.other_sub, done_lead, key, value)
    services.submit(w.other_sub, done_lead)  # Bochum has submitted: no reminder
    answer(w.sub, w.member, "mission", "2")  # Iserlohn has started (a draft)
    outside = make.municipality(w.network, name="Hagen")  # not in this round: not mailed
    make.user(municipality=outside, role="lead")
    elsewhere = make.municipality(make.network(), name="Köln")
    make.user(municipality=elsewhere, role="lead")
    db.session.commit()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["selfcheck", "remind"])
    assert result.exit_code == 0, result.output
    assert "2 reminder e-mails sent" in result.output
    _wait(inbox, 2)
    assert _to(inbox) == sorted([w.lead.email, w.member.email])
    body = inbox.body(inbox.wait_for(w.lead.email))
    assert "noch nicht abgegeben" in body and "noch nicht begonnen" not in body

    again = runner.invoke(args=["selfcheck", "remind"])
    assert again.exit_code == 0 and "0 reminder e-mails sent" in again.output


def test_a_team_that_has_not_started_is_told_so(app, selfcheck, make, db, inbox):
    w = selfcheck
    w.round.deadline = date.today() + timedelta(days=14)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["selfcheck", "remind"])
    assert result.exit_code == 0, result.output
    body = inbox.body(inbox.wait_for(w.lead.email))
    assert "Selbstcheck 2026" in body and "noch nicht begonnen" in body


def test_round_reminder_waits_for_two_weeks(app, selfcheck, make, db, inbox):
    w = selfcheck
    w.round.deadline = date.today() + timedelta(days=15)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["selfcheck", "remind"])
    assert "0 reminder e-mails sent" in result.output
    assert services.due_for_reminder(date.today(), 15)  # a longer --days would reach it


def _measure(w, title, due_in, status="planned", owner_id=None):
    measure = followup.save_measure(
        Measure(municipality_id=w.m.id, questionnaire_slug="mini", dimension_key="participation"),
        w.lead, title=title, description="", owner="", due_on=None, status=status, owner_id=owner_id)
    measure.due_on = date.today() + timedelta(days=due_in)  # set directly: may lie in the past
    return measure


def test_measure_reminders_go_to_the_owner_or_the_leads_once(app, selfcheck, make, db, inbox):
    w = selfcheck
    _measure(w, "Jugendforum", 6, owner_id=w.member.id)
    _measure(w, "Leitbild", 7)  # no owner on the team: the leads
    _measure(w, "Später", 8, owner_id=w.member.id)
    _measure(w, "Schon erledigt", 2, status="done", owner_id=w.member.id)
    _measure(w, "Verworfen", 2, status="dropped", owner_id=w.member.id)
    _measure(w, "Überfällig", -1, owner_id=w.member.id)
    db.session.commit()

    runner = app.test_cli_runner()
    result = runner.invoke(args=["selfcheck", "remind-measures"])
    assert result.exit_code == 0, result.output
    assert "2 reminder e-mails sent" in result.output
    _wait(inbox, 2)
    assert _to(inbox) == sorted([w.member.email, w.lead.email])
    owner_mail = inbox.body(inbox.wait_for(w.member.email))
    assert "„Jugendforum“" in owner_mail and "Sie sind dafür zuständig" in owner_mail
    assert "/selfcheck/municipalities/" in owner_mail
    lead_mail = inbox.body(inbox.wait_for(w.lead.email))
    assert "„Leitbild“" in lead_mail and "kommunale Leitung" in lead_mail

    again = runner.invoke(args=["selfcheck", "remind-measures"])
    assert "0 reminder e-mails sent" in again.output
    reminded = db.session.scalars(sa.select(Measure.title).where(Measure.reminded_at.is_not(None))).all()
    assert sorted(reminded) == ["Jugendforum", "Leitbild"]


def test_a_new_due_date_earns_a_new_reminder(selfcheck, db):
    w = selfcheck
    measure = _measure(w, "Jugendforum", 3, owner_id=w.member.id)
    measure.reminded_at = measure.created_at
    followup.save_measure(measure, w.lead, title="Jugendforum", description="", owner="",
                          due_on=measure.due_on, status="in_progress", owner_id=w.member.id)
    assert measure.reminded_at is not None  # only the status changed
    followup.save_measure(measure, w.lead, title="Jugendforum", description="", owner="",
                          due_on=measure.due_on + timedelta(days=30), status="in_progress",
                          owner_id=w.member.id)
    assert measure.reminded_at is None


def test_a_former_owner_is_not_reminded(app, selfcheck, db, inbox):
    w = selfcheck
    _measure(w, "Jugendforum", 3, owner_id=w.member.id)
    for membership in list(w.member.memberships):
        db.session.delete(membership)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["selfcheck", "remind-measures"])
    assert "1 reminder e-mails sent" in result.output
    _wait(inbox, 1)
    assert _to(inbox) == [w.lead.email]
