"""Reach of a process: reach.compute's edge cases, the gap sentence, the chart as real
SVG, the page's table and chart, the participants' form, and who is refused."""

import re
import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import select

from weltoffen.charts import reach as reach_chart
from weltoffen.dialogue import reach
from weltoffen.dialogue.formatting import gap_sentence
from weltoffen.dialogue.models import PopulationShare, ProcessReach

from .reach_support import reach_world, refused


@pytest.fixture
def w(make, db):
    return reach_world(make, db)


def shares(w, db, feature, values):
    for value, percent in values.items():
        db.session.add(PopulationShare(municipality_id=w.m.id, feature=feature, value=value, percent=percent,
                                       source="Melderegister, Stichtag 31.12.2025", year=2025))
    db.session.flush()


def counts(w, db, feature, values):
    for value, count in values.items():
        db.session.add(ProcessReach(process_id=w.process.id, feature=feature, value=value, count=count))
    db.session.flush()


def test_without_population_there_is_no_index_and_no_gap():
    result = reach.compute({"gender": {"female": 30, "male": 10}}, {})
    assert result.index is None and result.gaps == []
    assert [(r.value, r.count, r.share, r.population) for r in result.rows] == [
        ("female", 30, 75.0, None), ("male", 10, 25.0, None)]


def test_shares_that_do_not_add_up_to_100_are_normalised():
    result = reach.compute({"gender": {"female": 50, "male": 50}}, {"gender": {"female": 40.0, "male": 40.0}})
    assert result.index == 100.0


def test_zero_participants_give_no_share_and_no_index():
    result = reach.compute({"age_band": {"18_29": 0}}, {"age_band": {"18_29": 20.0, "30_44": 80.0}})
    assert result.totals == {"age_band": 0}
    assert all(r.share is None for r in result.rows)
    assert result.index is None and result.gaps == []


def test_index_and_gaps_against_the_population():
    result = reach.compute({"age_band": {"18_29": 6, "45_64": 94}}, {"age_band": {"18_29": 17.0, "45_64": 83.0}})
    assert result.index == 89.0
    assert [(g.value, g.share, g.population) for g in result.gaps] == [("18_29", 6.0, 17.0)]


def test_the_gap_sentence_names_group_and_both_shares(app):
    row = reach.Row("age_band", "18_29", 6, 6.0, 17.0)
    with app.test_request_context():
        sentence = gap_sentence(row).replace("\xa0", " ")
        assert sentence == "18 bis 29 Jahre: 6 % der Teilnehmenden, 17 % der Einwohnerschaft"
        assert gap_sentence(reach.Row("district", "Nord", 1, 2.0, 20.0)).startswith("Stadtteil Nord: 2\xa0%")


def test_the_chart_is_real_svg_with_its_accessible_name():
    chart = reach_chart.ReachBars(title="Teilnehmende nach Alter", description="Anteile in Prozent",
                                  labels=("18 bis 29", "30 bis 44"), participants=(6.0, None), residents=(17.0, 20.0))
    body = reach_chart.svg(chart)
    root = ET.fromstring(body)  # noqa: S314 - our own output
    assert root.tag.endswith("svg") and root.get("role") == "img"
    assert root[0].tag.endswith("title") and root[0].text == "Teilnehmende nach Alter"
    assert b"18 bis 29" in body and b"17" in body
    assert reach_chart.svg(chart) == body  # byte-identical for identical input
    with pytest.raises(ValueError):
        reach_chart.ReachBars(title="", description="", labels=("a",), participants=(), residents=(1.0,))


def test_the_page_shows_table_chart_index_and_gaps(client, login, w, db):
    shares(w, db, "age_band", {"18_29": 17.0, "45_64": 83.0})
    counts(w, db, "age_band", {"18_29": 6, "45_64": 94})
    login(w.member)
    html = client.get(f"/dialogue/processes/{w.process.id}/reach").get_data(as_text=True).replace("\xa0", " ")
    assert "89 von 100" in html
    assert "18 bis 29 Jahre: 6 % der Teilnehmenden, 17 % der Einwohnerschaft" in html
    assert f"/dialogue/processes/{w.process.id}/reach/age_band.svg?v=" in html
    assert "<caption" in html and "Melderegister, Stichtag 31.12.2025" in html
    for cell in (">6<", ">94<", ">6 %<", ">17 %<", ">-11,0<", ">+11,0<"):
        assert cell in html, cell
    # gender has no population shares: said so with a link, no chart
    assert f"/dialogue/processes/{w.process.id}/reach/gender.svg" not in html
    assert f'href="/dialogue/municipalities/{w.m.id}/population"' in html


