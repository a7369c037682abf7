"""The comparison page's charts: radar, distributions and trend as pure functions,
the data they get (only what the K rule lets through), and the cacheable route."""

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest

from weltoffen import charts
from weltoffen.benchmark import aggregates, chart_views, groups, services
from weltoffen.selfcheck import services as selfcheck_services

from ..selfcheck.conftest import FULL, MINI, answer

SVG_NS = "{http://www.w3.org/2000/svg}"
LABELS = ("Management und Steuerung", "Beteiligung und Dialog", "Öffnung der Verwaltung")

RADAR = charts.Radar(
    title="Ihre Punkte und das ganze Netzwerk: Iserlohn",
    description="Netzdiagramm. Management und Steuerung: 71 (Median 60)",
    labels=LABELS,
    own=(71.0, None, 100.0),
    median=(60.0, 55.0, None),
    q1=(45.0, 40.0, None),
    q3=(75.0, 70.0, None),
    legend=("Iserlohn", "Median: das ganze Netzwerk", "Mittlere Hälfte"),
)
DISTRIBUTION = charts.Distribution(
    title="Wo Sie stehen: Iserlohn",
    description="Je Handlungsfeld die mittlere Hälfte und der Median jeder Gruppe.",
    labels=LABELS,
    groups=("Mittlere Hälfte: das ganze Netzwerk", "Mittlere Hälfte: Nordrhein-Westfalen"),
    boxes=(((45.0, 60.0, 75.0), (50.0, 62.0, 80.0)), ((40.0, 55.0, 70.0), None), (None, None)),
    own=(71.0, 38.0, None),
    legend=("Iserlohn", "Median"),
)
TREND = charts.Trend(
    title="Ihre Punkte über die Runden: Iserlohn",
    description="Liniendiagramme je Handlungsfeld.",
    rounds=("Selbstcheck 2024", "Selbstcheck 2025", "Selbstcheck 2026"),
    labels=LABELS,
    values=((50.0, 60.0, 71.0), (20.0, None, 40.0), (30.0, 35.0, 45.0)),
    comparable=((True, True, True), (False, False, True), (False, True, True)),
    versions=("1", "2", "2"),
)


def _svg(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own output, parsed to check it is well-formed


def _texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG_NS}text")]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _sub(round_, municipality):
    return next(s for s in round_.submissions if s.municipality_id == municipality.id)


# --- charts as pure functions ---------------------------------------------------------


@pytest.mark.parametrize("chart", [RADAR, DISTRIBUTION, TREND], ids=["radar", "distribution", "trend"])
def test_svg_is_xml_with_title_description_and_labels(chart):
    root = _svg(charts.svg(chart))
    assert root.tag == f"{SVG_NS}svg" and root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG_NS}title" and first.text == chart.title
    assert second.tag == f"{SVG_NS}desc" and second.text == chart.description
    shown = " ".join(_texts(root))  # real text, not glyph paths (labels may wrap)
    for label in LABELS:
        for word in label.split():
            assert word in shown, (label, word)


def test_legends_name_what_is_drawn():
    assert {"Iserlohn", "Median: das ganze Netzwerk", "Mittlere Hälfte"} <= set(_texts(_svg(charts.svg(RADAR))))
    shown = _texts(_svg(charts.svg(DISTRIBUTION)))
    assert {"Iserlohn", "Median", "Mittlere Hälfte: Nordrhein-Westfalen", "71", "38", "–"} <= set(shown)
    trend = _texts(_svg(charts.svg(TREND)))
    assert "Andere Fragebogen-Version (nicht vergleichbar)" in trend
    assert "Neue Fragebogen-Version" in trend
    assert {"Selbstcheck 2024", "Selbstcheck 2026", "71"} <= set(trend)


def test_trend_without_version_change_has_no_such_legend():
    plain = charts.Trend("T", "D", ("A", "B"), ("Eins",), ((10.0, 20.0),))
    shown = _texts(_svg(charts.svg(plain)))
    assert "Punkte" in shown
    assert "Neue Fragebogen-Version" not in shown
    assert "Andere Fragebogen-Version (nicht vergleichbar)" not in shown


def test_trend_never_joins_points_across_a_version_change_or_a_gap():
    assert TREND.joined(0, 0) and TREND.joined(0, 1)  # comparable with the latest all along
    assert not TREND.joined(1, 0)  # a gap in the second round
    assert not TREND.joined(1, 1)
    assert not TREND.joined(2, 0)  # version 1 (not comparable) to version 2
    assert TREND.joined(2, 1)
    same_old_version = charts.Trend("T", "D", ("A", "B", "C"), ("X",), ((1.0, 2.0, 3.0),), ((False, False, True),))
    assert same_old_version.joined(0, 0) and not same_old_version.joined(0, 1)


