"""Scores per dimension as horizontal bars (results, PDF report)."""

import textwrap
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import BAR_IN, FRAME_IN, GUIDE, OKABE_ITO, WIDTH_IN, _number


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


def _score_bars(chart: ScoreBars, height_in: float | None = None, dpi: float = 100) -> Figure:
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
