"""The coordinators' overview of a network, in SQL aggregates (GROUP BY), never by
loading every row: by municipality only for processes the municipality has published
(live: the municipality made them public); unpublished processes only as network-wide
counts from their release (network_release.py: K rule, released figures). The
per-recommendation facts and flags come from accountability.facts(), as on the team's
pages."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select

from ..benchmark.aggregates import k_value
from ..extensions import db
from ..network.models import Municipality
from . import network_release
from . import network_sql as sql
from .accountability_models import Recommendation
from .models import DialogueProcess
from .network_release import Cell

#: At most this many flagged recommendations are listed by name.
LIST_LIMIT = 50


@dataclass
class Figures:
    recommendations: int = 0
    in_time: int = 0
    decided: int = 0
    median_days: float | None = None
    implemented: int = 0
    overdue: int = 0
    stalled: int = 0

    @property
    def implemented_share(self) -> float | None:
        return self.implemented / self.recommendations if self.recommendations else None


@dataclass
class MunicipalityRow:
    id: int
    name: str
    processes: int
    formats: dict[str, int]
    figures: Figures


@dataclass
class Overview:
    k: int
    #: (format key, published processes, municipalities with them, released unpublished
    #: count or None before the first release / when the release has none of it).
    formats: list[tuple[str, int, int, Cell | None]] = field(default_factory=list)
    municipalities: list[MunicipalityRow] = field(default_factory=list)
    unpublished: dict[str, Cell] = field(default_factory=dict)
    released_at: datetime | None = None
    pending: int = 0
    flagged: list = field(default_factory=list)
    flagged_total: int = 0

    @property
    def suppressed(self) -> list[str]:
        cells = [key for key, cell in self.unpublished.items() if cell.suppressed]
        return cells + [f"format:{key}" for key, _p, _m, cell in self.formats if cell and cell.suppressed]


def overview(network, today: date | None = None) -> Overview:
    today = today or date.today()
    released = network_release.released(network.id)
    result = Overview(k=k_value(), unpublished=released.cells, released_at=released.taken_at,
                      pending=released.pending)

    # formats: published counts live, unpublished from the release
    q = (select(DialogueProcess.format_key, func.count(),
                func.count(func.distinct(DialogueProcess.municipality_id)))
         .where(sql.in_network(network.id), DialogueProcess.published)
         .group_by(DialogueProcess.format_key))
    published = {key: (n, m) for key, n, m in db.session.execute(q)}
    for key in sorted(published.keys() | released.formats.keys()):
        n, m = published.get(key, (0, 0))
        result.formats.append((key, n, m, released.formats.get(key)))

    # published processes by municipality
    rows: dict[int, MunicipalityRow] = {}
    q = (select(Municipality.id, Municipality.name, DialogueProcess.format_key, func.count())
         .join(DialogueProcess, DialogueProcess.municipality_id == Municipality.id)
         .where(Municipality.network_id == network.id, DialogueProcess.published)
         .group_by(Municipality.id, Municipality.name, DialogueProcess.format_key)
         .order_by(Municipality.name, Municipality.id))
    for mid, name, key, count in db.session.execute(q):
        row = rows.setdefault(mid, MunicipalityRow(mid, name, 0, {}, Figures()))
        row.formats[key] = count
        row.processes += count
    f = sql.facts(network.id, today)
    q = select(f.c.municipality_id, *sql.sums(f)).where(f.c.published).group_by(f.c.municipality_id)
    medians = sql.medians(f, f.c.municipality_id, f.c.published)
    for r in db.session.execute(q):
        if r.municipality_id in rows:
            rows[r.municipality_id].figures = Figures(r.n, r.in_time, r.decided, medians.get(r.municipality_id),
                                                      r.implemented, r.overdue, r.stalled)
    result.municipalities = list(rows.values())

    # flagged recommendations of published processes, by municipality
    flag_q = (select(f.c.recommendation_id, f.c.overdue, f.c.stalled, f.c.due_on, Recommendation.number,
                     Recommendation.title, DialogueProcess.id.label("process_id"),
                     DialogueProcess.title.label("process_title"), Municipality.name.label("municipality"))
              .join(Recommendation, Recommendation.id == f.c.recommendation_id)
              .join(DialogueProcess, DialogueProcess.id == f.c.process_id)
              .join(Municipality, Municipality.id == f.c.municipality_id)
              .where(f.c.published, f.c.overdue | f.c.stalled))
    # the first LIST_LIMIT with the total in the same pass over the facts
    result.flagged = list(db.session.execute(
        flag_q.add_columns(func.count().over().label("total"))
        .order_by(Municipality.name, DialogueProcess.title, Recommendation.number).limit(LIST_LIMIT)))
    result.flagged_total = result.flagged[0].total if result.flagged else 0
    return result
