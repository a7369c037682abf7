"""The coordinators' overview of a network, in SQL aggregates (GROUP BY), never by
loading every row: by municipality only for processes the municipality has published;
unpublished processes only as network-wide counts under the K rule (a figure to which
fewer than K municipalities contribute is suppressed, 0 excepted). Per-recommendation
facts and flags come from accountability.facts(), as on the team's pages."""

import statistics
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Integer, and_, case, cast, func, select

from ..benchmark.aggregates import k_value
from ..extensions import db
from ..network.models import Municipality
from . import accountability
from .accountability_models import Recommendation
from .models import DialogueProcess

#: At most this many flagged recommendations are listed by name.
LIST_LIMIT = 200


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
class Cell:
    """A count under the K rule: value None when suppressed."""

    value: float | int | None
    contributors: int

    @property
    def suppressed(self) -> bool:
        return self.value is None


@dataclass
class Overview:
    k: int
    formats: list[tuple[str, int, int, Cell]] = field(default_factory=list)
    municipalities: list[MunicipalityRow] = field(default_factory=list)
    unpublished: dict[str, Cell] = field(default_factory=dict)
    flagged: list = field(default_factory=list)
    flagged_total: int = 0

    @property
    def suppressed(self) -> list[str]:
        cells = [key for key, cell in self.unpublished.items() if cell.suppressed]
        return cells + [f"format:{key}" for key, _p, _m, cell in self.formats if cell.suppressed]


def _postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def _days(later, earlier):
    if _postgres():
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def _cell(value, contributors: int, k: int) -> Cell:
    return Cell(value if (contributors == 0 or contributors >= k) else None, contributors)


def _facts(network_id: int, today: date):
    members = select(Municipality.id).where(Municipality.network_id == network_id)
    return accountability.facts(today).where(DialogueProcess.municipality_id.in_(members)).subquery("f")


def _sums(f):
    in_time = and_(f.c.decided_on.is_not(None), f.c.due_on.is_not(None), f.c.decided_on <= f.c.due_on)

    def n(cond):
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    return in_time, [func.count().label("n"), n(in_time).label("in_time"),
                     func.count(f.c.decided_on).label("decided"), n(f.c.implemented).label("implemented"),
                     n(f.c.overdue).label("overdue"), n(f.c.stalled).label("stalled")]


def _medians(f, group, where) -> dict:
    """{group value: median days from the vote to the first deciding response}."""
    days = _days(f.c.decided_on, f.c.voted_on)
    cond = and_(where, f.c.decided_on.is_not(None), f.c.voted_on.is_not(None))
    if _postgres():
        q = select(group, func.percentile_cont(0.5).within_group(days)).where(cond).group_by(group)
        return {key: float(m) for key, m in db.session.execute(q)}
    hist: dict = {}
    q = select(group, days, func.count()).where(cond).group_by(group, days)
    for key, d, count in db.session.execute(q):
        hist.setdefault(key, []).append((d, count))
    return {key: _median_of(pairs) for key, pairs in hist.items()}


def _median_of(pairs: list[tuple[int, int]]) -> float:
    values = sorted(pairs)
    total = sum(c for _d, c in values)
    picks = []
    for target in sorted({(total - 1) // 2, total // 2}):
        seen = 0
        for d, c in values:
            seen += c
            if seen > target:
                picks.append(d)
                break
    return float(statistics.mean(picks))


def overview(network, today: date | None = None) -> Overview:
    today = today or date.today()
    k = k_value()
    result = Overview(k=k)
    members = select(Municipality.id).where(Municipality.network_id == network.id)
    in_network = DialogueProcess.municipality_id.in_(members)

    # formats: published counts openly, unpublished under the K rule
    q = (select(DialogueProcess.format_key,
                func.count(case((DialogueProcess.published, 1))),
                func.count(func.distinct(case((DialogueProcess.published, DialogueProcess.municipality_id)))),
                func.count(case((~DialogueProcess.published, 1))),
                func.count(func.distinct(case((~DialogueProcess.published, DialogueProcess.municipality_id)))))
         .where(in_network).group_by(DialogueProcess.format_key).order_by(DialogueProcess.format_key))
    for key, pub, pub_m, unpub, unpub_m in db.session.execute(q):
        result.formats.append((key, pub, pub_m, _cell(unpub, unpub_m, k)))

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
    f = _facts(network.id, today)
    in_time, sums = _sums(f)
    q = select(f.c.municipality_id, *sums).where(f.c.published).group_by(f.c.municipality_id)
    medians = _medians(f, f.c.municipality_id, f.c.published)
    for r in db.session.execute(q):
        if r.municipality_id in rows:
            rows[r.municipality_id].figures = Figures(r.n, r.in_time, r.decided, medians.get(r.municipality_id),
                                                      r.implemented, r.overdue, r.stalled)
    result.municipalities = list(rows.values())

    # unpublished processes: network-wide counts, each figure under the K rule
    q = select(func.count(), func.count(func.distinct(DialogueProcess.municipality_id))).where(
        in_network, ~DialogueProcess.published)
    processes, with_processes = db.session.execute(q).one()
    result.unpublished["municipalities"] = _cell(with_processes, with_processes, k)
    result.unpublished["processes"] = _cell(processes, with_processes, k)

    def distinct_m(cond=None):
        return func.count(func.distinct(case((cond, f.c.municipality_id)) if cond is not None
                                        else f.c.municipality_id))

    q = select(*sums, distinct_m(), distinct_m(in_time), distinct_m(f.c.decided_on.is_not(None)),
               distinct_m(f.c.implemented), distinct_m(f.c.overdue), distinct_m(f.c.stalled)).where(~f.c.published)
    r = db.session.execute(q).one()
    n, t, decided, impl, over, stall, m_all, m_time, m_decided, m_impl, m_over, m_stall = r
    median = _medians(f, f.c.published, ~f.c.published).get(False)
    result.unpublished["recommendations"] = _cell(n, m_all, k)
    result.unpublished["in_time"] = _cell(t, m_time, k)
    result.unpublished["median_days"] = _cell(median, m_decided, k)
    share = _cell(impl / n if n else None, m_all, k)
    if 0 < m_impl < k:  # the numerator, too, must come from 0 or at least K municipalities
        share.value = None
    result.unpublished["implemented_share"] = share
    result.unpublished["overdue"] = _cell(over, m_over, k)
    result.unpublished["stalled"] = _cell(stall, m_stall, k)

    # flagged recommendations of published processes, by municipality
    flag_q = (select(f.c.recommendation_id, f.c.overdue, f.c.stalled, f.c.due_on, Recommendation.number,
                     Recommendation.title, DialogueProcess.id.label("process_id"),
                     DialogueProcess.title.label("process_title"), Municipality.name.label("municipality"))
              .join(Recommendation, Recommendation.id == f.c.recommendation_id)
              .join(DialogueProcess, DialogueProcess.id == f.c.process_id)
              .join(Municipality, Municipality.id == f.c.municipality_id)
              .where(f.c.published, f.c.overdue | f.c.stalled))
    result.flagged_total = db.session.scalar(select(func.count()).select_from(flag_q.subquery()))
    result.flagged = list(db.session.execute(
        flag_q.order_by(Municipality.name, DialogueProcess.title, Recommendation.number).limit(LIST_LIMIT)))
    return result
