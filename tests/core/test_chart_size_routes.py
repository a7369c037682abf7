"""The chart routes with the phone drawing asked for (`?size=narrow`): the same refusals
as without it (tests/core/test_routes.py's table) for every role that must be refused
and for users of another municipality or network, and the login for anonymous users."""

import pytest

from tests.core.test_routes import REFUSED, ROUTES, WHO, _call, _rules, world  # noqa: F401 - world: fixture

#: Every route that serves a chart SVG (charts/sizes.py).
CHART_ENDPOINTS = (
    "selfcheck.result_chart",
    "benchmark.chart",
    "incidents.statistics_chart",
    "incidents.escalation_svg",
    "dialogue.reach_chart",
)


def _narrow(app):
    rules = [r for r in _rules(app) if r.endpoint in CHART_ENDPOINTS]
    assert sorted(r.endpoint for r in rules) == sorted(CHART_ENDPOINTS)
    return rules


def _values(endpoint, w, size="narrow"):
    return {**ROUTES[endpoint][0](w), "size": size}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("size", ["narrow", "wide"])
def test_refused_roles_are_refused_the_narrow_drawing_too(app, client, login, world, who, size):  # noqa: F811
    """A refused user learns nothing from the size either: a bad size is no 400 to them."""
    login(getattr(world, who))
    checked = 0
    for rule in _narrow(app):
        if who not in ROUTES[rule.endpoint][1]:
            continue
        r = _call(client, app, rule, _values(rule.endpoint, world, size), "GET")
        assert r.status_code in REFUSED, f"{who} reached {rule.endpoint}?size={size}: {r.status_code}"
        checked += 1
    if who in ("trust_person", "other_lead", "other_coordinator"):
        assert checked >= 3, who


def test_anonymous_users_are_sent_to_login(app, client, world):  # noqa: F811
    for rule in _narrow(app):
        r = _call(client, app, rule, _values(rule.endpoint, world), "GET")
        assert r.status_code == 302 and "/auth/login" in r.headers["Location"], rule.endpoint
