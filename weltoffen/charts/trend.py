"""A municipality's scores over the rounds, marking questionnaire-version changes."""

import math
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from . import sizes
from .style import GUIDE, OKABE_ITO, OWN, PANEL_IN, TEXT, WIDTH_IN, _check_lengths, _clamp, _number, _wrap

#: The narrow drawing (sizes.py): a panel's height without its title, in inches, and
#: the characters per line of a round's title and of a legend entry.
NARROW_PANEL_IN = 1.0
NARROW_ROUND_CHARS = 12
NARROW_LEGEND_CHARS = 34


@dataclass(frozen=True)
class Trend:
    """Scores per field of action over rounds, one small panel per field. Points
    from another questionnaire version that are not comparable with the latest round
    are drawn hollow and never joined to comparable points; a dotted line marks where
    the version changes."""

    title: str
    description: str
    rounds: tuple[str, ...]
    labels: tuple[str, ...]
    #: [field][round]; None where there is no score (a gap, never bridged).
    values: tuple[tuple[float | None, ...], ...]
    #: [field][round]: False where the score is not comparable with the latest round.
    comparable: tuple[tuple[bool, ...], ...] | None = None
    #: The questionnaire version of each round.
    versions: tuple[str, ...] | None = None
    #: Legend entries: score, not comparable, change of questionnaire version.
    legend: tuple[str, str, str] = (
        "Punkte",
        "Andere Fragebogen-Version (nicht vergleichbar)",
        "Neue Fragebogen-Version",
    )
    axis_label: str = "Punkte (0–100)"

    def __post_init__(self):
        _check_lengths(self, ("values",), len(self.labels))
        if any(len(row) != len(self.rounds) for row in self.values):
            raise ValueError("every field needs one value (or None) per round")
        if self.comparable is not None and (
            len(self.comparable) != len(self.labels) or any(len(r) != len(self.rounds) for r in self.comparable)
        ):
            raise ValueError("comparable must match values")
        if self.versions is not None and len(self.versions) != len(self.rounds):
            raise ValueError("one version per round")

    def is_comparable(self, field: int, round_: int) -> bool:
        return self.comparable is None or self.comparable[field][round_]

    def joined(self, field: int, round_: int) -> bool:
        """Whether the line runs from round `round_` to the next one: both have a score,
        and they are comparable with each other (same version, or both comparable)."""
        row = self.values[field]
        if row[round_] is None or row[round_ + 1] is None:
            return False
        before, after = self.is_comparable(field, round_), self.is_comparable(field, round_ + 1)
        same_version = self.versions is None or self.versions[round_] == self.versions[round_ + 1]
        return (before and after) or (same_version and before == after)


def _trend(chart: Trend, height_in: float | None = None, dpi: float = 100, size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    n = max(len(chart.labels), 1)
    if narrow:  # one column of wide, low panels (sizes.py)
        ncols, nrows = 1, n
        title_in = 0.22 * (_wrap(chart.title, sizes.NARROW_TITLE_CHARS).count("\n") + 1)
        rounds_in = sizes.LINE_IN * sizes.lines(chart.rounds, NARROW_ROUND_CHARS)
        panels_in = sum(NARROW_PANEL_IN + sizes.LINE_IN * sizes.lines([label]) for label in chart.labels)
        height = height_in or 1.3 + title_in + rounds_in + panels_in
        width = sizes.NARROW_WIDTH_IN
    else:
        ncols = min(3, n)
        nrows = math.ceil(n / ncols)
        height = height_in or 1.6 + PANEL_IN * nrows
        width = WIDTH_IN
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained", facecolor="white")
    axes = fig.subplots(nrows, ncols, squeeze=False, sharex=True, sharey=True)
    rounds = list(range(len(chart.rounds)))
    changes = [
        i + 0.5
        for i in range(len(chart.rounds) - 1)
        if chart.versions is not None and chart.versions[i] != chart.versions[i + 1]
    ]
    marked = False
    for index, ax in enumerate(axes.flat):
        if index >= len(chart.labels):
            ax.set_visible(False)
            continue
        row = chart.values[index]
        for x in changes:
            ax.axvline(x, color=GUIDE, linewidth=1, linestyle=(0, (1, 2)), zorder=1)
        for i in rounds[:-1]:
            if chart.joined(index, i):
                comparable = chart.is_comparable(index, i + 1)
                ax.plot(
                    [i, i + 1],
                    [_clamp(row[i]), _clamp(row[i + 1])],
                    color=OWN if comparable else GUIDE,
                    linewidth=2 if comparable else 1.2,
                    linestyle="-" if comparable else (0, (3, 2)),
                    zorder=2,
                )
        for i, value in zip(rounds, row, strict=True):
            if value is None:
                continue
            y = _clamp(value)
            if chart.is_comparable(index, i):
                ax.plot([i], [y], marker="o", markersize=6, color=OWN, zorder=3)
            else:
                marked = True
                ax.plot(
                    [i],
                    [y],
                    marker="s",
                    markersize=6,
                    markerfacecolor="white",
                    markeredgecolor=OKABE_ITO["vermillion"],
                    markeredgewidth=1.6,
                    zorder=3,
                )
            ax.annotate(
                _number(value), (i, y), textcoords="offset points", xytext=(0, 7), ha="center",
                fontsize=sizes.font(8, narrow), color=TEXT,
            )
        ax.set_title(_wrap(chart.labels[index], sizes.NARROW_LABEL_CHARS if narrow else 28),
                     fontsize=sizes.font(9, narrow), loc="left")
        ax.set_ylim(0, 112)
        ax.set_yticks([0, 50, 100])
        ax.set_xlim(-0.5, max(len(rounds) - 0.5, 0.5))
        ax.tick_params(labelsize=sizes.font(8, narrow))
        if narrow:  # the round titles wrapped, or slanted when there are many
            ax.set_xticks(rounds, labels=[_wrap(r, NARROW_ROUND_CHARS) for r in chart.rounds])
            many = len(rounds) > 3
        else:
            ax.set_xticks(rounds, labels=list(chart.rounds))
            many = len(rounds) > 2
        if many:  # round titles are long: slant them rather than let them overlap
            ax.tick_params(axis="x", labelrotation=35)
            for tick in ax.get_xticklabels():
                tick.set_horizontalalignment("right")
                tick.set_rotation_mode("anchor")
        ax.grid(axis="y", color="#e1e3e8", linewidth=0.8, zorder=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    fig.supylabel(chart.axis_label, fontsize=sizes.font(9, narrow))

    handles = [Line2D([], [], color=OWN, linewidth=2, marker="o", label=chart.legend[0])]
    if marked:
        handles.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="s",
                markerfacecolor="white",
                markeredgecolor=OKABE_ITO["vermillion"],
                markeredgewidth=1.6,
                label=chart.legend[1],
            )
        )
    if changes:
        handles.append(Line2D([], [], color=GUIDE, linewidth=1, linestyle=(0, (1, 2)), label=chart.legend[2]))
    if narrow:
        for handle in handles:
            handle.set_label(sizes.wrap(handle.get_label(), NARROW_LEGEND_CHARS))
        fig.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False, fontsize=sizes.NARROW_MIN_PT)
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=9)
    fig.suptitle(_wrap(chart.title, sizes.NARROW_TITLE_CHARS if narrow else 70), fontsize=12, fontweight="bold")
    return fig
