"""Charts as pure functions: a small frozen dataclass in, SVG or PNG bytes out.

matplotlib's object API only (`Figure` with an explicit canvas, never `pyplot`),
settings through `matplotlib.rc_context` so no global state changes, DejaVu Sans,
the Okabe–Ito palette (safe for colour-blind readers), and byte-identical output
for identical input: no dates, random ids or version strings in the files. The SVG
carries <title> and <desc> for screen readers; pages still show a data table beside
every chart.
"""

import io
import re
import textwrap
import threading
from dataclasses import dataclass
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

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

RC = {
    # DejaVu Sans (shipped with matplotlib) draws the PNG; SVG viewers without it
    # fall back along matplotlib's sans-serif list (Verdana, Arial, …).
    "font.family": ["DejaVu Sans", "sans-serif"],
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


@dataclass(frozen=True)
class ScoreBars:
    """Scores 0–100 as horizontal bars, one per label (e.g. per field of action)."""

    title: str
    description: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    #: The previous round's values (same order), drawn as a thin marker.
    previous: tuple[float | None, ...] | None = None
    #: (threshold, label) of score bands, drawn as light vertical guide lines.
    bands: tuple[tuple[float, str], ...] = ()
    #: Legend entries (this round, previous round) and the axis label.
    legend: tuple[str, str] = ("Diese Runde", "Vorherige Runde")
    axis_label: str = "Punkte (0–100)"

    def __post_init__(self):
        if len(self.values) != len(self.labels):
            raise ValueError("labels and values differ in length")
        if self.previous is not None and len(self.previous) != len(self.labels):
            raise ValueError("labels and previous differ in length")


def _number(value: float) -> str:
    return f"{value:.0f}"


def _figure(chart: ScoreBars, height_in: float | None = None, dpi: float = 100) -> Figure:
    n = max(len(chart.labels), 1)
    height = height_in or FRAME_IN + BAR_IN * n + (0.35 if chart.previous is not None else 0)
    fig = Figure(figsize=(WIDTH_IN, height), dpi=dpi, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    positions = list(range(len(chart.labels)))

    widths = [0 if v is None else max(0.0, min(100.0, v)) for v in chart.values]
    ax.barh(positions, widths, height=0.6, color=OKABE_ITO["blue"], zorder=2)
    if chart.previous is not None:
        for y, value in zip(positions, chart.previous, strict=True):
            if value is not None:
                ax.plot(
                    [value, value],
                    [y - 0.42, y + 0.42],
                    color=OKABE_ITO["vermillion"],
                    linewidth=2.5,
                    solid_capstyle="butt",
                    zorder=3,
                )

    ax.set_xlim(0, 100)
    ax.set_ylim(len(chart.labels) - 0.5, -0.5)  # first label on top
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(chart.axis_label)
    ax.set_yticks(positions, labels=[textwrap.fill(label, 30) for label in chart.labels])
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    # Score bands: guide lines at their thresholds, their names along the top.
    for threshold, _label in chart.bands:
        if 0 < threshold < 100:
            ax.axvline(threshold, color=GUIDE, linewidth=0.8, linestyle=(0, (4, 3)), zorder=1)
    if chart.bands:
        top = ax.secondary_xaxis("top")
        top.set_xticks([t for t, _ in chart.bands], labels=[label for _, label in chart.bands])
        top.tick_params(length=0, labelsize=8, labelcolor="#3d4452")
        top.spines["top"].set_visible(False)
        for tick in top.get_xticklabels():
            tick.set_horizontalalignment("left")

    # Value labels in their own column right of the bars: never hidden by a marker.
    values = ax.secondary_yaxis("right")
    values.set_yticks(positions, labels=["–" if v is None else _number(v) for v in chart.values])
    values.tick_params(length=0, labelsize=11, pad=8)
    values.spines["right"].set_visible(False)
    for tick in values.get_yticklabels():
        tick.set_fontweight("bold")

    if chart.previous is not None:
        handles = [
            Patch(color=OKABE_ITO["blue"], label=chart.legend[0]),
            Line2D([], [], color=OKABE_ITO["vermillion"], linewidth=2.5, label=chart.legend[1]),
        ]
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    fig.suptitle(chart.title, fontsize=12, fontweight="bold")
    return fig


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def _accessible(svg_bytes: bytes, chart: ScoreBars) -> bytes:
    """<title> and <desc> as the first children of <svg>, and role="img"."""
    match = _SVG_OPEN.search(svg_bytes)
    tag = match.group(0)
    opened = tag[:-1] + b' role="img">'
    inserted = (
        f"\n <title>{escape(chart.title)}</title>\n <desc>{escape(chart.description)}</desc>"
    ).encode()
    return svg_bytes[: match.start()] + opened + inserted + svg_bytes[match.end() :]


def svg(chart: ScoreBars) -> bytes:
    """The chart as a self-contained SVG document (UTF-8)."""
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        fig = _figure(chart)
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart)


def png(chart: ScoreBars, width_px: int = 1600, height_px: int | None = None) -> bytes:
    """The chart as a PNG exactly `width_px` wide (height from the number of bars
    unless `height_px` is given)."""
    if width_px < 100 or (height_px is not None and height_px < 100):
        raise ValueError("a chart needs at least 100 × 100 pixels")
    dpi = width_px / WIDTH_IN  # WIDTH_IN is a power of two: width_px comes out exact
    # Pixel sizes are truncated, so a hair over the exact height keeps rounding out.
    height_in = (height_px + 0.25) / dpi if height_px else None
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        fig = _figure(chart, height_in, dpi)
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()
