"""Escalation over time for a set of linked incidents: the severity of each incident on
the ordered scale, by date. Same conventions as the other charts (Figure with an
explicit canvas, the shared style and lock, <title>/<desc> inside the SVG); kept in
its own module with its own `svg()` because it shows one person's incidents and is
never served from a public cacheable URL."""

import io
from dataclasses import dataclass
from datetime import date

import matplotlib
import matplotlib.dates as mdates
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from . import sizes
from .render import _accessible
from .style import _LOCK, GUIDE, OKABE_ITO, RC, TEXT, WIDTH_IN, _wrap


@dataclass(frozen=True)
class Escalation:
    """Incidents by date with their severity index (0 = least severe), and the names
    of the severity levels from least to most severe."""

    title: str
    description: str
    days: tuple[date, ...]
    severities: tuple[int | None, ...]
    levels: tuple[str, ...]
    #: Short labels next to the points (e.g. "1", "2" matching the table).
    labels: tuple[str, ...] = ()

    def __post_init__(self):
        if len(self.days) != len(self.severities):
            raise ValueError("one severity (or None) per day")
        if self.labels and len(self.labels) != len(self.days):
            raise ValueError("one label per point")


def _escalation(chart: Escalation, height_in: float | None = None, dpi: float = 100,
                size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    figsize = (sizes.NARROW_WIDTH_IN, height_in or 4.6) if narrow else (WIDTH_IN, height_in or 3.8)
    fig = Figure(figsize=figsize, dpi=dpi, layout="constrained", facecolor="white")
    ax = fig.subplots()
    points = [(d, s, chart.labels[i] if chart.labels else "")
              for i, (d, s) in enumerate(zip(chart.days, chart.severities, strict=True)) if s is not None]
    points.sort(key=lambda p: p[0])
    if points:
        xs = [mdates.date2num(p[0]) for p in points]
        ys = [p[1] for p in points]
        ax.plot(xs, ys, color=OKABE_ITO["vermillion"], linewidth=2, marker="o", markersize=7, zorder=3)
        for x, y, label in zip(xs, ys, (p[2] for p in points), strict=True):
            if label:
                ax.annotate(label, (x, y), textcoords="offset points", xytext=(0, 8), ha="center",
                            fontsize=sizes.font(8, narrow), color=TEXT)
        if max(xs) - min(xs) < 1:  # one day only (one incident, or several on the same date)
            ax.set_xlim(xs[0] - 15, xs[0] + 15)
        locator = mdates.AutoDateLocator(minticks=2, maxticks=3) if narrow else mdates.AutoDateLocator(maxticks=8)
        if narrow:  # at most three dates: steps of a month (the 1st) and of a year added
            locator.intervald[mdates.DAILY] = [1, 2, 4, 7, 14, 31]
            locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d.%m.%Y"))
    ax.set_ylim(-0.5, len(chart.levels) - 0.5)
    ax.set_yticks(range(len(chart.levels)), labels=[_wrap(level, 12 if narrow else 22) for level in chart.levels])
    ax.tick_params(labelsize=sizes.font(8, narrow))
    ax.grid(axis="y", color="#e1e3e8", linewidth=0.8, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(GUIDE)
    fig.suptitle(_wrap(chart.title, sizes.NARROW_TITLE_CHARS if narrow else 70), fontsize=12, fontweight="bold")
    return fig


def svg(chart: Escalation, size: str = sizes.DEFAULT) -> bytes:
    """The chart as a self-contained SVG document (UTF-8) with <title> and <desc>."""
    sizes.check(size)
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        fig = _escalation(chart, size=size)
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart)
