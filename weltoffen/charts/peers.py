"""The municipality against its peers: radar and distribution (aggregates only)."""

import math
import textwrap
from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from . import sizes
from .style import (
    FRAME_IN,
    GROUP_STYLES,
    GUIDE,
    OWN,
    PEER,
    RADAR_ABOVE_IN,
    RADAR_BELOW_IN,
    RADAR_DIAMETER_IN,
    RADAR_IN,
    ROW_IN,
    TEXT,
    WIDTH_IN,
    _check_lengths,
    _clamp,
    _number,
    _wrap,
)

#: The narrow radar's circle (sizes.py), in inches.
NARROW_RADAR_IN = 2.6
#: Characters per line of a legend entry beside its handle.
NARROW_LEGEND_CHARS = 34
NARROW_KEY_CHARS = 44


@dataclass(frozen=True)
class Radar:
    """Own scores per field of action on the spokes of a radar, against one peer
    group's median and its middle half (first to third quartile) as a band. Holds no
    individual score of anyone else: the peer values are a group's aggregates."""

    title: str
    description: str
    labels: tuple[str, ...]
    own: tuple[float | None, ...]
    median: tuple[float | None, ...]
    q1: tuple[float | None, ...]
    q3: tuple[float | None, ...]
    #: Legend entries: own scores, the peers' median, their middle half.
    legend: tuple[str, str, str] = (
        "Eigene Punkte",
        "Median der Vergleichsgruppe",
        "Mittlere Hälfte (1. bis 3. Quartil)",
    )

    def __post_init__(self):
        _check_lengths(self, ("own", "median", "q1", "q3"), len(self.labels))


@dataclass(frozen=True)
class Distribution:
    """Per field of action, each peer group's middle half (q1 to q3) as a horizontal
    box with its median, and the municipality's own score marked across them."""

    title: str
    description: str
    labels: tuple[str, ...]
    #: Peer group names, one box per group in every field of action.
    groups: tuple[str, ...]
    #: [field][group] = (q1, median, q3), or None where a group has no figure.
    boxes: tuple[tuple[tuple[float, float, float] | None, ...], ...]
    own: tuple[float | None, ...]
    #: Legend entries: own score, median.
    legend: tuple[str, str] = ("Eigene Punkte", "Median")
    axis_label: str = "Punkte (0–100)"

    def __post_init__(self):
        _check_lengths(self, ("boxes", "own"), len(self.labels))
        if any(len(row) != len(self.groups) for row in self.boxes):
            raise ValueError("every field needs one box (or None) per group")


def _narrow_radar_layout(chart: Radar, legend: list[str], height_in: float | None) -> dict:
    """Heights in inches of the narrow radar, top to bottom: title, circle (with room
    for its numbered spokes), legend, and the key of the numbers below."""
    title = _wrap(chart.title, sizes.NARROW_TITLE_CHARS)
    key = "\n".join(
        textwrap.fill(f"{i}  {label}", NARROW_KEY_CHARS, subsequent_indent="     ", break_long_words=False)
        for i, label in enumerate(chart.labels, start=1)
    )
    legend = [sizes.wrap(entry, NARROW_LEGEND_CHARS) for entry in legend]
    title_in = 0.22 * (title.count("\n") + 1) + 0.2
    legend_in = sum(sizes.LINE_IN * (entry.count("\n") + 1) + 0.08 for entry in legend) + 0.15
    key_in = sizes.LINE_IN * (key.count("\n") + 1) + 0.2
    height = height_in or title_in + NARROW_RADAR_IN + 0.6 + legend_in + key_in
    return {"title": title, "key": key, "legend": legend, "height": height, "legend_top": (legend_in + key_in) / height,
            "key_top": key_in / height, "circle_bottom": (legend_in + key_in + 0.3) / height}


