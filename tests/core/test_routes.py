"""Walks app.url_map: every route must be declared here with who may reach it, and
is tested against anonymous users, every role that must be refused, and users of
another municipality or network. A new route without an entry fails the suite."""

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import url_for

from tests.core.route_roles import MUNICIPAL, NON_TEAM, OUTSIDERS
from tests.dialogue import routes_accountability as dialogue_routes_accountability
from tests.dialogue import routes_core as dialogue_routes_core
from tests.dialogue import routes_lottery as dialogue_routes_lottery
from tests.dialogue import routes_reach as dialogue_routes_reach
from tests.dialogue import world as dialogue_world
from tests.forum import routes_discussions, routes_moderation, routes_notifications, routes_practices
from tests.forum import world as forum_world
from tests.incidents import routes_core, routes_evidence, routes_statistics
from tests.incidents import world as incident_world
from tests.network import routes_team as network_routes_team
from tests.selfcheck import routes_plan as selfcheck_routes_plan
from weltoffen.auth.services import create_invitation
from weltoffen.selfcheck import followup, services
from weltoffen.selfcheck.models import Measure

MINI = Path(__file__).parents[1] / "selfcheck" / "data" / "mini.v1.yaml"

#: Reachable without login (views marked @public).
PUBLIC = {
    "static": {"filename": "app.css"},
    "home.index": {},
    "home.set_language": {},
    "home.healthz": {},
    "home.legal": {"page": "impressum"},
    "home.accessibility_feedback": {},
    "auth.login": {},
    "auth.second_factor": {},
    "auth.logout": {},
    "auth.accept_invitation": {"token": "forged"},
    "auth.request_reset": {},
    "auth.reset_password": {"token": "forged"},
    # Public dialogue pages (tests/dialogue/test_public*.py): values from the world.
    "beteiligung.municipality": lambda w: {"ags": w.m.ags},
    "beteiligung.process": lambda w: {"ags": w.m.ags, "slug": w.dialogue.process.slug},
    "beteiligung.feed": lambda w: {"ags": w.m.ags},
    # Registration for a citizens' assembly with the letter's code (tests/dialogue/lottery/).
    "anmeldung.start": {},
    "anmeldung.check_code": {},
    "anmeldung.submit": {},
    "anmeldung.withdraw": {"token": "forged"},
    "anmeldung.answer_start": {},
    "anmeldung.answer": {},
}
#: Logged-in users acting on their own account or own overview (no object in the URL).
SELF = {
    "auth.account",
    "auth.setup_second_factor",
    "auth.new_recovery_codes",
    "auth.disable_second_factor",
    "selfcheck.index",
}


FORUM_TABLES = (routes_discussions, routes_practices, routes_notifications, routes_moderation)
INCIDENT_TABLES = (routes_core, routes_evidence, routes_statistics)
#: Dialogue with citizens (tests/dialogue/routes_*.py; public pages are in PUBLIC).
DIALOGUE_TABLES = (dialogue_routes_core, dialogue_routes_reach, dialogue_routes_accountability,
                   dialogue_routes_lottery)
#: Team actions and the action plan's exports (tests/network/, tests/selfcheck/).
TEAM_TABLES = (network_routes_team, selfcheck_routes_plan)
SELF |= set().union(*(t.SELF for t in FORUM_TABLES + INCIDENT_TABLES + DIALOGUE_TABLES + TEAM_TABLES))

