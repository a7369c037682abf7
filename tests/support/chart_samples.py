"""One realistic chart of every kind (German labels of the real length), for the tests of
the chart sizes (tests/core/test_chart_sizes.py)."""

from datetime import date

from weltoffen import charts
from weltoffen.charts.escalation import Escalation
from weltoffen.charts.incident_bars import CountBars
from weltoffen.charts.reach import ReachBars

FIELDS = (
    "Management und Steuerung",
    "Interkulturelle Öffnung und Antirassismus",
    "Fairer Zugang und Teilhabechancen",
    "Arbeit und wirtschaftliche Entwicklung",
    "Engagement und Beteiligung",
    "Zusammenhalt und Begegnung",
    "Kommunikation und Konfliktmanagement",
    "Beteiligung und Dialog",
    "Schutz von Amts- und Mandatsträger*innen vor Anfeindungen",
)
OWN = (71.0, 38.0, 55.0, None, 82.0, 64.0, 47.0, 90.0, 33.0)

SCORE_BARS = charts.ScoreBars(
    title="Punkte je Handlungsfeld: Iserlohn, Selbstcheck 2026",
    description="Balkendiagramm der Punkte von 0 bis 100 je Handlungsfeld.",
    labels=FIELDS,
    values=OWN,
    previous=(60.0, 40.0, None, 20.0, 75.0, 66.0, 30.0, 85.0, 35.0),
    bands=((0.0, "Am Anfang"), (40.0, "Im Aufbau"), (60.0, "Gut aufgestellt"), (80.0, "Fortgeschritten")),
    legend=("Diese Runde", "Vorherige Runde (andere Fragebogen-Version)"),
)
RADAR = charts.Radar(
    title="Ihre Punkte und die Vergleichsgruppe „Mittelstädte in Nordrhein-Westfalen“: Iserlohn",
    description="Netzdiagramm der Punkte je Handlungsfeld.",
    labels=FIELDS,
    own=OWN,
    median=(60.0, 55.0, 50.0, 45.0, 70.0, 60.0, 52.0, 75.0, 40.0),
    q1=(45.0, 40.0, 35.0, 30.0, 55.0, 50.0, 40.0, 60.0, 30.0),
    q3=(75.0, 70.0, 65.0, 60.0, 85.0, 72.0, 66.0, 88.0, 55.0),
    legend=("Iserlohn", "Median: Mittelstädte in Nordrhein-Westfalen", "Mittlere Hälfte (1. bis 3. Quartil)"),
)
DISTRIBUTION = charts.Distribution(
    title="Wo Sie stehen: Iserlohn",
    description="Je Handlungsfeld die mittlere Hälfte und der Median jeder Gruppe.",
    labels=FIELDS,
    groups=("Mittlere Hälfte: das ganze Netzwerk", "Mittlere Hälfte: Nordrhein-Westfalen"),
    boxes=tuple(((40.0, 55.0, 70.0), (45.0, 60.0, 75.0) if i % 3 else None) for i in range(len(FIELDS))),
    own=OWN,
    legend=("Iserlohn", "Median"),
)
TREND = charts.Trend(
    title="Ihre Punkte über die Runden: Iserlohn",
    description="Liniendiagramme je Handlungsfeld.",
    rounds=("Selbstcheck 2024", "Selbstcheck 2025", "Selbstcheck 2026"),
    labels=FIELDS,
    values=tuple((50.0, 60.0, v) for v in OWN),
    comparable=tuple((i % 2 == 0, True, True) for i in range(len(FIELDS))),
    versions=("1", "2", "2"),
)
COUNT_BARS = CountBars(
    title="Erfasste Vorfälle nach Art der Anfeindung",
    description="Balkendiagramm der Anzahlen.",
    labels=("Beleidigung oder Verleumdung", "Bedrohung", "Sachbeschädigung", "Tätlicher Angriff",
            "Hass und Hetze in sozialen Medien", "Sonstiges"),
    values=(42, 17, None, 6, 58, None),
    axis_label="Anzahl der Vorfälle",
)
REACH_BARS = ReachBars(
    title="Teilnehmende und Einwohnerschaft nach Altersgruppe",
    description="Anteil der Teilnehmenden und der Einwohner*innen je Altersgruppe, in Prozent.",
    labels=("unter 18 Jahre", "18 bis 29 Jahre", "30 bis 44 Jahre", "45 bis 64 Jahre", "65 Jahre und älter",
            "keine Angabe"),
    participants=(4.0, 9.5, 21.0, 38.0, 27.5, None),
    residents=(16.0, 13.0, 18.0, 29.0, 24.0, None),
)
ESCALATION = Escalation(
    title="Eskalation der verknüpften Vorfälle",
    description="Schwere jedes Vorfalls über die Zeit.",
    days=(date(2025, 1, 14), date(2025, 3, 2), date(2025, 6, 20), date(2025, 9, 5), date(2026, 2, 11)),
    severities=(0, 1, 1, 2, 4),
    levels=("Massenzuschrift", "Verletzendes Verhalten", "Bedrohung", "Gezielte Sachbeschädigung",
            "Tätlicher Angriff", "Extreme Gewalt"),
    labels=("1", "2", "3", "4", "5"),
)


# --- measuring an SVG as a browser shows it --------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"
#: CSS px per pt: matplotlib gives an SVG's width in pt (72 per inch), CSS has 96 px per inch.
PX_PER_PT = 96 / 72


def _root(data: bytes):
    import xml.etree.ElementTree as ET

    return ET.fromstring(data)  # noqa: S314 - our own output, parsed to measure it


def width_px(data: bytes) -> float:
    """The SVG's own width in CSS px (its width attribute, in pt)."""
    width = _root(data).get("width")
    assert width.endswith("pt"), width
    return float(width[:-2]) * PX_PER_PT


def font_sizes_px(data: bytes) -> list[float]:
    """The size in CSS px of every <text> when the SVG is shown at its own width:
    font-size in user units times CSS px per user unit (width over the viewBox's)."""
    import re

    root = _root(data)
    scale = width_px(data) / float(root.get("viewBox").split()[2])
    sizes = []
    for text in root.iter(f"{SVG_NS}text"):
        match = re.search(r"font-size:\s*([\d.]+)px", text.get("style", ""))
        assert match, f"a <text> without a font size: {text.get('style')!r}"
        sizes.append(float(match.group(1)) * scale)
    return sizes


def texts(data: bytes) -> str:
    """All the drawn text, tspans included, as one string."""
    return " ".join("".join(t.itertext()) for t in _root(data).iter(f"{SVG_NS}text"))


def assert_phone_sized(data: bytes) -> None:
    """A narrow drawing: at most 400 px wide, no text under 11 px at that width."""
    assert width_px(data) <= 400, width_px(data)
    assert min(font_sizes_px(data)) >= 11, sorted(font_sizes_px(data))[:3]


def assert_desktop_sized(data: bytes) -> None:
    assert width_px(data) == 768, width_px(data)
