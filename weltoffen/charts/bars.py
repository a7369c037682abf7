"""Scores per dimension as horizontal bars (results, PDF report)."""

import textwrap
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import sizes
from .style import BAR_IN, FRAME_IN, GUIDE, OKABE_ITO, WIDTH_IN, _number, _wrap

#: The narrow drawing (sizes.py): a bar, and the gap below it, in inches.
NARROW_BAR_IN = 0.26
NARROW_GAP_IN = 0.14


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


def _score_bars(chart: ScoreBars, height_in: float | None = None, dpi: float = 100,
                size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    n = max(len(chart.labels), 1)
    bar, mark = 0.6, 0.42  # in rows: the bar's height, the previous round's marker half its length
    if narrow:  # each label above its bar: rows of label, bar and gap
        label_in = sizes.LINE_IN * sizes.lines(chart.labels) + 0.1
        row_in = label_in + NARROW_BAR_IN + NARROW_GAP_IN
        bar, label = NARROW_BAR_IN / row_in, label_in / row_in
        mark = bar * 0.72
        title_in = 0.22 * (_wrap(chart.title, sizes.NARROW_TITLE_CHARS).count("\n") + 1)
        frame_in = 1.1 + title_in + (0.95 if chart.bands else 0) + (0.5 if chart.previous is not None else 0)
        height = height_in or frame_in + row_in * n
        width = sizes.NARROW_WIDTH_IN
    else:
        height = height_in or FRAME_IN + BAR_IN * n + (0.35 if chart.previous is not None else 0)
        width = WIDTH_IN
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    positions = list(range(len(chart.labels)))

    widths = [0 if v is None else max(0.0, min(100.0, v)) for v in chart.values]
    ax.barh(positions, widths, height=bar, color=OKABE_ITO["blue"], zorder=2)
    if chart.previous is not None:
        for y, value in zip(positions, chart.previous, strict=True):
            if value is not None:
                ax.plot(
                    [value, value],
                    [y - mark, y + mark],
                    color=OKABE_ITO["vermillion"],
                    linewidth=2.5,
                    solid_capstyle="butt",
                    zorder=3,
                )

    ax.set_xlim(0, 100)
    if narrow:
        ax.set_ylim(len(chart.labels) - 1 + bar / 2 + (1 - bar - label) / 2, -bar / 2 - label)
        ax.set_xticks(range(0, 101, 25))
        sizes.labels_above(ax, [y - bar / 2 - bar * 0.3 for y in positions], chart.labels)
    else:
        ax.set_ylim(len(chart.labels) - 0.5, -0.5)  # first label on top
        ax.set_xticks(range(0, 101, 20))
        ax.set_yticks(positions, labels=[textwrap.fill(label, 30) for label in chart.labels])
    ax.set_xlabel(chart.axis_label)
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
        top.tick_params(length=0, labelsize=sizes.font(8, narrow), labelcolor="#3d4452")
        top.spines["top"].set_visible(False)
        for tick in top.get_xticklabels():
            tick.set_horizontalalignment("left")
            if narrow:  # band names slanted: side by side they would overlap
                tick.set_rotation(40)
                tick.set_rotation_mode("anchor")

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
        fig.legend(handles=handles, loc="outside lower center", ncols=1 if narrow else 2, frameon=False)
    title = _wrap(chart.title, sizes.NARROW_TITLE_CHARS) if narrow else chart.title
    fig.suptitle(title, fontsize=12, fontweight="bold")
    return fig
