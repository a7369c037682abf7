"""The statistics page and its charts through the client: who sees it (the same for
members and staff), htmx fragments, bad input, hidden counts and the chart files."""

import re
import xml.etree.ElementTree as ET

import pytest

from weltoffen.charts import incident_bars

from .statistics_support import network_with_incidents


@pytest.fixture
def stats(make, db):
    network, towns, official = network_with_incidents(make, db)
    return network, towns, official


def url(network, **args):
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/incidents/networks/{network.id}/statistics" + (f"?{query}" if query else "")


def body_of(html: str) -> str:
    start = html.index('id="statistics-body"')
    return html[start:html.index("</main>") if "</main>" in html else None]


def test_members_coordinators_and_admins_see_the_same_page(client, login, make, stats):
    network, towns, _official = stats
    member = make.user(municipality=towns[1], role="member")
    lead = make.user(municipality=towns[2], role="lead")
    coordinator = make.user(network_role="coordinator", network=network)
    admin = make.user(network_role="admin")
    bodies = []
    for user in (member, lead, coordinator, admin):
        login(user)
        r = client.get(url(network, granularity="year", dimension="form"))
        assert r.status_code == 200, user
        bodies.append(body_of(r.get_data(as_text=True)))
    assert all(b == bodies[0] for b in bodies)
    page = bodies[0]
    assert "Hasspostings" in page or "Hate posts" in page
    for town in towns:
        assert town.name not in page


def test_other_networks_staff_and_users_are_refused(client, login, make, stats):
    network, _towns, _official = stats
    other = make.network()
    for user in (make.user(network_role="coordinator", network=other),
                 make.user(municipality=make.municipality(other), role="lead")):
        login(user)
        assert client.get(url(network)).status_code == 403
        assert client.get(f"/incidents/networks/{network.id}/statistics/charts/periods.svg").status_code == 403
    assert client.get("/incidents/networks/999999/statistics").status_code == 404


def test_anonymous_users_go_to_login(client, stats):
    network, _towns, _official = stats
    r = client.get(url(network))
    assert r.status_code == 302 and "/auth/login" in r.headers["Location"]


def test_htmx_gets_the_body_only_and_bad_filters_are_refused(client, login, stats):
    network, towns, official = stats
    login(official)
    r = client.get(url(network, granularity="half", dimension="channel"), headers={"HX-Request": "true"})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "<html" not in html
    assert "H1" in html or "Halbjahr" in html
    assert client.get(url(network, granularity="month")).status_code == 400
    assert client.get(url(network, dimension="municipality")).status_code == 400


def test_hidden_counts_are_marked_and_explained(client, login, stats):
    network, _towns, official = stats
    login(official)
    html = client.get(url(network, granularity="quarter", dimension="form")).get_data(as_text=True)
    assert "nicht ausgewiesen" in html or "Not shown" in html
    assert html.count('<span aria-hidden="true">–</span>') > 0
    # The single attack (under K) is nowhere: the physical row shows only dashes.
    row = re.search(r"Schlagen oder Treten.*?</tr>|Hitting or kicking.*?</tr>", html, re.S).group(0)
    assert re.search(r">\s*1\s*<", row) is None


def test_automatic_granularity_is_said(client, login, stats):
    network, _towns, official = stats
    login(official)
    html = client.get(url(network)).get_data(as_text=True)
    assert 'value="auto" selected' in html