def _radar(chart: Radar, height_in: float | None = None, dpi: float = 100, size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    n = max(len(chart.labels), 1)
    has_median = any(v is not None for v in chart.median)
    has_band = any(a is not None and b is not None for a, b in zip(chart.q1, chart.q3, strict=True))
    if narrow:  # numbered spokes and the key of the numbers below (sizes.py)
        legend = [chart.legend[0]] + [chart.legend[1]] * has_median + [chart.legend[2]] * has_band
        layout = _narrow_radar_layout(chart, legend, height_in)
        width, height, diameter = sizes.NARROW_WIDTH_IN, layout["height"], NARROW_RADAR_IN
        bottom = layout["circle_bottom"]
    else:
        width, height = WIDTH_IN, height_in or RADAR_IN
        diameter = max(min(RADAR_DIAMETER_IN, height - RADAR_BELOW_IN - RADAR_ABOVE_IN), 1.0)
        bottom = RADAR_BELOW_IN / height
    # Placed by hand: constrained layout leaves no room for the labels beside a polar
    # axes (it keeps its circle), so long field names would run off the sides.
    fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white")
    ax = fig.add_axes(
        ((width - diameter) / 2 / width, bottom, diameter / width, diameter / height),
        projection="polar",
    )
    ax.set_theta_zero_location("N")
    ax.set_theta_direction(-1)  # clockwise from the top, in reading order
    angles = [2 * math.pi * i / n for i in range(len(chart.labels))]
    closed = angles + angles[:1]

    def ring(values):
        points = [_clamp(v) for v in values]
        return points + points[:1]

    q1, q3 = ring(chart.q1), ring(chart.q3)
    band = [not (math.isnan(a) or math.isnan(b)) for a, b in zip(q1, q3, strict=True)]
    if any(band):
        ax.fill_between(
            closed,
            [0.0 if math.isnan(v) else v for v in q1],
            [0.0 if math.isnan(v) else v for v in q3],
            where=band,
            color=PEER,
            alpha=0.28,
            linewidth=0,
            zorder=2,
        )
    ax.plot(closed, ring(chart.median), color=PEER, linewidth=2, linestyle=(0, (5, 3)), zorder=3)
    ax.plot(closed, ring(chart.own), color=OWN, linewidth=2.5, marker="o", markersize=6, zorder=4)

    ax.set_ylim(0, 100)
    if narrow:  # fewer rings labelled: the circle is small
        ax.set_yticks([20, 40, 60, 80, 100], labels=["", "", "", "", "100"])
    else:
        ax.set_yticks([20, 40, 60, 80, 100], labels=["20", "40", "60", "80", "100"])
    ax.set_rlabel_position(180 / n)
    ax.tick_params(axis="y", labelsize=sizes.font(8, narrow), labelcolor="#3d4452")
    if narrow:
        ax.set_xticks(angles, labels=[str(i) for i in range(1, len(chart.labels) + 1)])
        ax.tick_params(axis="x", pad=4, labelsize=11)
    else:
        ax.set_xticks(angles, labels=[_wrap(label, 18) for label in chart.labels])
        ax.tick_params(axis="x", pad=8, labelsize=9)
    for tick, angle in zip(ax.get_xticklabels(), angles, strict=True):
        side = math.sin(angle)  # clockwise from the top: > 0 on the right
        tick.set_horizontalalignment("left" if side > 0.1 else "right" if side < -0.1 else "center")
    ax.grid(color="#d5d8de", linewidth=0.8)
    ax.spines["polar"].set_color(GUIDE)

    handles = [Line2D([], [], color=OWN, linewidth=2.5, marker="o", label=chart.legend[0])]
    if has_median:  # no peer figures: no legend for them
        handles.append(Line2D([], [], color=PEER, linewidth=2, linestyle=(0, (5, 3)), label=chart.legend[1]))
    if any(band):
        handles.append(Patch(color=PEER, alpha=0.28, label=chart.legend[2]))
    if narrow:
        legend = fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.02, layout["legend_top"]),
                            ncols=1, frameon=False)
        for text, entry in zip(legend.get_texts(), layout["legend"], strict=True):
            text.set_text(entry)
        fig.text(0.04, layout["key_top"], layout["key"], va="top", ha="left", fontsize=sizes.NARROW_MIN_PT,
                 linespacing=1.15)
        fig.suptitle(layout["title"], fontsize=12, fontweight="bold", y=1 - 0.1 / height, va="top")
        return fig
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.1 / height), ncols=1, frameon=False)
    fig.suptitle(_wrap(chart.title, 70), fontsize=12, fontweight="bold", y=1 - 0.12 / height, va="top")
    return fig