@pytest.mark.parametrize("chart", [RADAR, DISTRIBUTION, TREND], ids=["radar", "distribution", "trend"])
def test_svg_is_byte_identical_for_identical_input(chart):
    again = type(chart)(**{f: getattr(chart, f) for f in chart.__dataclass_fields__})
    first = charts.svg(chart)
    assert first == charts.svg(again)
    assert b"<dc:date>" not in first
    assert charts.content_hash(chart) == charts.content_hash(again)
    changed = type(chart)(**{**again.__dict__, "title": "Anders"})
    assert charts.svg(changed) != first
    assert charts.content_hash(changed) != charts.content_hash(chart)


@pytest.mark.parametrize("chart", [RADAR, DISTRIBUTION, TREND], ids=["radar", "distribution", "trend"])
def test_png_has_the_requested_size_and_is_deterministic(chart):
    data = charts.png(chart)
    assert _png_size(data)[0] == 1600
    assert data == charts.png(chart)
    assert _png_size(charts.png(chart, width_px=900, height_px=700)) == (900, 700)


def test_charts_refuse_mismatched_lengths():
    with pytest.raises(ValueError):
        charts.Radar("T", "D", ("A", "B"), (1.0,), (1.0, 2.0), (1.0, 2.0), (1.0, 2.0))
    with pytest.raises(ValueError):
        charts.Distribution("T", "D", ("A",), ("G1", "G2"), (((1.0, 2.0, 3.0),),), (1.0,))
    with pytest.raises(ValueError):
        charts.Trend("T", "D", ("R1", "R2"), ("A",), ((1.0,),))


def test_empty_values_still_draw():
    _svg(charts.svg(charts.Radar("T", "D", ("A", "B", "C"), (None,) * 3, (None,) * 3, (None,) * 3, (None,) * 3)))
    _svg(charts.svg(charts.Distribution("T", "D", ("A",), (), ((),), (None,))))
    _svg(charts.svg(charts.Trend("T", "D", ("R",), ("A",), ((None,),))))


# --- the data: only what the K rule lets through ---------------------------------------


def _peer_numbers(chart) -> list[float]:
    if isinstance(chart, charts.Radar):
        values = chart.median + chart.q1 + chart.q3
    else:
        values = tuple(v for row in chart.boxes for box in row if box for v in box)
    return [v for v in values if v is not None]


def _allowed(comparison) -> set[float]:
    return {
        getattr(agg, name)
        for s in comparison.shown
        for agg in comparison.figures.get(s.group.key, {}).values()
        for name in ("q1", "median", "q3")
    }


@pytest.mark.parametrize("kind", ["radar", "distribution"])
@pytest.mark.parametrize("who", ["city", "town"])
def test_charts_get_only_aggregates_of_the_groups_shown(app, round_with_scores, monkeypatch, kind, who):
    """K = 5: the city is alone in its size class (too small); the towns' size class
    differs from the network by one municipality (too close). Only the network shows."""
    round_, towns, city = round_with_scores
    monkeypatch.setitem(app.config, "BENCHMARK_K", 5)
    municipality = city if who == "city" else towns[0]
    sub = _sub(round_, municipality)
    comparison = services.compare(sub, services.chosen_keys(municipality))
    assert [s.group.key for s in comparison.shown] == [groups.NETWORK]
    assert all(len(s.group.members) >= 5 for s in comparison.shown)

    seen = []
    real_compare = services.compare
    monkeypatch.setattr(services, "compare", lambda *a, **kw: seen.append(a) or real_compare(*a, **kw))
    chart = chart_views.build(kind, sub)
    assert seen == [(sub, services.chosen_keys(municipality))], "peer data must come through the K rule"
    peers = _peer_numbers(chart)
    assert peers and set(peers) <= _allowed(comparison)
    assert not set(chart.own) - {s.score for s in sub.scores} - {None}  # the rest is its own

    # the narrower groups are not released at all; what their figures would be differs
    # from the network's, and none of it is used
    own_keys = services.own_groups(sub)
    assert aggregates.for_round(round_.id, [own_keys["size"], own_keys["kind"]]) == {}
    live, scores = aggregates.group_members(round_), aggregates.submitted_scores(round_.id)
    narrower = [aggregates.figures_of(live[key], scores, 1) for key in (own_keys["size"], own_keys["kind"])]
    hidden = {figs[d][n] for figs in narrower for d in figs for n in ("q1", "median", "q3")} - {None}
    if who == "town":  # (the city's groups of one hold only its own score)
        assert hidden - _allowed(comparison), "the test needs figures that only the hidden groups have"
    assert not (hidden - _allowed(comparison)) & set(peers)
    for key in (own_keys["size"], own_keys["kind"]):
        assert groups.label(key) not in chart.description and groups.label(key) not in repr(chart)