def test_chart_svg_has_title_labels_and_cache_headers(client, login, stats):
    network, _towns, official = stats
    login(official)
    html = client.get(url(network, granularity="year", dimension="type")).get_data(as_text=True)
    src = re.search(r'src="([^"]*/charts/categories\.svg[^"]*)"', html).group(1).replace("&amp;", "&")
    r = client.get(src)
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert "immutable" in r.headers["Cache-Control"] and r.headers["ETag"]
    root = ET.fromstring(r.data)  # noqa: S314 - our own output
    ns = "{http://www.w3.org/2000/svg}"
    assert root.find(f"{ns}title").text.startswith(("Erfasste Vorfälle", "Recorded incidents"))
    text = r.get_data(as_text=True)
    assert "Online" in text
    again = client.get(src, headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    stale = client.get(src.split("&v=")[0] + "&v=old")
    assert stale.headers["Cache-Control"] == "private, no-cache"


def test_chart_is_byte_identical_and_hidden_counts_have_no_bar():
    chart = incident_bars.CountBars("Vorfälle", "Balken", ("A", "B", "C"), (12, None, 7))
    first, second = incident_bars.svg(chart), incident_bars.svg(chart)
    assert first == second
    root = ET.fromstring(first)  # noqa: S314 - our own output
    assert root.get("role") == "img"
    text = first.decode()
    assert "–" in text and "12" in text and "Vorfälle" in text
    assert incident_bars.content_hash(chart) == incident_bars.content_hash(
        incident_bars.CountBars("Vorfälle", "Balken", ("A", "B", "C"), (12, None, 7)))
    with pytest.raises(ValueError):
        incident_bars.CountBars("x", "y", ("A",), (1, 2))


def test_the_page_is_linked_for_members_staff_and_officials(client, login, make, stats):
    network, towns, official = stats
    link = f"/incidents/networks/{network.id}/statistics"
    login(make.user(network_role="coordinator", network=network))
    assert link in client.get(f"/networks/{network.id}").get_data(as_text=True)
    login(make.user(municipality=towns[1], role="member"))
    assert link in client.get("/forum/").get_data(as_text=True)
    login(official)
    assert link in client.get("/incidents/").get_data(as_text=True)


def test_automatic_choice_is_one_grammatical_sentence(client, login, make, stats):
    """The automatic granularity is explained in a whole sentence per choice
    ("Dargestellt nach Jahren", not a label dropped into "nach %s")."""
    network, towns, _official = stats
    login(make.user(municipality=towns[1], role="member", language="de"))
    page = body_of(client.get(url(network)).get_data(as_text=True))
    sentences = ("Dargestellt nach Quartalen:", "Dargestellt nach Halbjahren:", "Dargestellt nach Jahren:")
    assert sum(s in page for s in sentences) == 1
    assert "nach Jahre:" not in page and "nach Quartale:" not in page


def test_narrow_charts_are_phone_sized_cached_per_size_and_bad_sizes_refused(client, login, stats, monkeypatch):
    from tests.support.chart_samples import assert_desktop_sized, assert_phone_sized
    from weltoffen.incidents import statistics_views

    network, _towns, official = stats
    login(official)
    html = client.get(url(network, granularity="year", dimension="type")).get_data(as_text=True)
    narrow = re.findall(r'<source media="\(max-width: 40em\)" srcset="([^"]*/charts/(\w+)\.svg[^"]*)">', html)
    assert sorted(kind for _src, kind in narrow) == ["categories", "periods", "sizes"]
    for src, _kind in narrow:
        default = src.removesuffix("&amp;size=narrow")
        assert default != src and f'<img src="{default}" alt=' in html  # the same URL, and size=narrow
        r = client.get(src.replace("&amp;", "&"))
        assert r.status_code == 200 and "immutable" in r.headers["Cache-Control"]
        assert_phone_sized(r.data)
        assert_desktop_sized(client.get(default.replace("&amp;", "&")).data)
    drawn = []
    real = incident_bars.svg
    monkeypatch.setattr(incident_bars, "svg", lambda chart, size="default": drawn.append(size) or real(chart, size))
    cached = len(statistics_views._SVGS)
    chart = f"/incidents/networks/{network.id}/statistics/charts/periods.svg"
    for bad in ("wide", ""):
        assert client.get(chart, query_string={"size": bad}).status_code == 400
    assert drawn == [] and len(statistics_views._SVGS) == cached