#: endpoint -> (URL values, who must be refused). Everyone else with a plausible
#: reason may reach it; the refusals are what this test proves.
ROUTES = {
    # platform administration
    **{
        endpoint: (values, MUNICIPAL + ["coordinator"])
        for endpoint, values in {
            "network.admin_index": lambda w: {},
            "network.admin_networks": lambda w: {},
            "network.admin_network_edit": lambda w: {"network_id": w.network.id},
            "network.admin_municipalities": lambda w: {},
            "network.admin_municipality_new": lambda w: {},
            "network.admin_municipality_edit": lambda w: {"municipality_id": w.m.id},
            "network.admin_add_member": lambda w: {"municipality_id": w.m.id},
            "network.admin_users": lambda w: {},
            "network.admin_user_edit": lambda w: {"user_id": w.member.id},
            "network.admin_import": lambda w: {},
            "network.admin_import_confirm": lambda w: {},
            "network.admin_outbox": lambda w: {},
            "network.admin_reset_second_factor": lambda w: {"user_id": w.member.id},
        }.items()
    },
    # one municipality and its team
    "network.municipality": (lambda w: {"municipality_id": w.m.id}, OUTSIDERS),
    "network.invite": (
        lambda w: {"municipality_id": w.m.id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    "network.revoke_invitation": (
        lambda w: {"municipality_id": w.m.id, "invitation_id": w.invitation.id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    "network.remove_membership": (
        lambda w: {"municipality_id": w.m.id, "membership_id": w.member.memberships[0].id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    # one network
    "network.overview": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "network.invite_coordinator": (
        lambda w: {"network_id": w.network.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    # self-check: the team's own pages (a draft)
    "selfcheck.submission": (lambda w: {"submission_id": w.draft.id}, NON_TEAM),
    "selfcheck.fill": (lambda w: {"submission_id": w.draft.id, "key": "management"}, NON_TEAM),
    "selfcheck.autosave": (lambda w: {"submission_id": w.draft.id, "key": "mission"}, NON_TEAM),
    "selfcheck.team": (lambda w: {"submission_id": w.draft.id, "key": "management"}, NON_TEAM),
    "selfcheck.comment": (lambda w: {"submission_id": w.draft.id, "key": "mission"}, NON_TEAM),
    "selfcheck.set_team_answer": (
        lambda w: {"submission_id": w.draft.id, "key": "mission"},
        NON_TEAM + ["member", "official"],
    ),
    "selfcheck.submit": (
        lambda w: {"submission_id": w.draft.id},
        NON_TEAM + ["member", "official"],
    ),
    # self-check: a submitted result (team and network staff)
    "selfcheck.result": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.result_chart": (
        lambda w: {"submission_id": w.done.id},
        ["trust_person"] + OUTSIDERS,
    ),
    "selfcheck.report_pdf": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.answers_csv": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.request_advice": (
        lambda w: {"submission_id": w.done.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.request_reopening": (
        lambda w: {"submission_id": w.done.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.reopen": (lambda w: {"submission_id": w.done.id}, MUNICIPAL + ["other_coordinator"]),
    "selfcheck.advice_detail": (lambda w: {"advice_id": w.advice.id}, ["trust_person"] + OUTSIDERS),
    # action plan
    "selfcheck.plan": (lambda w: {"municipality_id": w.m.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.add_measure": (
        lambda w: {"municipality_id": w.m.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.edit_measure": (
        lambda w: {"measure_id": w.measure.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    # rounds and advice inbox: the network's staff
    "selfcheck.rounds": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "selfcheck.round_detail": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.extend_round": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.close_round": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.advice_inbox": (
        lambda w: {"network_id": w.network.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    # peer comparison of a submitted self-check; choices and sharing by the lead
    "benchmark.compare": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "benchmark.chart": (lambda w: {"submission_id": w.done.id, "kind": "radar"}, ["trust_person"] + OUTSIDERS),
    "benchmark.choose_groups": (
        lambda w: {"municipality_id": w.m.id}, ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "benchmark.sharing": (
        lambda w: {"municipality_id": w.m.id}, ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "benchmark.heatmap": (lambda w: {"round_id": w.round.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.export": (lambda w: {"round_id": w.round.id, "fmt": "xlsx"}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.groups_index": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.group_detail": (lambda w: {"group_id": w.group.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.group_search": (lambda w: {"group_id": w.group.id, "q": w.m.name}, MUNICIPAL + OUTSIDERS),
    "benchmark.remove_group_member": (
        lambda w: {"group_id": w.group.id, "municipality_id": w.m.id}, MUNICIPAL + ["other_coordinator"],
    ),
    "benchmark.delete_group": (lambda w: {"group_id": w.group.id}, MUNICIPAL + ["other_coordinator"]),
    # the blank questionnaire is not secret: any logged-in user may print it
    "selfcheck.print_blank": (lambda w: {"questionnaire_id": w.questionnaire.id}, []),
    # forum and practice library (tables in tests/forum/routes_*.py)
    **{endpoint: entry for table in FORUM_TABLES for endpoint, entry in table.ROUTES.items()},
    # incident log (tables in tests/incidents/routes_*.py)
    **{endpoint: entry for table in INCIDENT_TABLES for endpoint, entry in table.ROUTES.items()},
    # dialogue with citizens
    **{endpoint: entry for table in DIALOGUE_TABLES for endpoint, entry in table.ROUTES.items()},
    **{endpoint: entry for table in TEAM_TABLES for endpoint, entry in table.ROUTES.items()},
}
DECLARED = set(PUBLIC) | SELF | set(ROUTES)
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
