"""The incident statistics as released figures (platform/releases.py, DESIGN.md
"Released figures"): one subject per network, whose units are the recorded incidents
of the closed quarters the statistics cover, each with the state the counts are made
of (quarter, form, channel, severity, size class). A release is taken only when at
least K incidents joined, left (the window moved on) or changed since the shown one,
and never within K incidents of any earlier release of the network; so no two looks
at the page, before and after one incident, differ.

Evaluated when an incident is recorded or changed (services.record, services.update)
and daily by `flask incidents release` (a quarter closes without anyone writing)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..extensions import db
from ..platform import releases
from . import statistics
from .models import Incident

SUBJECT = "all"


def scope(network_id: int) -> str:
    return f"incidents:{network_id}"


def units(network_id: int, quarters: tuple[str, ...]) -> releases.Units:
    """{incident id: digest of what it adds to the counts} of the network's recorded
    incidents in the quarters (shredded ones included: their statistics columns stay)."""
    t = Incident.__table__.c
    rows = db.session.connection().execute(  # Core, not the ORM: tens of thousands of plain rows
        select(t.id, t.quarter, t.form, t.channel, t.severity, t.size_class)
        .where(t.network_id == network_id, t.status.in_(("open", "closed")), t.quarter.in_(quarters))
    ).fetchall()
    return {row[0]: releases.digest(tuple(row[1:])) for row in rows}


def refresh(network, today: date | None = None, k: int | None = None, now: datetime | None = None):
    """Evaluate the network's statistics for a new release; flushes, never commits."""
    k = statistics.k_value() if k is None else k
    quarters = statistics.closed_quarters(today or date.today())
    where = scope(network.id)
    releases.lock(where)
    return releases.evaluate(
        where, SUBJECT, units(network.id, quarters), lambda: statistics.figures(network, quarters, k), k, now
    )


@dataclass(frozen=True)
class Released:
    """What the page shows: the publication of the shown release (None before the
    first one), when it was taken, how many incidents it counts and what waits."""

    publication: statistics.Publication | None
    taken_at: datetime | None
    n: int
    pending: int


def released(network) -> Released:
    state = releases.current(scope(network.id)).get(SUBJECT)
    if state is None:
        return Released(None, None, 0, 0)
    publication = statistics.publication_of(state.figures) if state.shown and state.figures else None
    return Released(publication, state.taken_at, state.n, state.pending)
