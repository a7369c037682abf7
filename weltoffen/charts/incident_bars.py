"""Counts of incidents as horizontal bars (the network's incident statistics).

Same conventions as the other charts (style.py, render.py): `Figure` with an explicit
canvas, never `pyplot`; Okabe–Ito colours; <title> and <desc> inside the SVG;
byte-identical output for identical input. A hidden count (under K, or hidden as its
complement) is None: it has no bar and no number, only the mark "–", so the chart
carries nothing the table beside it does not show."""

from dataclasses import dataclass

from matplotlib.figure import Figure

from . import sizes
from .render import draw_svg, tagged_hash
from .style import BAR_IN, FRAME_IN, OKABE_ITO, WIDTH_IN, _wrap

HIDDEN = "–"
#: The narrow drawing (sizes.py): a bar, and the gap below it, in inches.
NARROW_BAR_IN = 0.26
NARROW_GAP_IN = 0.14


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


def _figure(chart: CountBars, size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    n = max(len(chart.labels), 1)
    if narrow:  # each label above its bar (sizes.py)
        label_in = sizes.LINE_IN * sizes.lines(chart.labels) + 0.08
        row_in = label_in + NARROW_BAR_IN + NARROW_GAP_IN
        bar, label = NARROW_BAR_IN / row_in, label_in / row_in
        title_in = 0.22 * (_wrap(chart.title, sizes.NARROW_TITLE_CHARS).count("\n") + 1)
        figsize = (sizes.NARROW_WIDTH_IN, 1.1 + title_in + row_in * n)
    else:
        bar, label = 0.6, 0.0
        figsize = (WIDTH_IN, FRAME_IN + BAR_IN * n * 0.8)
    fig = Figure(figsize=figsize, dpi=100, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    positions = list(range(len(chart.labels)))
    shown = [v or 0 for v in chart.values]
    ax.barh(positions, shown, height=bar, color=OKABE_ITO["blue"], zorder=2)
    top = max(shown + [1])
    ax.set_xlim(0, top * 1.08)
    if narrow:
        ax.set_ylim(len(chart.labels) - 1 + bar / 2 + (1 - bar - label) / 2, -bar / 2 - label)
        sizes.labels_above(ax, [y - bar / 2 - bar * 0.25 for y in positions], chart.labels)
        ax.xaxis.get_major_locator().set_params(integer=True, nbins=4)
    else:
        ax.set_ylim(len(chart.labels) - 0.5, -0.5)  # first label on top
        ax.set_yticks(positions, labels=[_wrap(label, 34) for label in chart.labels])
        ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", length=0)
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
    fig.suptitle(_wrap(chart.title, sizes.NARROW_TITLE_CHARS if narrow else 80), fontsize=12, fontweight="bold")
    return fig


def content_hash(chart: CountBars) -> str:
    """As charts.content_hash: equal hashes mean equal files."""
    return tagged_hash(chart, "incident-bars-1")


def svg(chart: CountBars, size: str = sizes.DEFAULT) -> bytes:
    return draw_svg(chart, _figure, size)
