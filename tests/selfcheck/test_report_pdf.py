"""Layout and wording of the self-check report PDF: the table's headings never break
inside a word, the first page holds the key figures, the chart and the start of the
table, the words are the result page's, and the document is tagged (metadata,
bookmarks, Fira Sans)."""

import io
import re
from datetime import date, timedelta

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from weltoffen.platform.pdf import FONT, Document, Metadata, add_fonts, close_fonts
from weltoffen.selfcheck import services

from .conftest import answer
from .test_questionnaire_v2 import V2, _best, _questions

#: The score table's headings in German, each word of them.
HEADING_WORDS = ("Handlungsfeld", "Punktwert", "Stufe", "Sicher", "beantwortet", "Veränderung")


def _pages(data: bytes) -> tuple[PdfReader, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    return reader, [page.extract_text() for page in reader.pages]


@pytest.fixture
def v2_report(client, login, make, db):
    """The report of a fully answered round of the main questionnaire (nine fields of action)."""
    questionnaire, _ = services.load_questionnaire(V2)
    network = make.network()
    town = make.municipality(network)
    lead = make.user(municipality=town, role="lead")
    coordinator = make.user(network_role="coordinator", network=network)
    round_ = services.open_round(coordinator, network, questionnaire, "Selbstcheck v2",
                                 date.today() - timedelta(days=1), date.today() + timedelta(days=30), [town.id])
    sub = round_.submissions[0]
    for q in _questions(questionnaire.definition).values():
        best = _best(q)
        value = "Unser Beispiel" if q["type"] == "text" else (
            best if isinstance(best, list) else str(best).replace(".", ","))
        answer(sub, lead, q["key"], value)
    services.submit(sub, lead)
    db.session.flush()
    login(lead)
    response = client.get(f"/selfcheck/submissions/{sub.id}/report.pdf")
    assert response.status_code == 200
    return questionnaire, response.data


def test_no_heading_of_the_score_table_breaks_inside_a_word(client, login, submitted, v2_report):
    login(submitted.member)
    mini = client.get(f"/selfcheck/submissions/{submitted.sub.id}/report.pdf").data
    for data in (mini, v2_report[1]):
        _reader, pages = _pages(data)
        first = pages[0]
        for word in HEADING_WORDS:
            assert re.search(rf"(?<!\w){word}(?!\w)", first), word
        assert "Punktwe\n" not in first and "Aussagekraf" not in first


def test_the_first_page_holds_the_summary_the_chart_and_the_table(v2_report):
    questionnaire, data = v2_report
    reader, pages = _pages(data)
    first = re.sub(r"\s+", " ", pages[0])
    for text in ("Gesamtwert:", "100 von 100", "Sicher beantwortet:", "Punktwerte je Handlungsfeld",
                 "Handlungsfeld Punktwert Stufe"):
        assert text in first, text
    first_field = questionnaire.dimensions[0]["title"]["de"]
    assert first_field in first  # the table begins on page 1 (it may run on)
    assert len(reader.pages[0].images) == 1  # the chart, on page 1 with nine fields of action
    # Page 1 is filled: its lowest text line sits in the bottom fifth of the page.
    lowest = []
    reader.pages[0].extract_text(visitor_text=lambda text, cm, tm, *_: text.strip() and lowest.append(tm[5]))
    body = [y for y in lowest if y > 20 / 25.4 * 72]  # above the footer
    assert min(body) < 297 / 25.4 * 72 * 0.2


def test_the_report_uses_the_result_pages_words(client, login, submitted, make):
    w = submitted
    login(w.member)
    _reader, pages = _pages(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert "Aussagekraft" not in text
    assert "Sicher beantwortet: 83 %" in text  # as "sicher beantwortet: 83 %" on the result page
    assert "„Sicher beantwortet“ ist der Anteil" in text
    english = make.user(municipality=w.m, role="member", language="en")
    login(english)
    _reader, pages = _pages(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    text = re.sub(r"\s+", " ", " ".join(pages))
    assert "Answered with certainty" in text and "Confidence" not in text


def test_the_report_is_tagged_and_set_in_fira_sans(client, login, submitted):
    w = submitted
    login(w.member)
    reader, _pages_ = _pages(client.get(f"/selfcheck/submissions/{w.sub.id}/report.pdf").data)
    assert reader.metadata["/Title"] == "Bericht zum Selbstcheck: Iserlohn, Selbstcheck 2026"
    assert reader.metadata["/Author"] == "Iserlohn"
    assert reader.trailer["/Root"]["/Lang"] == "de"
    titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
    assert titles[0] == "Iserlohn"
    nested = [entry.title for level in reader.outline if isinstance(level, list) for entry in level
              if not isinstance(entry, list)]
    assert "Punktwerte je Handlungsfeld" in nested and "Maßnahmenplan" in nested
    fonts = {f.get_object()["/BaseFont"] for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("FiraSans" in name or "DejaVu" in name for name in fonts)
    assert any("FiraSans" in name for name in fonts)


# --- the column widths, on their own ---------------------------------------------


@pytest.fixture
def document(app):
    with app.test_request_context():
        from weltoffen.platform.db.columns import utcnow

        pdf = Document(Metadata(title="T", author="A", lang="de", created=utcnow()))
        pdf.add_page()
        yield pdf
        close_fonts(pdf)


def test_columns_are_at_least_as_wide_as_their_widest_word(document):
    rows = [("Handlungsfeld", "Punktwert", "Aussagekraft", "Veränderungsbereitschaft"),
            ("Management und Steuerung", "100", "100 %", "−12")]
    widths = document.column_widths(rows, 9.5, 1.5, grow=0)
    assert sum(widths) == pytest.approx(document.epw)
    document.set_font(FONT, "B", 9.5)
    for width, word in zip(widths[1:], rows[0][1:], strict=True):
        assert width >= document.get_string_width(word) + 3


def test_columns_that_cannot_fit_are_refused(document):
    with pytest.raises(ValueError):
        document.column_widths([("Donaudampfschifffahrtsgesellschaft",) * 6], 12, 1.5)


def test_the_fonts_are_vendored_truetype_files():
    pdf = FPDF(unit="mm")
    add_fonts(pdf)  # from static/vendor/fira/, nothing fetched
    try:
        assert {"firasans", "firasansB", "firasansI"} <= set(pdf.fonts)
        assert pdf.fonts["firasans"].ttfont["name"].getDebugName(1) == "Fira Sans"
    finally:
        close_fonts(pdf)
