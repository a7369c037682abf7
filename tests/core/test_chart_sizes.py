"""The phone drawing of every chart kind (`size="narrow"`, charts/sizes.py) as real
matplotlib SVGs: at most 400 CSS px wide, no text under 11 px at that width, still
every label, title and description; the default drawing is the same as before; an
unknown size is refused; and the URL of the narrow drawing."""

import warnings
from datetime import date, timedelta

import pytest

from tests.support import chart_samples as samples
from weltoffen import charts
from weltoffen.charts import escalation, incident_bars, reach, sizes
from weltoffen.platform.svg import narrow_url

#: kind -> (the svg function, a realistic chart, the labels it must show)
KINDS = {
    "score_bars": (charts.svg, samples.SCORE_BARS, samples.FIELDS),
    "radar": (charts.svg, samples.RADAR, samples.FIELDS),
    "distribution": (charts.svg, samples.DISTRIBUTION, samples.FIELDS),
    "trend": (charts.svg, samples.TREND, samples.FIELDS),
    "count_bars": (incident_bars.svg, samples.COUNT_BARS, samples.COUNT_BARS.labels),
    "reach_bars": (reach.svg, samples.REACH_BARS, samples.REACH_BARS.labels),
    "escalation": (escalation.svg, samples.ESCALATION, samples.ESCALATION.levels),
}


@pytest.fixture(params=list(KINDS))
def kind(request):
    return KINDS[request.param]


def test_narrow_drawing_fits_a_phone_and_its_text_stays_legible(kind):
    svg, chart, labels = kind
    data = svg(chart, "narrow")
    assert samples.width_px(data) <= 400
    fonts = samples.font_sizes_px(data)
    assert fonts and min(fonts) >= 11, sorted(fonts)[:3]
    root = samples._root(data)
    assert root.get("role") == "img"
    first, second = list(root)[:2]
    assert first.text == chart.title and second.text == chart.description
    shown = samples.texts(data)
    for label in labels:  # every label, wrapped or in the radar's key
        for word in label.split():
            assert word in shown, (label, word)


def test_narrow_drawing_is_byte_identical_for_identical_input(kind):
    svg, chart, _labels = kind
    again = type(chart)(**{f: getattr(chart, f) for f in chart.__dataclass_fields__})
    assert svg(chart, "narrow") == svg(again, "narrow")


def test_default_drawing_is_the_desktop_one(kind):
    svg, chart, _labels = kind
    default = svg(chart)
    assert svg(chart, "default") == default
    assert samples.width_px(default) == 768  # 8 in, shown at most 800 px wide
    assert svg(chart, "narrow") != default


def test_an_unknown_size_is_refused(kind):
    svg, chart, _labels = kind
    for size in ("wide", "", "NARROW"):
        with pytest.raises(ValueError):
            svg(chart, size)


def test_the_png_of_the_pdf_report_keeps_its_size():
    png = charts.png(samples.SCORE_BARS)
    assert int.from_bytes(png[16:20], "big") == 1600


def test_narrow_drawings_of_sparse_data():
    for data in (
        charts.svg(charts.ScoreBars("T", "D", ("Eins",), (None,)), "narrow"),
        charts.svg(charts.Radar("T", "D", ("A", "B", "C"), (None,) * 3, (None,) * 3, (None,) * 3, (None,) * 3),
                   "narrow"),
        charts.svg(charts.Distribution("T", "D", ("A",), (), ((),), (None,)), "narrow"),
        charts.svg(charts.Trend("T", "D", ("R",), ("A",), ((None,),)), "narrow"),
        charts.svg(charts.Trend("T", "D", tuple(f"Runde {i}" for i in range(6)), ("A",), ((50.0,) * 6,)), "narrow"),
        incident_bars.svg(incident_bars.CountBars("T", "D", (), ()), "narrow"),
        reach.svg(reach.ReachBars("T", "D", ("a",), (None,), (None,)), "narrow"),
    ):
        assert samples.width_px(data) <= 400 and min(samples.font_sizes_px(data)) >= 11


@pytest.mark.parametrize("days", [0, 10, 30, 48, 60, 400, 1100, 2400])
def test_narrow_escalation_has_at_most_three_dates_whatever_the_span(days):
    start = date(2025, 1, 14)
    chart = escalation.Escalation("T", "D", (start, start + timedelta(days=days)), (0, 3),
                                  ("a", "b", "c", "d", "e", "f"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        data = escalation.svg(chart, "narrow")
    dates = [t for t in samples.texts(data).split() if t.count(".") == 2]
    assert 1 <= len(dates) <= 3, dates


def test_the_narrow_url_is_the_same_url_with_the_size():
    assert narrow_url("/x/chart.svg") == "/x/chart.svg?size=narrow"
    assert narrow_url("/x/c.svg?v=ab12&lang=de") == "/x/c.svg?v=ab12&lang=de&size=narrow"
    assert narrow_url("/x/c.svg?size=wide&v=1") == "/x/c.svg?v=1&size=narrow"
    assert sizes.SIZES == ("default", "narrow")
