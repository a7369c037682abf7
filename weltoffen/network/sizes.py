"""Size classes of municipalities by population: one rule for peer groups, the
incident statistics, practice matching and the start pages."""

from bisect import bisect_right

from flask_babel import lazy_gettext as _l

#: Upper bounds of the size classes (population); the last class is open.
SIZE_BOUNDS = (5_000, 20_000, 100_000, 500_000)
SIZE_LABELS = (
    _l("under 5,000 inhabitants"),
    _l("5,000 to 20,000 inhabitants"),
    _l("20,000 to 100,000 inhabitants"),
    _l("100,000 to 500,000 inhabitants"),
    _l("over 500,000 inhabitants"),
)


def size_class(population: int) -> int:
    """The index of the size class of `population` (0 = under 5,000)."""
    return bisect_right(SIZE_BOUNDS, population)
