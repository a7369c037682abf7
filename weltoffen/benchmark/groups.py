"""Peer groups from municipality attributes (state, size class, kind, band of the
share of foreign-born residents), named groups, and the whole network."""

from flask_babel import lazy_gettext as _l

from ..network.labels import KIND_LABELS
from ..network.models import STATES
from ..network.sizes import SIZE_BOUNDS, SIZE_LABELS, size_class  # noqa: F401 - an attribute of the groups

NETWORK = "network"
#: Upper bounds (percent) of the bands of the share of foreign-born residents.
FOREIGN_BOUNDS = (10, 20, 30)
FOREIGN_LABELS = (
    _l("under 10 percent born abroad"),
    _l("10 to 20 percent born abroad"),
    _l("20 to 30 percent born abroad"),
    _l("30 percent or more born abroad"),
)
ATTRIBUTES = ("state", "size", "kind", "foreign")


def _band(value: float, bounds: tuple) -> int:
    for i, bound in enumerate(bounds):
        if value < bound:
            return i
    return len(bounds)


def foreign_band(share: float) -> int:
    return _band(share, FOREIGN_BOUNDS)


def attribute_keys(state: str, kind: str, population: int, foreign_born_share: float) -> dict[str, str]:
    """The attribute groups a municipality belongs to: {attribute: group key}."""
    return {
        "state": f"state:{state}",
        "size": f"size:{size_class(population)}",
        "kind": f"kind:{kind}",
        "foreign": f"foreign:{foreign_band(foreign_born_share)}",
    }


def label(key: str, named: dict[int, str] | None = None) -> str:
    """A group key as words, e.g. "Nordrhein-Westfalen" or "20,000 to 100,000 inhabitants"."""
    if key == NETWORK:
        return str(_l("the whole network"))
    kind, _, value = key.partition(":")
    if kind == "state":
        return STATES.get(value, value)
    if kind == "size":
        return str(SIZE_LABELS[int(value)])
    if kind == "kind":
        return str(KIND_LABELS.get(value, value))
    if kind == "foreign":
        return str(FOREIGN_LABELS[int(value)])
    if kind == "named":
        return (named or {}).get(int(value), key)
    return key
