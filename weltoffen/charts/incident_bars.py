"""Counts of incidents as horizontal bars (the network's incident statistics).

Same conventions as the other charts (style.py, render.py): `Figure` with an explicit
canvas, never `pyplot`; Okabe–Ito colours; <title> and <desc> inside the SVG;
byte-identical output for identical input. A hidden count (under K, or hidden as its
complement) is None: it has no bar and no number, only the mark "–", so the chart
carries nothing the table beside it does not show."""

from dataclasses import dataclass

from matplotlib.figure import Figure

from .render import draw_svg, tagged_hash
from .style import BAR_IN, FRAME_IN, OKABE_ITO, WIDTH_IN, _wrap

HIDDEN = "–"


@dataclass(frozen=True)
class CountBars:
    """One bar per label; None where the count is not shown."""

    title: str
    description: str
    labels: tuple[str, ...]
    values: tuple[int | None, ...]
    axis_label: str = "Anzahl der Vorfälle"

    def __post_init__(self):
        if len(self.values) != len(self.labels):
            raise ValueError("labels and values differ in length")


def _figure(chart: CountBars) -> Figure:
    n = max(len(chart.labels), 1)
    fig = Figure(figsize=(WIDTH_IN, FRAME_IN + BAR_IN * n * 0.8), dpi=100, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    positions = list(range(len(chart.labels)))
    shown = [v or 0 for v in chart.values]
    ax.barh(positions, shown, height=0.6, color=OKABE_ITO["blue"], zorder=2)
    top = max(shown + [1])
    ax.set_xlim(0, top * 1.08)
    ax.set_ylim(len(chart.labels) - 0.5, -0.5)  # first label on top
    ax.set_yticks(positions, labels=[_wrap(label, 34) for label in chart.labels])
    ax.tick_params(axis="y", length=0)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(chart.axis_label)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    values = ax.secondary_yaxis("right")
    values.set_yticks(positions, labels=[HIDDEN if v is None else str(v) for v in chart.values])
    values.tick_params(length=0, labelsize=11, pad=8)
    values.spines["right"].set_visible(False)
    for tick in values.get_yticklabels():
        tick.set_fontweight("bold")
    fig.suptitle(_wrap(chart.title, 80), fontsize=12, fontweight="bold")
    return fig


def content_hash(chart: CountBars) -> str:
    """As charts.content_hash: equal hashes mean equal files."""
    return tagged_hash(chart, "incident-bars-1")


def svg(chart: CountBars) -> bytes:
    return draw_svg(chart, _figure)
