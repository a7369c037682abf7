"""Charts are set in Fira Sans (KERN UX's typeface), from the vendored TTFs: the PNG is
drawn with those files, the SVG names the family first."""

import io

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from weltoffen import charts
from weltoffen.charts.style import _LOCK, RC
from weltoffen.platform.pdf import FONT_FILES

CHART = charts.ScoreBars("Punkte je Handlungsfeld", "Balken", ("Öffnung der Verwaltung",), (71.0,))


def test_the_chart_font_resolves_to_the_vendored_fira_sans():
    with _LOCK, matplotlib.rc_context(RC):
        regular = font_manager.findfont(font_manager.FontProperties(family=RC["font.family"]),
                                        fallback_to_default=False)
        bold = font_manager.findfont(font_manager.FontProperties(family=RC["font.family"], weight="bold"),
                                     fallback_to_default=False)
    assert regular == str(FONT_FILES[""])
    assert bold == str(FONT_FILES["B"])


def test_the_png_text_is_drawn_with_fira_sans():
    with _LOCK, matplotlib.rc_context(RC):
        figure = Figure(figsize=(2, 1))
        label = figure.text(0.1, 0.5, "Handlungsfeld")
        FigureCanvasAgg(figure).print_png(io.BytesIO())
        used = font_manager.findfont(label.get_fontproperties())
    assert used == str(FONT_FILES[""])
    assert charts.png(CHART).startswith(b"\x89PNG")


def test_the_svg_names_fira_sans_first():
    svg = charts.svg(CHART).decode()
    assert "font-family: 'Fira Sans', 'DejaVu Sans'" in svg
