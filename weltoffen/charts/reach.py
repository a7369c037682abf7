"""Participants' shares against residents' shares as grouped horizontal bars (reach of a
dialogue process, one chart per feature).

Same conventions as the other charts (style.py, render.py): `Figure` with an explicit
canvas, never `pyplot`; Okabe–Ito colours, residents also hatched so the two bars
differ without colour; <title> and <desc> inside the SVG; byte-identical output for
identical input. A share that is not known (None) has no bar and the mark "–"."""

from dataclasses import dataclass

from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import sizes
from .render import draw_svg, tagged_hash
from .style import FRAME_IN, OKABE_ITO, WIDTH_IN, _wrap

MISSING = "–"
PARTICIPANTS = OKABE_ITO["blue"]
RESIDENTS = OKABE_ITO["vermillion"]  # 3.9:1 against white (orange is too light for an outline)
RESIDENTS_HATCH = "///"
#: Height per label: two bars and the gap between groups.
GROUP_IN = 0.62
#: The narrow drawing (sizes.py): one bar, and the gap below a pair, in inches.
NARROW_BAR_IN = 0.22
NARROW_GAP_IN = 0.14


@dataclass(frozen=True)
class ReachBars:
    """Per label the participants' and the residents' share, 0–100 or None."""

    title: str
    description: str
    labels: tuple[str, ...]
    participants: tuple[float | None, ...]
    residents: tuple[float | None, ...]
    legend: tuple[str, str] = ("Teilnehmende", "Einwohnerschaft")
    axis_label: str = "Anteil in %"

    def __post_init__(self):
        if not (len(self.labels) == len(self.participants) == len(self.residents)):
            raise ValueError("labels, participants and residents differ in length")


def _label(value: float | None) -> str:
    return MISSING if value is None else f"{value:.0f}"


def _figure(chart: ReachBars, size: str = sizes.DEFAULT) -> Figure:
    narrow = sizes.check(size)
    n = max(len(chart.labels), 1)
    if narrow:  # each label above its pair of bars (sizes.py)
        label_in = sizes.LINE_IN * sizes.lines(chart.labels) + 0.08
        row_in = label_in + 2 * NARROW_BAR_IN + NARROW_GAP_IN
        bar, label = NARROW_BAR_IN / row_in, label_in / row_in
        title_in = 0.22 * (_wrap(chart.title, sizes.NARROW_TITLE_CHARS).count("\n") + 1)
        figsize = (sizes.NARROW_WIDTH_IN, 1.5 + title_in + row_in * n)
    else:
        bar, label = 0.36, 0.0
        figsize = (WIDTH_IN, FRAME_IN + 0.35 + GROUP_IN * n)
    fig = Figure(figsize=figsize, dpi=100, layout="constrained", facecolor="white")
    ax = fig.add_subplot()
    positions = list(range(len(chart.labels)))
    mine = [0.0 if v is None else max(0.0, min(100.0, v)) for v in chart.participants]
    theirs = [0.0 if v is None else max(0.0, min(100.0, v)) for v in chart.residents]
    ax.barh([p - bar / 2 for p in positions], mine, height=bar, color=PARTICIPANTS, zorder=2)
    ax.barh([p + bar / 2 for p in positions], theirs, height=bar, color="white", edgecolor=RESIDENTS,
            hatch=RESIDENTS_HATCH, linewidth=1.2, zorder=2)
    top = max(mine + theirs + [10.0])
    limit = min(100.0, top * 1.18 + 2)
    for p, value, shown in zip(positions, chart.participants, mine, strict=True):
        ax.text(shown + limit * 0.01, p - bar / 2, _label(value), va="center", fontsize=sizes.font(9, narrow),
                fontweight="bold")
    for p, value, shown in zip(positions, chart.residents, theirs, strict=True):
        ax.text(shown + limit * 0.01, p + bar / 2, _label(value), va="center", fontsize=sizes.font(9, narrow))
    ax.set_xlim(0, limit)
    if narrow:
        ax.set_ylim(len(chart.labels) - 1 + bar + (1 - 2 * bar - label) / 2, -bar - label)
        sizes.labels_above(ax, [p - bar - bar * 0.25 for p in positions], chart.labels)
        ax.xaxis.get_major_locator().set_params(nbins=4)
    else:
        ax.set_ylim(len(chart.labels) - 0.5, -0.5)  # first label on top
        ax.set_yticks(positions, labels=[_wrap(label, 30) for label in chart.labels])
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(chart.axis_label)
    ax.grid(axis="x", color="#d9d9d9", linewidth=0.6, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [
        Patch(color=PARTICIPANTS, label=chart.legend[0]),
        Patch(facecolor="white", edgecolor=RESIDENTS, hatch=RESIDENTS_HATCH, label=chart.legend[1]),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=1 if narrow else 2, frameon=False)
    fig.suptitle(_wrap(chart.title, sizes.NARROW_TITLE_CHARS if narrow else 80), fontsize=12, fontweight="bold")
    return fig


def content_hash(chart: ReachBars) -> str:
    """As charts.content_hash: equal hashes mean equal files."""
    return tagged_hash(chart, "reach-bars-1")


def svg(chart: ReachBars, size: str = sizes.DEFAULT) -> bytes:
    return draw_svg(chart, _figure, size)
