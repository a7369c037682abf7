"""Walks app.url_map: every route must be declared here with who may reach it, and
is tested against anonymous users, every role that must be refused, and users of
another municipality or network. A new route without an entry fails the suite."""

from dataclasses import dataclass

import pytest

from weltoffen.auth.services import create_invitation

#: Reachable without login (views marked @public).
PUBLIC = {
    "static": {"filename": "app.css"},
    "home.index": {},
    "home.set_language": {},
    "home.healthz": {},
    "auth.login": {},
    "auth.second_factor": {},
    "auth.logout": {},
    "auth.accept_invitation": {"token": "forged"},
    "auth.request_reset": {},
    "auth.reset_password": {"token": "forged"},
}
#: Logged-in users acting on their own account only (no object in the URL).
SELF = {
    "auth.account",
    "auth.setup_second_factor",
    "auth.new_recovery_codes",
    "auth.disable_second_factor",
}
#: Platform admins only.
ADMIN = {
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
}
#: Routes about one municipality: its people (and the network staff) only.
MUNICIPALITY_VIEW = {
    "network.municipality": lambda w: {"municipality_id": w.m.id},
}
#: Changes to one municipality's team: its leads, its coordinators and admins only.
MUNICIPALITY_MANAGE = {
    "network.invite": lambda w: {"municipality_id": w.m.id},
    "network.revoke_invitation": lambda w: {
        "municipality_id": w.m.id,
        "invitation_id": w.invitation.id,
    },
    "network.remove_membership": lambda w: {
        "municipality_id": w.m.id,
        "membership_id": w.member.memberships[0].id,
    },
}
#: Routes about one network: its coordinators and admins only.
NETWORK = {
    "network.overview": lambda w: {"network_id": w.network.id},
    "network.invite_coordinator": lambda w: {"network_id": w.network.id},
}
DECLARED = (
    set(PUBLIC)
    | SELF
    | set(ADMIN)
    | set(MUNICIPALITY_VIEW)
    | set(MUNICIPALITY_MANAGE)
    | set(NETWORK)
)
REFUSED = {403, 404}


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


@pytest.fixture
def world(make):
    network = make.network()
    m, other_m = make.municipality(network), make.municipality(network)
    lead = make.user(municipality=m, role="lead")
    invitation, _ = create_invitation(lead, "eingeladen@example.org", municipality=m, role="member")
    return World(
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


def _rules(app):
    return list(app.url_map.iter_rules())


def _methods(rule):
    return sorted(rule.methods - {"HEAD", "OPTIONS"})


def _call(client, app, rule, values, method):
    with app.test_request_context():
        from flask import url_for

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
            assert rule.endpoint not in SELF, rule


def _values(endpoint, world):
    for table in (ADMIN, MUNICIPALITY_VIEW, MUNICIPALITY_MANAGE, NETWORK):
        if endpoint in table:
            return table[endpoint](world)
    return PUBLIC.get(endpoint, {})


def test_anonymous_users_are_sent_to_login(app, client, world):
    checked = 0
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:
            continue
        for method in _methods(rule):
            r = _call(client, app, rule, _values(rule.endpoint, world), method)
            assert r.status_code == 302 and "/auth/login" in r.headers["Location"], (rule, method)
            checked += 1
    assert checked >= 20


def _assert_refused(app, client, login, user, endpoints, world, who):
    login(user)
    for rule in _rules(app):
        if rule.endpoint not in endpoints:
            continue
        for method in _methods(rule):
            r = _call(client, app, rule, _values(rule.endpoint, world), method)
            assert r.status_code in REFUSED, (
                f"{who} reached {rule.endpoint} ({method}): {r.status_code}"
            )


@pytest.mark.parametrize("who", ["member", "lead", "official", "trust_person", "coordinator"])
def test_admin_routes_refuse_everyone_but_admins(app, client, login, world, who):
    _assert_refused(app, client, login, getattr(world, who), set(ADMIN), world, who)


@pytest.mark.parametrize("who", ["other_lead", "other_coordinator"])
def test_municipality_routes_refuse_other_municipalities_and_networks(
    app, client, login, world, who
):
    endpoints = set(MUNICIPALITY_VIEW) | set(MUNICIPALITY_MANAGE)
    _assert_refused(app, client, login, getattr(world, who), endpoints, world, who)


@pytest.mark.parametrize("who", ["member", "official", "trust_person"])
def test_team_changes_refuse_non_leads(app, client, login, world, who):
    _assert_refused(app, client, login, getattr(world, who), set(MUNICIPALITY_MANAGE), world, who)


@pytest.mark.parametrize("who", ["member", "lead", "official", "trust_person", "other_coordinator"])
def test_network_routes_refuse_municipal_roles_and_other_networks(app, client, login, world, who):
    _assert_refused(app, client, login, getattr(world, who), set(NETWORK), world, who)


@pytest.mark.parametrize("who", ["member", "lead", "coordinator", "admin"])
def test_allowed_users_reach_their_pages(app, client, login, world, who):
    login(getattr(world, who))
    pages = {
        "member": [f"/municipalities/{world.m.id}"],
        "lead": [f"/municipalities/{world.m.id}"],
        "coordinator": [f"/networks/{world.network.id}", f"/municipalities/{world.m.id}"],
        "admin": ["/admin/", f"/networks/{world.network.id}", f"/municipalities/{world.m.id}"],
    }[who]
    for path in pages:
        assert client.get(path).status_code == 200, (who, path)


def test_every_post_route_requires_a_csrf_token(app, client, login, world, csrf):
    login(world.admin)
    checked = 0
    for rule in _rules(app):
        if "POST" not in rule.methods:
            continue
        r = _call(client, app, rule, _values(rule.endpoint, world), "POST")
        assert r.status_code == 400, (rule.endpoint, r.status_code)
        checked += 1
    assert checked >= 15
