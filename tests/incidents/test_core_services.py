"""Incident core services without HTTP: statistics columns, deadlines and their
reminders (real SMTP), retention purge (CLI), grants and the audit trail."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from weltoffen.audit import AuditEntry
from weltoffen.incidents import access, grants, services, timeline
from weltoffen.incidents.models import Incident, TimelineEntry
from weltoffen.network.sizes import size_class


@pytest.fixture
def ctx(app, db, make):
    network = make.network()
    town = make.municipality(network, population=8_000)
    official = make.user(municipality=town, role="official", language="en")
    trust = make.user(municipality=town, role="trust_person")
    stranger = make.user(municipality=make.municipality(network), role="trust_person")
    with app.test_request_context():
        yield {"official": official, "trust": trust, "stranger": stranger, "town": town}


def _report(official, form="threat", day="2026-08-15"):
    incident = services.new_draft(official)
    services.record(incident, official, {"date": day, "form": form, "channel": "letter", "severity": 3,
                                         "description": "Brief mit Drohung"})
    return incident


def test_quarters_and_three_months():
    assert services.quarter_of(date(2026, 1, 1)) == "2026-Q1"
    assert services.quarter_of(date(2026, 12, 31)) == "2026-Q4"
    assert timeline.complaint_deadline(date(2026, 11, 30)) == date(2027, 2, 28)
    assert timeline.complaint_deadline(date(2026, 5, 31)) == date(2026, 8, 31)


def test_record_sets_the_statistics_columns_and_nothing_else_in_the_clear(ctx):
    incident = _report(ctx["official"])
    assert (incident.status, incident.quarter, incident.form, incident.channel, incident.severity) == \
        ("open", "2026-Q3", "threat", "letter", 3)
    assert incident.size_class == size_class(8_000)
    assert incident.network_id == ctx["town"].network_id
    assert b"Drohung" not in incident.sealed
    services.update(incident, ctx["official"], {**access.open_contents(incident), "severity": 4,
                                                "date": "2026-10-01"})
    assert (incident.severity, incident.quarter) == (4, "2026-Q4")


def test_only_officials_start_reports(ctx):
    with pytest.raises(PermissionError):
        services.new_draft(ctx["trust"])


def test_defamation_gets_a_deadline_once_and_not_after_a_complaint(ctx):
    incident = _report(ctx["official"], form="defamation")
    assert [e.due_on for e in incident.entries] == [date(2026, 11, 15)]
    services.update(incident, ctx["official"], access.open_contents(incident))
    assert len(incident.entries) == 1
    other = services.new_draft(ctx["official"])
    timeline.add_entry(other, ctx["official"], "complaint_filed", {"date": "2026-08-16", "case_number": "1"})
    services.record(other, ctx["official"], {"date": "2026-08-15", "form": "insult", "channel": "phone",
                                             "severity": 1, "description": "x"})
    assert [e.kind for e in other.entries] == ["complaint_filed"]


def _deadline(official, days_ahead, reminded_days_ago=None):
    incident = _report(official)
    entry = timeline.add_entry(incident, official, "deadline", {"date": "2026-08-15", "text": "Strafantrag"},
                               due_on=date.today() + timedelta(days=days_ahead))
    if reminded_days_ago is not None:
        entry.reminded_at = datetime.now(UTC) - timedelta(days=reminded_days_ago)
    return entry


def test_reminders_once_per_threshold_without_contents(app, ctx, inbox):
    app.config["INCIDENT_REMINDER_DAYS"] = (14, 3)
    soon = _deadline(ctx["official"], 10)
    _deadline(ctx["official"], 30)  # not yet
    second = _deadline(ctx["official"], 2, reminded_days_ago=9)  # reminded at 14, now within 3
    done = _deadline(ctx["official"], 2, reminded_days_ago=0)  # already reminded in this window
    closed = _deadline(ctx["official"], 5)
    services.close(closed.incident, ctx["official"])
    assert {e.id for e in timeline.due_reminders()} == {soon.id, second.id}
    result = app.test_cli_runner().invoke(args=["incidents", "remind"])
    assert "2 reminder(s) sent" in result.output, result.output
    mail = inbox.wait_for(ctx["official"].email)
    body = inbox.body(mail)
    assert mail["Subject"] == "A deadline in your incident log is near"
    assert f"/incidents/{soon.incident_id}" in body or f"/incidents/{second.incident_id}" in body
    assert "Drohung" not in body and "Strafantrag" not in body
    assert soon.reminded_at is not None and done.reminded_at is not None
    assert app.test_cli_runner().invoke(args=["incidents", "remind"]).output.startswith("0 reminder(s) sent")


def test_purge_destroys_closed_incidents_after_retention_and_is_idempotent(app, ctx, db):
    old, recent, still_open = _report(ctx["official"], "insult"), _report(ctx["official"]), _report(ctx["official"])
    for item in (old, recent):
        services.close(item, ctx["official"])
    old.closed_at = datetime.now(UTC) - timedelta(days=app.config["INCIDENT_RETENTION_DAYS"] + 1)
    db.session.flush()
    result = app.test_cli_runner().invoke(args=["incidents", "purge"])
    assert result.output.startswith("1 incident(s) destroyed"), result.output
    db.session.expire_all()
    assert old.shredded and old.form == "insult" and old.quarter == "2026-Q3"
    assert not recent.shredded and not still_open.shredded
    assert db.session.scalars(select(TimelineEntry).where(TimelineEntry.incident_id == old.id)).all() == []
    assert app.test_cli_runner().invoke(args=["incidents", "purge"]).output.startswith("0 incident(s)")
    purged = AuditEntry.query.filter_by(action="incident.purged", object_id=old.id).one()
    assert purged.actor_id is None


def test_grants_only_to_trust_persons_of_the_reporters_municipality(ctx):
    incident = _report(ctx["official"])
    assert grants.eligible(incident) == [ctx["trust"]]
    with pytest.raises(PermissionError):
        grants.grant(incident, ctx["official"], ctx["stranger"], False)
    first = grants.grant(incident, ctx["official"], ctx["trust"], False)
    again = grants.grant(incident, ctx["official"], ctx["trust"], True)
    assert first is again and again.can_write
    assert grants.has_any_grant(ctx["trust"])
    grants.revoke(again, ctx["official"])
    assert not grants.has_any_grant(ctx["trust"])
    assert services.incidents_for(ctx["trust"]) == []


def test_the_list_has_own_and_granted_incidents_with_the_right(ctx, make):
    mine = _report(ctx["official"])
    draft = services.new_draft(ctx["official"])
    grants.grant(mine, ctx["official"], ctx["trust"], True)
    grants.grant(draft, ctx["official"], ctx["trust"], True)
    assert {(i.id, r) for i, r in services.incidents_for(ctx["official"])} == {(mine.id, "owner"), (draft.id, "owner")}
    assert services.incidents_for(ctx["trust"]) == [(mine, "write")]  # drafts are not shared
    services.destroy(mine, ctx["official"])
    assert services.incidents_for(ctx["trust"]) == []
    assert isinstance(mine, Incident) and mine.grants[0].revoked_at is not None
