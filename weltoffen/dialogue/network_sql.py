"""SQL building blocks of the network figures (network_figures.py, network_release.py):
the per-recommendation facts of a network's processes, the sums taken over them, day
differences and medians on both databases. Aggregates only (GROUP BY), never rows."""

import statistics
from datetime import date

from sqlalchemy import Integer, and_, case, cast, func, select

from ..extensions import db
from ..network.models import Municipality
from . import accountability
from .models import DialogueProcess


def postgres() -> bool:
    return db.session.get_bind().dialect.name == "postgresql"


def days(later, earlier):
    if postgres():
        return later - earlier
    return cast(func.julianday(later) - func.julianday(earlier), Integer)


def in_network(network_id: int):
    """A condition: the process belongs to a municipality of the network."""
    members = select(Municipality.id).where(Municipality.network_id == network_id)
    return DialogueProcess.municipality_id.in_(members)


def facts(network_id: int, today: date):
    """accountability.facts() of the network's processes, as a subquery "f"."""
    return accountability.facts(today).where(in_network(network_id)).subquery("f")


def in_time(f):
    return and_(f.c.decided_on.is_not(None), f.c.due_on.is_not(None), f.c.decided_on <= f.c.due_on)


def count_if(cond):
    return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)


def sums(f) -> list:
    """n, in_time, decided, implemented, overdue, stalled (labelled)."""
    return [func.count().label("n"), count_if(in_time(f)).label("in_time"),
            func.count(f.c.decided_on).label("decided"), count_if(f.c.implemented).label("implemented"),
            count_if(f.c.overdue).label("overdue"), count_if(f.c.stalled).label("stalled")]


def response_days(f):
    """Days from the vote to the first deciding response."""
    return days(f.c.decided_on, f.c.voted_on)


def has_response_days(f):
    return and_(f.c.decided_on.is_not(None), f.c.voted_on.is_not(None))


def medians(f, group, where) -> dict:
    """{group value: median days from the vote to the first deciding response}."""
    d = response_days(f)
    cond = and_(where, has_response_days(f))
    if postgres():
        q = select(group, func.percentile_cont(0.5).within_group(d)).where(cond).group_by(group)
        return {key: float(m) for key, m in db.session.execute(q)}
    hist: dict = {}
    q = select(group, d, func.count()).where(cond).group_by(group, d)
    for key, value, count in db.session.execute(q):
        hist.setdefault(key, []).append((value, count))
    return {key: median_of(pairs) for key, pairs in hist.items()}


def median_of(pairs: list[tuple[int, int]]) -> float:
    """The median of a histogram [(value, count)]."""
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
