"""Recommendations, responses kept as a history, progress, flags, the coordinators'
overview under the K rule, reminders, and the practice from a finished process."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from tests.dialogue import public_world
from weltoffen.dialogue import accountability, network_figures
from weltoffen.dialogue.accountability_models import Recommendation, RecommendationResponse

TODAY = date.today()


@pytest.fixture
def pw(make, db):
    return public_world.build(make, db)


def _values(**over):
    values = {"number": 7, "title": "Mehr Bänke", "text": "", "votes_for": 40, "votes_against": 10,
              "votes_abstain": 10, "voted_on": TODAY - timedelta(days=200), "department": "Grünflächenamt",
              "due_on": None}
    values.update(over)
    return values


def test_a_recommendation_gets_its_due_date_from_the_mandate(pw, db):
    rec = accountability.add_recommendation(pw.process, pw.users[0], **_values())
    assert rec.due_on == accountability.add_months(rec.voted_on, 3)
    assert round(rec.support * 100) == 67 and rec.meets_threshold is False


def test_a_rejection_needs_a_reason_and_changes_nothing_without(pw, db):
    before = db.session.scalar(select(func.count(RecommendationResponse.id)))
    with pytest.raises(accountability.Invalid) as caught:
        accountability.respond(pw.rec2, pw.users[0], state="rejected", reason=" ", decided_on=TODAY)
    assert "reason" in caught.value.errors
    assert db.session.scalar(select(func.count(RecommendationResponse.id))) == before


def test_changing_a_response_keeps_the_history(pw, db):
    accountability.respond(pw.rec2, pw.users[0], state="under_review", reason="Prüfung", decided_on=TODAY)
    accountability.respond(pw.rec2, pw.users[0], state="rejected", reason="Zu teuer", decided_on=TODAY)
    accountability.respond(pw.rec2, pw.users[0], state="adopted", decided_on=TODAY)
    states = [r.state for r in db.session.get(Recommendation, pw.rec2.id).responses]
    assert states == ["under_review", "rejected", "adopted"]


def test_progress_may_not_go_down_without_a_note(pw, db):
    with pytest.raises(accountability.Invalid) as caught:
        accountability.add_progress(pw.rec, pw.users[0], percent=10, noted_on=date(2026, 8, 2))
    assert "note" in caught.value.errors


def test_overdue_and_stalled_flags(pw, db):
    overdue = accountability.add_recommendation(
        pw.process, pw.users[0], **_values(number=8, due_on=TODAY - timedelta(days=5)))
    flags = {f.recommendation_id: f for f in accountability.flags_for_municipality(pw.m.id)}
    assert flags[overdue.id].overdue
    # rec: adopted in part, 40 % on 2026-08-01 – stalled once 90 days passed without an update
    assert flags[pw.rec.id].stalled == ((TODAY - date(2026, 8, 1)).days > 90)


def test_the_team_sees_flags_on_the_process_list_and_page(client, login, pw, db):
    overdue = accountability.add_recommendation(
        pw.process, pw.users[0], **_values(number=8, title="Sitzbänke am Markt", due_on=TODAY - timedelta(days=5)))
    db.session.commit()
    login(pw.users[1])
    for url in (f"/dialogue/municipalities/{pw.m.id}/processes", f"/dialogue/processes/{pw.process.id}"):
        html = client.get(url).get_data(as_text=True)
        assert 'id="dialogue-flags"' in html and "Sitzbänke am Markt" in html, url
        assert f"/dialogue/recommendations/{overdue.id}" in html
    html = client.get(f"/dialogue/processes/{pw.unpublished.id}").get_data(as_text=True)
    assert "Sitzbänke am Markt" not in html  # another process's flags stay on its own page


def test_team_pages_render(client, login, pw):
    login(pw.users[1])
    assert client.get(f"/dialogue/processes/{pw.process.id}/recommendations").status_code == 200
    assert client.get(f"/dialogue/recommendations/{pw.rec.id}").status_code == 200
    assert client.get(f"/dialogue/processes/{pw.process.id}/recommendations/new").status_code == 200
    r = client.post(f"/dialogue/recommendations/{pw.rec2.id}/responses",
                    data={"state": "rejected", "reason": "", "decided_on": TODAY.isoformat()})
    assert r.status_code == 422
    assert len(pw.rec2.responses) == 0


def test_the_overview_names_published_processes_only(make, db, pw, client, login):
    coordinator = make.user(network_role="coordinator", network=pw.m.network)
    result = network_figures.overview(pw.m.network)
    rows = {row.id: row for row in result.municipalities}
    assert rows[pw.m.id].processes == 1  # the published process only, not the draft
    login(coordinator)
    r = client.get(f"/dialogue/networks/{pw.m.network_id}/overview")
    assert r.status_code == 200
    assert "Entwurf Jugendforum" not in r.text and "Bürgerrat Klima" in r.text


def test_reminders_are_sent_once(app, pw, db, smtp_server):
    accountability.add_recommendation(pw.process, pw.users[0], **_values(number=9, due_on=TODAY - timedelta(days=3)))
    db.session.flush()
    from weltoffen.dialogue import reminders

    first = reminders.due()
    assert pw.m.id in first
    reminders.mark(first[pw.m.id], pw.m.id)
    db.session.flush()
    assert pw.m.id not in reminders.due()
