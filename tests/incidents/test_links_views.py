"""Linking the reporter's incidents, unlinking, and the private escalation chart."""

import pytest

from tests.incidents.evidence_support import incident
from weltoffen.audit import AuditEntry
from weltoffen.charts.escalation import Escalation, svg
from weltoffen.incidents import links
from weltoffen.incidents.models import IncidentGrant, IncidentLink


@pytest.fixture
def case(make, db, login):
    network = make.network()
    m = make.municipality(network)
    official = make.user(municipality=m, role="official", language="en")
    login(official)
    first = incident(db, official, network, form="insult", severity=1, contents={"date": "2026-07-01"})
    second = incident(db, official, network, form="threat", severity=2, contents={"date": "2026-08-15"})
    third = incident(db, official, network, form="property_home", severity=3, contents={"date": "2026-10-02"})
    return official, m, (first, second, third)


def test_link_is_stored_once_in_order_and_audited_on_both(client, case):
    official, _m, (first, second, _third) = case
    r = client.post(f"/incidents/{second.id}/links", data={"other_id": first.id})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/incidents/{second.id}#links")
    row = IncidentLink.query.one()
    assert (row.first_id, row.second_id) == (first.id, second.id)
    client.post(f"/incidents/{first.id}/links", data={"other_id": second.id})
    assert IncidentLink.query.count() == 1
    assert {e.object_id for e in AuditEntry.query.filter_by(action="incident.linked")} == {first.id, second.id}


def test_the_linked_set_is_transitive_and_ordered_by_date(app, client, case):
    official, _m, (first, second, third) = case
    with app.test_request_context():
        links.link(official, third, second)
        links.link(official, second, first)
        rows = links.points(links.linked_set(first, official))
    assert [p.incident.id for p in rows] == [first.id, second.id, third.id]
    assert [p.severity for p in rows] == [1, 2, 3]
    page = client.get(f"/incidents/{first.id}").get_data(as_text=True)
    assert f"/incidents/{first.id}/escalation.svg" in page and "Linked incidents" in page
    assert f"/incidents/{third.id}\"" in page  # the table links to the others
    assert f"ids={first.id}&amp;ids={second.id}&amp;ids={third.id}" in page


def test_escalation_chart_is_private_and_describes_the_data(client, case):
    official, _m, (first, second, third) = case
    client.post(f"/incidents/{first.id}/links", data={"other_id": second.id})
    r = client.get(f"/incidents/{first.id}/escalation.svg")
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert r.headers["Cache-Control"] == "private, no-store" and "ETag" not in r.headers
    body = r.get_data(as_text=True)
    assert "<title>Escalation of the linked incidents</title>" in body
    assert "1: Jul 1, 2026, Insult, Hurtful behaviour; 2: Aug 15, 2026, Threat, Threat." in body


def test_unlink(client, case):
    official, _m, (first, second, _third) = case
    client.post(f"/incidents/{first.id}/links", data={"other_id": second.id})
    r = client.post(f"/incidents/{second.id}/links/{first.id}/delete")
    assert r.status_code == 302 and IncidentLink.query.count() == 0
    assert AuditEntry.query.filter_by(action="incident.unlinked").count() == 2


def test_someone_elses_incident_cannot_be_linked(client, case, make, db):
    official, m, (first, _second, _third) = case
    other = make.user(municipality=m, role="official")
    theirs = incident(db, other, m.network)
    assert client.post(f"/incidents/{first.id}/links", data={"other_id": theirs.id}).status_code == 404
    assert client.post(f"/incidents/{theirs.id}/links", data={"other_id": first.id}).status_code == 404
    assert client.post(f"/incidents/{first.id}/links", data={"other_id": first.id}).status_code == 404
    assert IncidentLink.query.count() == 0


def test_a_trust_person_sees_only_the_linked_incidents_granted_to_them(app, client, case, make, db, login):
    official, m, (first, second, third) = case
    with app.test_request_context():
        links.link(official, first, second)
        links.link(official, second, third)
    helper = make.user(municipality=m, role="trust_person")
    db.session.add_all([IncidentGrant(incident_id=first.id, user_id=helper.id),
                        IncidentGrant(incident_id=third.id, user_id=helper.id)])
    db.session.flush()
    with app.test_request_context():
        assert [i.id for i in links.linked_set(first, helper)] == [first.id, third.id]
    login(helper)
    assert client.post(f"/incidents/{first.id}/links/{second.id}/delete").status_code == 404
    body = client.get(f"/incidents/{first.id}/escalation.svg").get_data(as_text=True)
    desc = body.split("<desc>", 1)[1].split("</desc>", 1)[0]
    assert "15.08.2026" not in desc and "02.10.2026" in desc


def test_the_chart_function_is_pure_and_refuses_mismatched_data():
    from datetime import date

    chart = Escalation("T", "D", (date(2026, 1, 1), date(2026, 2, 1)), (0, 4), ("a", "b", "c", "d", "e", "f"))
    assert svg(chart) == svg(chart)
    with pytest.raises(ValueError):
        Escalation("T", "D", (date(2026, 1, 1),), (0, 1), ("a",))


def test_two_incidents_on_the_same_day_draw_without_a_warning():
    """Linked incidents of one date gave matplotlib a zero-width date axis (a warning,
    and with warnings as errors a 500 on escalation.svg)."""
    import warnings
    from datetime import date

    chart = Escalation("T", "D", (date(2026, 3, 4), date(2026, 3, 4)), (1, 3), ("a", "b", "c", "d", "e", "f"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert b"<svg" in svg(chart)


def test_narrow_escalation_chart_is_phone_sized_and_bad_sizes_refused(client, case):
    from tests.support.chart_samples import assert_desktop_sized, assert_phone_sized

    official, _m, (first, second, third) = case
    client.post(f"/incidents/{first.id}/links", data={"other_id": second.id})
    page = client.get(f"/incidents/{first.id}").get_data(as_text=True)
    assert (f'<source media="(max-width: 40em)" srcset="/incidents/{first.id}/escalation.svg?size=narrow">'
            f'<img class="incident-escalation__chart" src="/incidents/{first.id}/escalation.svg" alt=') in page
    narrow = client.get(f"/incidents/{first.id}/escalation.svg?size=narrow")
    assert narrow.status_code == 200 and narrow.headers["Cache-Control"] == "private, no-store"
    assert_phone_sized(narrow.data)
    assert_desktop_sized(client.get(f"/incidents/{first.id}/escalation.svg").data)
    assert client.get(f"/incidents/{first.id}/escalation.svg?size=wide").status_code == 400
