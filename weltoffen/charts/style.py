"""Shared look of all charts: palette, fonts, sizes, the render lock and small helpers."""

import math
import textwrap
import threading

from matplotlib import font_manager

from ..platform.pdf import FONT_FILES

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
TEXT = "#1a1a1a"
GUIDE = "#9a9a9a"

#: Layout in inches; PNGs scale it to the requested pixel width.
WIDTH_IN = 8.0
BAR_IN = 0.5
FRAME_IN = 1.6

def _add_fonts() -> None:
    """Make the vendored Fira Sans TTFs (static/vendor/fira/, KERN UX's typeface, the
    same files as the PDFs') known to matplotlib; runs once, when this module loads."""
    for path in FONT_FILES.values():
        font_manager.fontManager.addfont(str(path))


_add_fonts()

RC = {
    # Fira Sans draws the PNG, as the pages and the PDFs; DejaVu Sans (shipped with
    # matplotlib) only the glyphs Fira lacks. SVG viewers without Fira Sans fall back
    # along matplotlib's sans-serif list (Verdana, Arial, …).
    "font.family": ["Fira Sans", "DejaVu Sans", "sans-serif"],
    "font.size": 10,
    "text.color": TEXT,
    "axes.labelcolor": TEXT,
    "axes.edgecolor": GUIDE,
    "xtick.color": TEXT,
    "ytick.color": TEXT,
    "svg.fonttype": "none",  # real <text>: small, searchable, read by assistive technology
    "svg.hashsalt": "weltoffen-charts",  # stable clip-path ids
    "svg.id": None,
    "figure.dpi": 100,
    "savefig.dpi": 100,
}

# rc_context changes matplotlib's process-wide settings for its duration; charts
# are drawn one at a time so concurrent requests never see each other's settings.
_LOCK = threading.Lock()


def _number(value: float) -> str:
    return f"{value:.0f}"


# --- the municipality against its peers (aggregates only) ----------------------------

#: Peers are drawn in orange, the municipality itself in blue, in every chart.
OWN = OKABE_ITO["blue"]
PEER = OKABE_ITO["orange"]
#: Fill and hatch per peer group, so groups differ without relying on colour.
GROUP_STYLES = (
    (OKABE_ITO["orange"], ""),
    (OKABE_ITO["bluish_green"], "///"),
    (OKABE_ITO["reddish_purple"], "..."),
    (OKABE_ITO["yellow"], "xx"),
    (OKABE_ITO["sky_blue"], "\\\\\\"),
)
RADAR_IN = 7.8
#: The radar's circle, and the room below it (labels, legend) and above (labels, title).
RADAR_DIAMETER_IN = 4.9
RADAR_BELOW_IN = 1.55
RADAR_ABOVE_IN = 1.3
ROW_IN = 0.25
PANEL_IN = 2.3


def _check_lengths(chart, names: tuple[str, ...], size: int) -> None:
    for name in names:
        if len(getattr(chart, name)) != size:
            raise ValueError(f"labels and {name} differ in length")


def _wrap(text: str, width: int) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def _clamp(value: float | None) -> float:
    return math.nan if value is None else max(0.0, min(100.0, float(value)))
