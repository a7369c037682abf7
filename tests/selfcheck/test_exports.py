"""Exports of a self-check: the result chart (SVG/PNG), the PDF report, the CSV of
all answers and the blank questionnaire to print — and who may get each."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from weltoffen import charts
from weltoffen.selfcheck import services

from .conftest import answer

SVG_NS = "{http://www.w3.org/2000/svg}"

CHART = charts.ScoreBars(
    title="Punkte je Handlungsfeld: Iserlohn",
    description="Balkendiagramm. Management und Steuerung: 71 von 100; Beteiligung: –",
    labels=("Management und Steuerung", "Beteiligung & Dialog", "Öffnung der Verwaltung"),
    values=(71.0, None, 100.0),
    previous=(60.0, 45.0, None),
    bands=((0, "Am Anfang"), (40, "Im Aufbau"), (60, "Etabliert"), (80, "Fortgeschritten")),
)


def _svg(data: bytes) -> ET.Element:
    return ET.fromstring(data)  # noqa: S314 - our own output, parsed to check it is well-formed


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _pdf_text(data: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text), len(reader.pages)


# --- charts as pure functions ------------------------------------------------------


def test_svg_is_xml_with_title_description_and_labels():
    data = charts.svg(CHART)
    root = _svg(data)
    assert root.tag == f"{SVG_NS}svg"
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.tag == f"{SVG_NS}title" and first.text == CHART.title
    assert second.tag == f"{SVG_NS}desc" and second.text == CHART.description
    shown = [t.text for t in root.iter(f"{SVG_NS}text")]  # real text, not glyph paths
    for label in CHART.labels + ("Am Anfang", "Fortgeschritten", "71", "–", "Vorherige Runde"):
        assert label in shown, label


def test_svg_is_byte_identical_for_identical_input():
    again = charts.ScoreBars(**{f: getattr(CHART, f) for f in CHART.__dataclass_fields__})
    first, second = charts.svg(CHART), charts.svg(again)
    assert first == second
    assert b"<dc:date>" not in first  # no creation date leaks in
    other = charts.svg(charts.ScoreBars(**{**again.__dict__, "values": (72.0, None, 100.0)}))
    assert other != first


def test_svg_without_previous_round_or_bands():
    data = charts.svg(charts.ScoreBars("T", "D", ("Eins",), (None,)))
    _svg(data)
    assert "Vorherige Runde" not in data.decode()


def test_png_has_the_requested_size_and_is_deterministic():
    data = charts.png(CHART)
    assert _png_size(data)[0] == 1600
    assert data == charts.png(CHART)
    assert _png_size(charts.png(CHART, width_px=1234, height_px=567)) == (1234, 567)
    assert _png_size(charts.png(CHART, width_px=801))[0] == 801


def test_chart_refuses_mismatched_lengths():
    with pytest.raises(ValueError):
        charts.ScoreBars("T", "D", ("A", "B"), (1.0,))


# --- the chart route -----------------------------------------------------------------


def test_chart_route_serves_a_cacheable_svg(client, login, submitted):
    w = submitted
    login(w.member)
    url = f"/selfcheck/submissions/{w.sub.id}/chart.svg"
    r = client.get(url)
    assert r.status_code == 200
    assert r.mimetype == "image/svg+xml"
    etag, weak = r.get_etag()
    assert etag and not weak
    assert len(etag) == 64  # sha256 of the bytes
    assert r.headers["Cache-Control"] == "private, max-age=3600"
    assert r.headers["Content-Security-Policy"].startswith("default-src 'none'")  # no scripts
    root = _svg(r.data)
    desc = root.find(f"{SVG_NS}desc").text
    assert "Management und Steuerung" in desc and "71" in desc
    assert "Beteiligung und Dialog" in desc

    again = client.get(url, headers={"If-None-Match": f'"{etag}"'})
    assert again.status_code == 304
    assert again.data == b""
    assert client.get(url, headers={"If-None-Match": '"other"'}).status_code == 200


def test_chart_follows_the_language(client, login, submitted, make):
    w = submitted
    english = make.user(municipality=w.m, role="member", language="en")
    login(english)
    r = client.get(f"/selfcheck/submissions/{w.sub.id}/chart.svg")
    root = _svg(r.data)
    assert "Management and steering" in root.find(f"{SVG_NS}desc").text
    assert "Iserlohn" in root.find(f"{SVG_NS}title").text


def test_chart_of_a_draft_is_not_found(client, login, selfcheck):
    login(selfcheck.member)
    assert client.get(f"/selfcheck/submissions/{selfcheck.sub.id}/chart.svg").status_code == 404
    assert client.get(f"/selfcheck/submissions/{selfcheck.sub.id}/report.pdf").status_code == 404
    assert client.get("/selfcheck/submissions/999999/chart.svg").status_code == 404


# --- the PDF report ------------------------------------------------------------------


def test_pdf_report_holds_the_whole_result(client, login, submitted):
    w = submitted
    login(w.member)
    r = client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf")
    assert r.status_code == 200
    assert r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF")
    disposition = r.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="selbstcheck-iserlohn-' in disposition
    assert disposition.endswith('.pdf"')
    text, pages = _pdf_text(r.data)
    assert pages >= 2
    assert "Iserlohn" in text
    assert "Selbstcheck 2026" in text
    assert "Management und Steuerung" in text
    assert "Messen Sie Fortschritte." in text  # recommendation of the band (score 71)
    assert "Beraten Sie andere." in text  # participation scored 80
    assert "Ratsbeschluss 2024" in text  # evidence note
    assert "Gibt es ein Leitbild?" in text  # every question with the team answer
    assert "Welche gute Praxis möchten Sie teilen?" in text  # unanswered ones too
    assert f"von {pages}" in text or f"of {pages}" in text  # page x of y
    reader = PdfReader(io.BytesIO(r.data))
    assert "Iserlohn" in reader.metadata.title


def test_pdf_report_is_stable_and_lists_the_action_plan(client, login, submitted, db):
    from weltoffen.selfcheck.models import Measure

    w = submitted
    db.session.add(
        Measure(
            municipality_id=w.m.id,
            questionnaire_slug="mini",
            dimension_key="management",
            title="Leitbild fortschreiben",
            owner="Amt für Integration",
            description="Lang " * 400,
            submission_id=w.sub.id,
        )
    )
    db.session.flush()
    login(w.lead)
    url = f"/selfcheck/submissions/{w.sub.id}/report.pdf"
    first, second = client.get(url), client.get(url)
    assert first.data == second.data
    text, pages = _pdf_text(first.data)
    assert "Leitbild fortschreiben" in text and "Amt für Integration" in text
    assert pages >= 3  # the long description wraps onto further pages


def test_pdf_report_in_english(client, login, submitted, make):
    w = submitted
    login(make.user(municipality=w.m, role="member", language="en"))
    text, _ = _pdf_text(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    assert "Management and steering" in text
    assert "Measure progress." in text
    assert "Page 1 of" in text


def test_previous_round_shows_in_chart_and_report(client, login, make, submitted, db):
    w = submitted
    earlier = services.open_round(
        w.coordinator,
        w.network,
        w.questionnaire,
        "Selbstcheck 2025",
        date.today() - timedelta(days=400),
        date.today() - timedelta(days=300),
        [w.m.id],
    )
    before = earlier.submissions[0]
    then = {"mission": "1", "budget": "no", "languages": "1", "formats": ["youth"]}
    for key, value in then.items():
        answer(before, w.lead, key, value)
    services.submit(before, w.lead)
    db.session.flush()
    login(make.user(municipality=w.m, role="member", language="en"))

    svg = _svg(client.get(f"/selfcheck/submissions/{w.sub.id}/chart.svg").data)
    assert "previous round: 17" in svg.find(f"{SVG_NS}desc").text  # management then: 17
    assert "Previous round" in [t.text for t in svg.iter(f"{SVG_NS}text")]  # the legend
    text, _ = _pdf_text(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    assert "Selbstcheck 2025" in text
    assert "+54" in text and "+50" in text  # 71 − 17 and 80 − 30
    assert "not comparable" not in text


def test_another_questionnaire_version_is_marked_not_comparable(
    client, login, make, submitted, db, tmp_path
):
    w = submitted
    source = Path(__file__).parent / "data" / "mini.v1.yaml"
    other = tmp_path / "mini.v2.yaml"
    other.write_text(
        source.read_text(encoding="utf-8").replace("version: 1", "version: 2"), encoding="utf-8"
    )
    v2, _ = services.load_questionnaire(other)
    earlier = services.open_round(
        w.coordinator,
        w.network,
        v2,
        "Selbstcheck 2025",
        date.today() - timedelta(days=400),
        date.today() - timedelta(days=300),
        [w.m.id],
    )
    before = earlier.submissions[0]
    then = {"mission": "3", "budget": "yes", "languages": "9", "formats": ["assembly"]}
    for key, value in then.items():
        answer(before, w.lead, key, value)
    services.submit(before, w.lead)
    db.session.flush()
    login(make.user(municipality=w.m, role="member", language="en"))

    svg = _svg(client.get(f"/selfcheck/submissions/{w.sub.id}/chart.svg").data)
    shown = [t.text for t in svg.iter(f"{SVG_NS}text")]
    assert "Previous round (other questionnaire version)" in shown
    text, _ = _pdf_text(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    assert "not comparable" in text
    assert "−29" in text  # 71 − 100, shown but marked


# --- who may get what ----------------------------------------------------------------


def _export_urls(sub_id: int) -> list[str]:
    return [
        f"/selfcheck/submissions/{sub_id}/chart.svg",
        f"/selfcheck/submissions/{sub_id}/report.pdf",
        f"/selfcheck/submissions/{sub_id}/answers.csv",
    ]


def test_anonymous_users_are_sent_to_login(client, submitted):
    w = submitted
    for url in _export_urls(w.sub.id) + [f"/selfcheck/questionnaires/{w.questionnaire.id}/print"]:
        r = client.get(url)
        assert r.status_code == 302 and "/auth/login" in r.headers["Location"], url


def test_another_municipality_is_refused(client, login, submitted, make):
    w = submitted
    login(make.user(municipality=w.other, role="lead"))
    for url in _export_urls(w.sub.id):
        assert client.get(url).status_code == 403, url


def test_the_networks_coordinator_gets_the_report(client, login, submitted):
    w = submitted
    login(w.coordinator)
    for url in _export_urls(w.sub.id):
        assert client.get(url).status_code == 200, url
    text, _ = _pdf_text(client.get(_export_urls(w.sub.id)[1]).data)
    assert "Iserlohn" in text


def test_a_coordinator_of_another_network_is_refused(client, login, submitted, make):
    w = submitted
    login(make.user(network_role="coordinator", network=make.network()))
    for url in _export_urls(w.sub.id):
        assert client.get(url).status_code == 403, url


def test_coordinators_do_not_see_drafts(client, login, selfcheck):
    login(selfcheck.coordinator)
    assert client.get(f"/selfcheck/submissions/{selfcheck.sub.id}/chart.svg").status_code == 403


# --- the printable blank questionnaire -------------------------------------------------


def _assert_no_inline_css_or_js(html: str) -> None:
    assert " style=" not in html
    assert "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)", html) is None


def test_print_page_shows_every_question_with_boxes(client, login, selfcheck):
    w = selfcheck
    login(w.member)
    r = client.get(f"/selfcheck/questionnaires/{w.questionnaire.id}/print")
    assert r.status_code == 200
    html = r.data.decode()
    for text in (
        "Gibt es ein Leitbild?",
        "Vom Rat beschlossen",
        "Welche Formate nutzen Sie?",
        "Bürgerrat",
        "vollständig",
        "Sprachen",
        "Beteiligung und Dialog",
    ):
        assert text in html, text
    assert html.count("☐") >= 4 + 2 + 3 + 2 + 3 + 2 + 2 + 3 + 2  # options plus dk/na
    assert 'href="/static/print.css"' in html or "print.css" in html
    _assert_no_inline_css_or_js(html)


def test_print_page_for_one_dimension(client, login, selfcheck):
    w = selfcheck
    login(w.member)
    base = f"/selfcheck/questionnaires/{w.questionnaire.id}/print"
    r = client.get(base + "?dimension=participation")
    assert r.status_code == 200
    html = r.data.decode()
    assert "Welche Formate nutzen Sie?" in html
    assert "Gibt es ein Leitbild?" not in html
    assert client.get(base + "?dimension=unknown").status_code == 404
    assert client.get("/selfcheck/questionnaires/999999/print").status_code == 404


def test_print_page_needs_no_municipality(client, login, make, questionnaire):
    login(make.user(network_role="coordinator", network=make.network()))
    assert client.get(f"/selfcheck/questionnaires/{questionnaire.id}/print").status_code == 200


def test_print_css_hides_the_site_around_the_form(app):
    css = (Path(app.static_folder) / "print.css").read_text(encoding="utf-8")
    assert "@media print" in css
    for selector in (".site-header", ".site-footer", ".demo-banner", ".site-nav"):
        assert selector in css