def test_with_a_lower_k_the_narrower_group_appears(round_k1):
    """The control for the test above: the data follows the K rule, not a fixed group."""
    round_, towns, city = round_k1
    sub = _sub(round_, towns[0])
    chart = chart_views.build("distribution", sub)
    assert any(groups.label("size:2") in g for g in chart.groups)
    comparison = services.compare(sub, services.chosen_keys(towns[0]))
    assert set(_peer_numbers(chart)) <= _allowed(comparison)


def test_radar_compares_with_the_narrowest_group_shown(round_k1):
    round_, towns, city = round_k1
    sub = _sub(round_, towns[0])
    comparison = services.compare(sub, services.chosen_keys(towns[0]))
    key = chart_views.radar_group(comparison)
    sizes = {s.group.key: len(s.group.members) for s in comparison.shown}
    assert sizes[key] == min(sizes.values())
    chart = chart_views.radar_chart(sub, comparison, groups.label)
    figures = comparison.figures[key]
    dims = sub.questionnaire.dimensions
    assert chart.median == tuple(figures[d["key"]].median for d in dims)
    assert chart.q1 == tuple(figures[d["key"]].q1 for d in dims)
    assert chart.q3 == tuple(figures[d["key"]].q3 for d in dims)


# --- the trend over rounds ------------------------------------------------------------


@pytest.fixture
def two_versions(submitted, db, tmp_path):
    """The self-check of `submitted` (v1), then a later round with mini v2, in which
    the questions of "participation" changed and those of "management" did not."""
    w = submitted
    v2 = tmp_path / "mini.v2.yaml"
    text = MINI.read_text(encoding="utf-8").replace("version: 1", "version: 2")
    text = text.replace(
        'label: {de: "Bürgerhaushalt", en: "Citizens\' budget"}, score: 40',
        ('label: {de: "Bürgerhaushalt", en: "Citizens\' budget"}, score: 45'),
    )
    assert "score: 45" in text
    v2.write_text(text, encoding="utf-8")
    questionnaire, _created = selfcheck_services.load_questionnaire(v2)
    later = selfcheck_services.open_round(
        w.coordinator,
        w.network,
        questionnaire,
        "Selbstcheck 2027",
        date.today(),
        date.today() + timedelta(days=30),
        [w.m.id],
    )
    w.later = later.submissions[0]
    for key, value in FULL.items():
        answer(w.later, w.lead, key, value)
    selfcheck_services.submit(w.later, w.lead)
    db.session.flush()
    return w


def test_trend_marks_fields_asked_differently_in_another_version(two_versions):
    w = two_versions
    view = chart_views.trend_view(w.later)
    assert view.rounds == ["Selbstcheck 2026", "Selbstcheck 2027"]
    assert view.versions == [1, 2] and view.version_changed
    rows = {d["key"]: cells for d, cells in view.rows}
    assert [c.comparable for c in rows["management"]] == [True, True]
    assert [c.comparable for c in rows["participation"]] == [False, True]
    assert view.any_incomparable

    chart = chart_views.trend_chart(w.later, view)
    management, participation = (
        list(chart.labels).index(t) for t in ("Management und Steuerung", "Beteiligung und Dialog")
    )
    assert chart.joined(management, 0)
    assert not chart.joined(participation, 0)
    assert chart.versions == ("1", "2")

    # the earlier round's own page shows no later round
    assert chart_views.trend_view(w.sub).rounds == ["Selbstcheck 2026"]


def test_trend_table_on_the_page_marks_the_version_change(client, login, two_versions):
    w = two_versions
    login(w.lead)
    page = client.get(f"/benchmark/submissions/{w.later.id}")
    assert page.status_code == 200
    html = page.text
    assert "Selbstcheck 2026" in html and "Selbstcheck 2027" in html
    assert re.search(r"kern-table__cell--numeric\">\d+\*</td>", html)  # the marked old score
    assert "Fragebogen-Version 1" in html or "questionnaire version 1" in html
    assert f"/benchmark/submissions/{w.later.id}/charts/trend.svg?v=" in html
    trend = client.get(re.search(r'src="([^"]*/charts/trend\.svg\?v=[0-9a-f]{64})"', html).group(1))
    assert trend.status_code == 200
    assert "Fragebogen-Version" in trend.text or "questionnaire version" in trend.text


