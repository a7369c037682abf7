"""Chart sizes: the default drawing (8 in wide: a desktop page, the PDF) and a narrow
one for phones, served as `?size=narrow` and picked by <picture> on narrow screens.

The narrow drawing is 3.75 in = 270 pt wide, which an SVG shows at 360 CSS px. Its
text is never smaller than 10 pt, 13.3 px at that width (still 11.8 px when a 320 px
phone shrinks it to its column); the layouts differ rather than the text shrinking:
labels above their bars instead of beside them, one column of panels, fewer ticks,
the legend below in one column, a numbered key below a radar."""

import textwrap

from matplotlib.transforms import blended_transform_factory

DEFAULT = "default"
NARROW = "narrow"
SIZES = (DEFAULT, NARROW)

NARROW_WIDTH_IN = 3.75
#: The smallest text of a narrow chart, in points (1 pt = 4/3 CSS px at its own width).
NARROW_MIN_PT = 10.0
#: Characters per line: titles (12 pt bold) and labels (10 pt) across the narrow width.
NARROW_TITLE_CHARS = 32
NARROW_LABEL_CHARS = 40
#: Height of one 10 pt text line, in inches.
LINE_IN = 0.18


def check(size: str) -> bool:
    """True for the narrow drawing; a size that is not known is an error."""
    if size not in SIZES:
        raise ValueError(f"unknown chart size {size!r}")
    return size == NARROW


def font(points: float, narrow: bool) -> float:
    """`points` in the default drawing, at least NARROW_MIN_PT in the narrow one."""
    return max(points, NARROW_MIN_PT) if narrow else points


def wrap(text: str, width: int = NARROW_LABEL_CHARS) -> str:
    return textwrap.fill(text, width, break_long_words=False)


def lines(labels, width: int = NARROW_LABEL_CHARS) -> int:
    """The most lines any of `labels` takes when wrapped (at least one)."""
    return max([wrap(label, width).count("\n") + 1 for label in labels] + [1])


def labels_above(ax, tops, labels, width: int = NARROW_LABEL_CHARS) -> None:
    """Each label left-aligned just above its bar (`tops`: the bars' upper edges in
    data units, on an axis whose first row is on top), instead of a tick label
    beside it that would take half of a narrow chart's width."""
    ax.set_yticks([])
    beside = blended_transform_factory(ax.transAxes, ax.transData)
    for top, label in zip(tops, labels, strict=True):
        ax.text(0, top, wrap(label, width), transform=beside, ha="left", va="bottom", fontsize=NARROW_MIN_PT,
                linespacing=1.15)
