"""Walks app.url_map: every route must be declared here with who may reach it, and
is tested against anonymous users, every role that must be refused, and users of
another municipality or network. A new route without an entry fails the suite."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from flask import url_for

from tests.core.route_table import DECLARED, MINI, PUBLIC, ROUTES
from tests.dialogue import world as dialogue_world
from tests.forum import world as forum_world
from tests.incidents import world as incident_world
from weltoffen.auth.services import create_invitation
from weltoffen.selfcheck import followup, services
from weltoffen.selfcheck.models import Measure

REFUSED = {403, 404, 409}


@dataclass
class World:
    network: object
    m: object
    other_m: object
    lead: object
    member: object
    official: object
    trust_person: object
    other_lead: object
    coordinator: object
    other_coordinator: object
    admin: object
    invitation: object
    questionnaire: object = None
    round: object = None
    draft: object = None
    done: object = None
    advice: object = None
    measure: object = None
    group: object = None
    forum: object = None
    incidents: object = None
    dialogue: object = None


@pytest.fixture
def world(make, db):
    network = make.network()
    m, other_m = make.municipality(network), make.municipality(network)
    lead = make.user(municipality=m, role="lead")
    invitation, _ = create_invitation(lead, "eingeladen@example.org", municipality=m, role="member")
    w = World(
        network=network,
        m=m,
        other_m=other_m,
        lead=lead,
        member=make.user(municipality=m, role="member"),
        official=make.user(municipality=m, role="official"),
        trust_person=make.user(municipality=m, role="trust_person"),
        other_lead=make.user(municipality=other_m, role="lead"),
        coordinator=make.user(network_role="coordinator", network=network),
        other_coordinator=make.user(network_role="coordinator", network=make.network()),
        admin=make.user(network_role="admin"),
        invitation=invitation,
    )
    w.questionnaire, _ = services.load_questionnaire(MINI)
    today = date.today()
    old = services.open_round(
        w.coordinator,
        network,
        w.questionnaire,
        "2025",
        today - timedelta(days=400),
        today - timedelta(days=300),
        [m.id],
    )
    w.done = old.submissions[0]
    from tests.selfcheck.conftest import FULL, answer

    for key, value in FULL.items():
        answer(w.done, lead, key, value)
    services.submit(w.done, lead)
    w.round = services.open_round(
        w.coordinator,
        network,
        w.questionnaire,
        "2026",
        today,
        today + timedelta(days=30),
        [m.id, other_m.id],
    )
    w.draft = next(s for s in w.round.submissions if s.municipality_id == m.id)
    w.advice = followup.request_advice(w.done, lead, "management", "Wie fangen wir an?")
    w.measure = followup.save_measure(
        Measure(municipality_id=m.id, questionnaire_slug="mini", dimension_key="management"),
        lead,
        title="Leitbild",
        description="",
        owner="",
        due_on=None,
        status="planned",
    )
    from weltoffen.benchmark import named_groups

    w.group = named_groups.create(network, w.coordinator, "Programm X")
    named_groups.add_members(w.group, w.coordinator, [m.ags])
    db.session.flush()
    w.forum = forum_world.build(w, db)
    w.incidents = incident_world.build(w, db)
    w.dialogue = dialogue_world.build(w, db)
    return w


def _rules(app):
    return list(app.url_map.iter_rules())


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _values(endpoint, world):
    if endpoint in ROUTES:
        return ROUTES[endpoint][0](world)
    values = PUBLIC.get(endpoint, {})
    return values(world) if callable(values) else values


def _call(client, app, rule, values, method):
    with app.test_request_context():
        url = url_for(rule.endpoint, **values)
    return client.open(url.replace("http://weltoffen.test", ""), method=method)


def test_every_route_is_declared(app):
    endpoints = {r.endpoint for r in _rules(app)}
    undeclared = endpoints - DECLARED
    assert not undeclared, f"add these routes to tests/core/test_routes.py: {sorted(undeclared)}"
    assert not DECLARED - endpoints, f"declared but gone: {sorted(DECLARED - endpoints)}"


def test_public_views_are_exactly_the_declared_ones(app):
    marked = {ep for ep, view in app.view_functions.items() if getattr(view, "is_public", False)}
    assert marked | {"static"} == set(PUBLIC)


def test_routes_with_ids_are_object_routes(app):
    for rule in _rules(app):
        if rule.arguments and rule.endpoint not in PUBLIC:
            assert rule.endpoint in ROUTES, rule


def test_anonymous_users_are_sent_to_login(app, client, world):
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        for method in _methods(rule):
            r = _call(client, app, rule, _values(rule.endpoint, world), method)
            assert r.status_code == 302 and "/auth/login" in r.headers["Location"], (rule, method)
            checked += 1
    assert checked >= 40


WHO = [
    "member",
    "lead",
    "official",
    "trust_person",
    "coordinator",
    "other_lead",
    "other_coordinator",
]


@pytest.mark.parametrize("who", WHO)
def test_refused_roles_and_outsiders(app, client, login, world, who):
    """Each role, and users of another municipality or network, are refused
    everywhere the table says so – with every method the route takes."""
    login(getattr(world, who))
    for rule in _rules(app):
        entry = ROUTES.get(rule.endpoint)
        if entry is None or who not in entry[1]:
            continue
        for method in _methods(rule):
            r = _call(client, app, rule, _values(rule.endpoint, world), method)
            assert r.status_code in REFUSED, (
                f"{who} reached {rule.endpoint} ({method}): {r.status_code}"
            )


@pytest.mark.parametrize("who", ["member", "lead", "coordinator", "admin"])
def test_allowed_users_reach_their_pages(app, client, login, world, who):
    login(getattr(world, who))
    team = [
        f"/municipalities/{world.m.id}",
        f"/selfcheck/submissions/{world.draft.id}",
        f"/selfcheck/submissions/{world.draft.id}/dimensions/management",
        f"/selfcheck/submissions/{world.done.id}/result",
        f"/selfcheck/municipalities/{world.m.id}/plan",
    ]
    staff = [
        f"/networks/{world.network.id}",
        f"/selfcheck/networks/{world.network.id}/rounds",
        f"/selfcheck/rounds/{world.round.id}",
        f"/selfcheck/submissions/{world.done.id}/result",
        f"/selfcheck/advice/{world.advice.id}",
        f"/selfcheck/networks/{world.network.id}/advice",
    ]
    pages = {"member": team, "lead": team, "coordinator": staff, "admin": staff + ["/admin/"]}[who]
    for path in pages:
        assert client.get(path).status_code == 200, (who, path)


def test_staff_cannot_read_drafts(client, login, world):
    login(world.coordinator)
    assert client.get(f"/selfcheck/submissions/{world.draft.id}").status_code == 403
    assert client.get(f"/selfcheck/submissions/{world.draft.id}/answers.csv").status_code == 403


def test_every_post_route_requires_a_csrf_token(app, client, login, world, csrf):
    login(world.admin)
    checked = 0
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        r = _call(client, app, rule, _values(rule.endpoint, world), "POST")
        assert r.status_code == 400, (rule.endpoint, r.status_code)
        checked += 1
    assert checked >= 25
