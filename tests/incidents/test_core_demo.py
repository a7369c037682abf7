"""`flask demo` gives the demo official six incidents with timelines, one shared with
the demo trust person and one closed – and a second run adds nothing."""

import sqlalchemy as sa

from weltoffen.auth.models import User
from weltoffen.incidents import access, demo, timeline
from weltoffen.incidents.models import Incident, TimelineEntry


def _mine(db):
    official = db.session.scalar(sa.select(User).where(User.email == demo.OFFICIAL))
    return official, db.session.scalars(
        sa.select(Incident).where(Incident.reporter_id == official.id).order_by(Incident.id)).all()


def test_demo_incidents_load_once(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    official, incidents = _mine(db)
    assert len(incidents) == 6
    entries = db.session.scalar(sa.select(sa.func.count()).select_from(TimelineEntry))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert len(_mine(db)[1]) == 6
    assert db.session.scalar(sa.select(sa.func.count()).select_from(TimelineEntry)) == entries
    assert len({i.form for i in incidents}) == 6 and len({i.channel for i in incidents}) >= 4
    assert len({i.severity for i in incidents}) >= 4
    assert {i.status for i in incidents} == {"open", "closed"}
    with app.test_request_context():
        data = [d for i in incidents for _e, d in timeline.entries_of(i)]
        assert any(d.get("case_number") for d in data)
        assert any(e.due_on for i in incidents for e in i.entries)
        assert "Volksverräterin" in access.open_contents(incidents[0])["description"]
    shared = [i for i in incidents if any(g.active for g in i.grants)]
    assert len(shared) == 1 and shared[0].grants[0].user.email == demo.TRUST_PERSON