# --- the route ----------------------------------------------------------------------------


def _chart_urls(client, sub_id) -> dict[str, str]:
    html = client.get(f"/benchmark/submissions/{sub_id}").text
    found = dict(re.findall(r'src="(?:[^"]*)/charts/(radar|distribution|trend)\.svg\?v=([0-9a-f]{64})"', html))
    return {kind: f"/benchmark/submissions/{sub_id}/charts/{kind}.svg?v={v}" for kind, v in found.items()}


def test_page_shows_each_chart_with_alt_text_and_hash(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="lead"))
    html = client.get(f"/benchmark/submissions/{sub.id}").text
    assert set(_chart_urls(client, sub.id)) == {"radar", "distribution"}  # one round: no trend chart yet
    for img in re.findall(r"<img [^>]*>", html):
        if "/charts/" in img:
            alt = re.search(r'alt="([^"]+)"', img).group(1)
            assert "Tabelle" in alt or "table" in alt
    assert 'style="' not in html and "<script>" not in html


@pytest.mark.parametrize("kind", ["radar", "distribution", "trend"])
def test_chart_route_is_cacheable_by_content(client, login, make, round_with_scores, kind):
    round_, towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="member"))
    url = f"/benchmark/submissions/{sub.id}/charts/{kind}.svg"
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    etag, weak = r.get_etag()
    assert etag and not weak
    assert r.headers["Cache-Control"] == "private, no-cache"  # no (or a stale) v: revalidate
    assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "Cookie" in r.headers["Vary"]
    root = _svg(r.data)
    assert city.name in root.find(f"{SVG_NS}title").text

    again = client.get(url, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304 and again.data == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200

    v = charts.content_hash(chart_views.build(kind, sub))
    fresh = client.get(f"{url}?v={v}")
    assert fresh.headers["Cache-Control"] == "private, max-age=31536000, immutable"
    assert fresh.data == r.data
    assert client.get(f"{url}?v={'0' * 64}").headers["Cache-Control"] == "private, no-cache"


def test_the_page_links_the_current_content_hash(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    sub = _sub(round_, city)
    login(make.user(municipality=city, role="lead"))
    for url in _chart_urls(client, sub.id).values():
        assert client.get(url).headers["Cache-Control"] == "private, max-age=31536000, immutable"


def test_render_cache_draws_each_content_once_per_size(monkeypatch):
    calls = []
    real = charts.svg
    monkeypatch.setattr(charts, "svg", lambda chart, size="default": calls.append(size) or real(chart, size))
    chart = charts.Radar("Nur einmal", "D", ("A", "B", "C"), (1.0, 2.0, 3.0), (None,) * 3, (None,) * 3, (None,) * 3)
    first = chart_views.render(chart)
    assert chart_views.render(charts.Radar(**chart.__dict__)) == first
    assert calls == ["default"]
    assert first[2] == charts.content_hash(chart)
    narrow = chart_views.render(chart, "narrow")  # its own entry, under the same content hash
    assert chart_views.render(chart, "narrow") == narrow and calls == ["default", "narrow"]
    assert narrow[0] != first[0] and narrow[1] != first[1] and narrow[2] == first[2]


def test_other_municipality_cannot_get_the_charts(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(municipality=towns[0], role="lead"))
    for kind in chart_views.KINDS:
        assert client.get(f"/benchmark/submissions/{_sub(round_, city).id}/charts/{kind}.svg").status_code == 403


def test_charts_follow_the_k_rule_over_http(app, client, login, make, round_with_scores, monkeypatch):
    round_, towns, city = round_with_scores
    monkeypatch.setitem(app.config, "BENCHMARK_K", 5)
    login(make.user(municipality=city, role="lead"))
    sub = _sub(round_, city)
    comparison = services.compare(sub, services.chosen_keys(city))
    allowed = {f"{v:.0f}" for v in _allowed(comparison)} | {f"{s.score:.0f}" for s in sub.scores if s.score is not None}
    for kind in ("radar", "distribution"):
        desc = _svg(client.get(f"/benchmark/submissions/{sub.id}/charts/{kind}.svg").data).find(f"{SVG_NS}desc").text
        assert groups.label("size:4") not in desc
        numbers = set(re.findall(r"\b\d+\b", desc)) - {"0", "100"}
        assert numbers <= allowed, numbers - allowed
