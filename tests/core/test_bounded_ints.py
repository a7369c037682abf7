"""The route walk again, with numbers the database cannot hold: 2**63 and 10**20 in
every <int:> slot of every route answer 404 (no route matches), and the same numbers
in every integer query or form parameter answer 400 – never a 500 (SQLite raised
OverflowError for both before)."""

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from weltoffen.platform.web.bounded import MAX_INT

from .test_routes import PUBLIC, WHO, _methods, _rules, _values, world  # noqa: F401 - world is a fixture

HUGE = (2**63, 10**20)
#: Every integer the views read from the query string or a form (grep `type=int`).
INT_PARAMS = ("page", "rows", "size", "quote", "shown", "network", "other_id", "network_id",
              "submission", "severity", "population", "ids")
#: Pages whose views read one of them (endpoint -> parameter, who reads the page):
#: an out-of-range value is a 400 there.
PAGES = {
    "network.admin_municipalities": ("page", "admin"),
    "network.admin_users": ("page", "admin"),
    "network.overview": ("page", "coordinator"),
    "benchmark.heatmap": ("page", "coordinator"),
    "forum.category": ("page", "member"),
    "forum.topic": ("quote", "member"),
    "forum.search": ("page", "member"),
    "forum.notifications": ("page", "member"),
}


def _int_slots(rule) -> list[str]:
    return [name for name, conv in rule._converters.items() if isinstance(conv, IntegerConverter)]


def _path(app, rule, values) -> str:
    with app.test_request_context():
        return url_for(rule.endpoint, **values).replace("http://weltoffen.test", "")


def test_the_int_converter_is_bounded(app):
    slots = [(rule, name) for rule in _rules(app) for name in _int_slots(rule)]
    assert len(slots) >= 60
    for rule, name in slots:
        assert rule._converters[name].max == MAX_INT, (rule, name)


@pytest.mark.parametrize("who", ["admin", "trust_person"])
def test_huge_ids_in_the_path_are_not_found(app, client, login, world, who):  # noqa: F811 - the fixture imported above
    login(getattr(world, who))
    checked = 0
    for rule in _rules(app):
        for slot in _int_slots(rule):
            for huge in HUGE:
                values = {**_values(rule.endpoint, world), slot: huge}
                path = _path(app, rule, values)
                for method in _methods(rule):
                    r = client.open(path, method=method)
                    assert r.status_code == 404, (who, rule.endpoint, slot, huge, method, r.status_code)
                    checked += 1
    assert checked >= 200


@pytest.mark.parametrize("who", [*WHO, "admin"])
def test_huge_numbers_in_query_and_form_never_fail(app, client, login, world, who):  # noqa: F811 - the fixture imported above
    login(getattr(world, who))
    requests = []  # built first: the POSTs change the world (a deleted row has no id)
    for rule in _rules(app):
        if rule.endpoint in PUBLIC:  # no integers read there (and static files need closing)
            continue
        values = _values(rule.endpoint, world)
        for huge in HUGE:
            params = {name: str(huge) for name in INT_PARAMS}
            for method in _methods(rule):
                if method == "GET":
                    requests.append((rule.endpoint, method, _path(app, rule, {**params, **values}), None))
                else:
                    requests.append((rule.endpoint, method, _path(app, rule, values), params))
    assert len(requests) >= 300
    failed = []
    for endpoint, method, path, data in requests:
        r = client.open(path, method=method, data=data)
        if r.status_code >= 500:
            failed.append((endpoint, method, path, r.status_code))
    assert not failed, (who, failed)


@pytest.mark.parametrize("endpoint", sorted(PAGES))
@pytest.mark.parametrize("huge", [str(2**63), str(10**20), str(-(2**63) - 1), "9" * 5000],
                         ids=["2^63", "10^20", "-2^63-1", "9x5000"])
def test_out_of_range_page_is_a_bad_request(app, client, login, world, endpoint, huge):  # noqa: F811 - the fixture imported above
    param, who = PAGES[endpoint]
    login(getattr(world, who))
    rule = next(r for r in _rules(app) if r.endpoint == endpoint)
    path = _path(app, rule, _values(endpoint, world))
    assert client.get(path, query_string={param: "2"}).status_code == 200
    assert client.get(path, query_string={param: "zwei"}).status_code == 200  # no number: the default
    r = client.get(path, query_string={param: huge})
    assert r.status_code == 400
    assert "<html" in r.text  # the usual error page


@pytest.mark.parametrize("path", [
    "/incidents/99999999999999999999999",
    "/forum/topics/99999999999999999999999",
    "/selfcheck/submissions/99999999999999999999999/result",
    f"/incidents/{'9' * 5000}",
])
def test_the_reported_urls(client, login, world, path):  # noqa: F811 - the fixture imported above
    login(world.trust_person)
    r = client.get(path)
    assert r.status_code == 404 and "<html" in r.text