def test_the_chart_route_serves_cached_svg(client, login, w, db):
    shares(w, db, "gender", {"female": 51.0, "male": 49.0})
    counts(w, db, "gender", {"female": 10, "male": 30})
    login(w.lead)
    page = client.get(f"/dialogue/processes/{w.process.id}/reach").get_data(as_text=True)
    url = re.search(r'src="(/dialogue/processes/\d+/reach/gender\.svg\?v=\w+)"', page).group(1)
    r = client.get(url)
    assert r.status_code == 200 and r.mimetype == "image/svg+xml"
    assert r.headers["Cache-Control"].startswith("private") and "immutable" in r.headers["Cache-Control"]
    assert b"<title>" in r.data
    assert client.get(url, headers={"If-None-Match": r.headers["ETag"]}).status_code == 304
    unversioned = client.get(f"/dialogue/processes/{w.process.id}/reach/gender.svg")
    assert unversioned.headers["Cache-Control"] == "private, no-cache"
    assert client.get(f"/dialogue/processes/{w.process.id}/reach/district.svg").status_code == 404


def test_without_population_the_page_says_so(client, login, w, db):
    counts(w, db, "gender", {"female": 10})
    login(w.official)
    html = client.get(f"/dialogue/processes/{w.process.id}/reach").get_data(as_text=True)
    assert "/reach/gender.svg" not in html
    assert f'href="/dialogue/municipalities/{w.m.id}/population"' in html


def test_participants_are_saved_and_bad_counts_keep_every_value(client, login, w, db):
    shares(w, db, "district", {"Nord": 60.0, "Süd": 40.0})
    login(w.member)
    url = f"/dialogue/processes/{w.process.id}/reach"
    r = client.post(url, data={"age_band_18_29": "12", "gender_female": "-3", "district_0": "7"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert 'value="-3"' in html and 'value="12"' in html and 'value="7"' in html
    assert db.session.scalars(select(ProcessReach).where(ProcessReach.process_id == w.process.id)).all() == []
    r = client.post(url, data={"age_band_18_29": "12", "gender_female": "3", "district_1": "7"})
    assert r.status_code == 302
    saved = {(p.feature, p.value, p.count) for p in db.session.scalars(
        select(ProcessReach).where(ProcessReach.process_id == w.process.id))}
    assert saved == {("age_band", "18_29", 12), ("gender", "female", 3), ("district", "Süd", 7)}


@pytest.mark.parametrize("method,suffix", [("GET", ""), ("POST", ""), ("GET", "/gender.svg")])
def test_outsiders_are_refused(client, login, w, method, suffix):
    codes = refused(client, login, w, method, f"/dialogue/processes/{w.process.id}/reach{suffix}")
    assert codes["trust_person"] == codes["coordinator"] == codes["other_lead"] == 404
    assert codes["anonymous"][0] == 302 and "login" in codes["anonymous"][1]


def test_attendance_by_target_group_sums_the_sessions_and_names_missed_groups(client, login, w, db):
    from datetime import date

    from weltoffen.dialogue.models import DialogueSession, SessionAttendance

    w.process.target_groups = ["young_people", "women"]
    for day, young, older in ((1, 7, 20), (8, 5, 18)):
        session = DialogueSession(process_id=w.process.id, title=f"Abend {day}", held_on=date(2026, 5, day),
                                  place="Rathaus", accessibility=[])
        db.session.add(session)
        db.session.flush()
        db.session.add_all([SessionAttendance(session_id=session.id, group_key="young_people", count=young),
                            SessionAttendance(session_id=session.id, group_key="older_people", count=older)])
    db.session.flush()
    groups = {g.group: g for g in reach.attendance_by_group(w.process)}
    assert groups["young_people"].count == 12 and groups["older_people"].count == 38
    assert groups["women"].count == 0 and groups["women"].targeted and not groups["older_people"].targeted
    assert round(groups["young_people"].share, 1) == 24.0
    login(w.member)
    html = client.get(f"/dialogue/processes/{w.process.id}/reach").get_data(as_text=True).replace("\xa0", " ")
    assert 'id="groups-heading"' in html and ">12<" in html and ">38<" in html and ">24 %<" in html
    assert "Frauen: eine Zielgruppe des Prozesses" in html


def test_the_narrow_chart_is_phone_sized_cached_per_size_and_bad_sizes_refused(client, login, w, db, monkeypatch):
    from tests.support.chart_samples import assert_desktop_sized, assert_phone_sized
    from weltoffen.dialogue import reach_views

    shares(w, db, "gender", {"female": 51.0, "male": 49.0})
    counts(w, db, "gender", {"female": 10, "male": 30})
    login(w.lead)
    page = client.get(f"/dialogue/processes/{w.process.id}/reach").get_data(as_text=True)
    url = re.search(r'<img src="(/dialogue/processes/\d+/reach/gender\.svg\?v=\w+)" alt="[^"]+" width="800">',
                    page).group(1)
    assert f'<source media="(max-width: 40em)" srcset="{url}&amp;size=narrow">' in page
    narrow = client.get(f"{url}&size=narrow")
    assert narrow.status_code == 200 and "immutable" in narrow.headers["Cache-Control"]
    assert_phone_sized(narrow.data)
    assert_desktop_sized(client.get(url).data)
    drawn = []
    real = reach_chart.svg
    monkeypatch.setattr(reach_chart, "svg", lambda chart, size="default": drawn.append(size) or real(chart, size))
    cached = len(reach_views._SVGS)
    assert client.get(f"{url}&size=phone").status_code == 400
    assert drawn == [] and len(reach_views._SVGS) == cached
