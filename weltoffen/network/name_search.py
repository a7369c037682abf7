"""Municipalities found by (part of) their name. Every name is stored normalised in
`Municipality.search_name` (lower case, umlauts as ae/oe/ue, ß as ss, other accents and
punctuation dropped) and the typed text is normalised the same way, so "Münster",
"muenster" and "MÜNSTER " find the same place. A contains match (LIKE on the
normalised column, names starting with the text first) over one network's rows: the
index (network_id, search_name) covers the filter, so a national network of ~10,800
municipalities is scanned in milliseconds (measured: bench/name_search.py)."""

from dataclasses import dataclass

from sqlalchemy import case, select

from ..extensions import db
from .models import Municipality
from .names import normalise

#: Fewer characters than this find nothing (two letters already narrow a nation down).
MIN_LENGTH = 2


@dataclass(frozen=True)
class Found:
    municipality: Municipality
    #: Name of the Landkreis the municipality belongs to, when the network has it.
    kreis: str | None


def search(network_id: int, text: str, exclude=None, limit: int = 10) -> tuple[list[Found], bool]:
    """Up to `limit` of the network's municipalities whose name contains `text` (or
    whose AGS starts with it, when it is digits), those starting with it first; and
    whether there are more. `exclude` is a subquery of municipality ids to leave out."""
    needle = normalise(text)
    if len(needle) < MIN_LENGTH:
        return [], False
    # the needle holds only [a-z0-9 ]: no LIKE wildcard to escape
    match = Municipality.search_name.like(f"%{needle}%")
    if needle.isdigit():
        match = match | Municipality.ags.like(f"{needle}%")
    query = select(Municipality).where(Municipality.network_id == network_id, match)
    if exclude is not None:
        query = query.where(Municipality.id.not_in(exclude))
    starts = case((Municipality.search_name.like(f"{needle}%"), 0), else_=1)
    rows = list(db.session.scalars(query.order_by(starts, Municipality.name, Municipality.ags).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    kreise = _kreise(network_id, rows)
    return [Found(m, kreise.get(m.ags[:5])) for m in rows], more


def _kreise(network_id: int, rows: list[Municipality]) -> dict[str, str]:
    """The Landkreis of each kreisangehörige municipality (AGS digits 1-5), by name."""
    keys = {m.ags[:5] + "000" for m in rows if m.kind in ("gemeinde", "stadt") and not m.ags.endswith("000")}
    if not keys:
        return {}
    found = db.session.execute(
        select(Municipality.ags, Municipality.name).where(
            Municipality.network_id == network_id, Municipality.kind == "landkreis", Municipality.ags.in_(keys)
        )
    )
    return {ags[:5]: name for ags, name in found}