def _distribution(chart: Distribution, height_in: float | None = None, dpi: float = 100,
                  size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    groups = max(len(chart.groups), 1)
    if narrow:  # each field's name above its boxes (sizes.py): `above` rows for it
        above = (sizes.LINE_IN * sizes.lines(chart.labels) + 0.08) / ROW_IN
        block = groups + 0.6 + above
        entries = [chart.legend[0], chart.legend[1], *chart.groups]
        legend_in = sum(sizes.LINE_IN * sizes.lines([e], NARROW_LEGEND_CHARS) + 0.08 for e in entries)
        title_in = 0.22 * (_wrap(chart.title, sizes.NARROW_TITLE_CHARS).count("\n") + 1)
        height = height_in or 1.0 + title_in + legend_in + ROW_IN * max(len(chart.labels) * block, 1)
        width = sizes.NARROW_WIDTH_IN
    else:
        above = 0
        block = groups + 0.6  # rows per field, with a gap between fields
        height = height_in or FRAME_IN + 0.3 * (groups + 1) + ROW_IN * max(len(chart.labels) * block, 1)
        width = WIDTH_IN
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    centres = []
    for i, (boxes, own) in enumerate(zip(chart.boxes, chart.own, strict=True)):
        top = i * block + above  # the first box of the field
        centres.append(top + (groups - 1) / 2)
        for j, box in enumerate(boxes):
            if box is None:
                continue
            colour, hatch = GROUP_STYLES[j % len(GROUP_STYLES)]
            low, median, high = (_clamp(v) for v in box)
            width = max(high - low, 0.6)  # a middle half of width 0 still shows
            ax.barh(
                top + j,
                width,
                left=low - (width - (high - low)) / 2,
                height=0.7,
                color=colour,
                alpha=0.55,
                edgecolor=colour,
                hatch=hatch,
                hatchcolor="white",
                hatch_linewidth=1.5,
                linewidth=1,
                zorder=2,
            )
            ax.plot([median, median], [top + j - 0.38, top + j + 0.38], color=TEXT, linewidth=2.2, zorder=3)
        if own is not None:
            x = _clamp(own)
            ax.plot([x, x], [top - 0.5, top + groups - 0.5], color=OWN, linewidth=2, zorder=4)
            ax.plot(
                [x] * groups,
                [top + j for j in range(groups)],
                linestyle="none",
                marker="D",
                markersize=7,
                color=OWN,
                markeredgecolor="white",
                zorder=5,
            )
        if i:
            ax.axhline(top - above - (block - groups - above) / 2 - 0.5, color="#e1e3e8", linewidth=0.8, zorder=1)

    ax.set_xlim(0, 100)
    ax.set_ylim(max(len(chart.labels) - 1, 0) * block + above + groups - 0.4, -0.6)  # first field on top
    if narrow:
        ax.set_xticks(range(0, 101, 25))
        sizes.labels_above(ax, [i * block + above - 0.5 for i in range(len(chart.labels))], chart.labels)
    else:
        ax.set_xticks(range(0, 101, 20))
        ax.set_yticks(centres, labels=[_wrap(label, 30) for label in chart.labels])
    ax.set_xlabel(chart.axis_label)
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    values = ax.secondary_yaxis("right")
    values.set_yticks(centres, labels=["–" if v is None else _number(v) for v in chart.own])
    values.tick_params(length=0, labelsize=11, pad=8, labelcolor=OWN)
    values.spines["right"].set_visible(False)
    for tick in values.get_yticklabels():
        tick.set_fontweight("bold")

    handles = [
        Line2D([], [], color=OWN, linewidth=2, marker="D", markeredgecolor="white", label=chart.legend[0]),
        Line2D([], [], color=TEXT, linewidth=2.2, label=chart.legend[1]),
    ]
    for j, name in enumerate(chart.groups):
        colour, hatch = GROUP_STYLES[j % len(GROUP_STYLES)]
        handles.append(
            Patch(
                facecolor=colour,
                edgecolor=colour,
                alpha=0.55,
                hatch=hatch,
                hatchcolor="white",
                hatch_linewidth=1.5,
                label=name,
            )
        )
    if narrow:
        legend = fig.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False)
        for text in legend.get_texts():
            text.set_text(sizes.wrap(text.get_text(), NARROW_LEGEND_CHARS))
    else:
        fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    fig.suptitle(_wrap(chart.title, sizes.NARROW_TITLE_CHARS if narrow else 70), fontsize=12, fontweight="bold")
    return fig
