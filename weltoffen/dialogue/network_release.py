"""The network-wide figures about unpublished dialogue processes as released figures
(platform/releases.py, DESIGN.md "Released figures"). One subject per network whose
units are the municipalities with at least one unpublished process, each with the
state the figures are made of (processes per format, the sums over their
recommendations, the days to a response). A release is taken only when at least K
municipalities joined, left or changed since the shown one, and never within K of an
earlier release: a coordinator who looks before and after one municipality records a
draft sees the same figures. Within a release a figure to which fewer than K
municipalities contribute is suppressed (0 excepted).

Evaluated after every successful change on the team's dialogue pages (views.py's
after_request), by the budget import, and daily by `flask dialogue release`
(recommendations become overdue or stalled without anyone writing)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import click
from sqlalchemy import func, select

from ..benchmark.aggregates import k_value
from ..extensions import db
from ..platform import releases
from . import network_sql as sql
from .cli import dialogue_cli
from .models import DialogueProcess

SUBJECT = "unpublished"
CELLS = ("municipalities", "processes", "recommendations", "in_time", "median_days", "implemented_share",
         "overdue", "stalled")
_SUMS = ("n", "in_time", "decided", "implemented", "overdue", "stalled")


def scope(network_id: int) -> str:
    return f"dialogue:{network_id}"


@dataclass
class Cell:
    """A figure under the K rule: value None when suppressed."""

    value: float | int | None
    contributors: int

    @property
    def suppressed(self) -> bool:
        return self.value is None and self.contributors > 0


@dataclass
class _State:
    formats: Counter = field(default_factory=Counter)
    sums: tuple = (0,) * len(_SUMS)
    days: Counter = field(default_factory=Counter)

    def digest(self) -> int:
        return releases.digest((sorted(self.formats.items()), self.sums, sorted(self.days.items())))


def states(network_id: int, today: date) -> dict[int, _State]:
    """{municipality id: state} of the municipalities with unpublished processes."""
    out: dict[int, _State] = {}
    q = (select(DialogueProcess.municipality_id, DialogueProcess.format_key, func.count())
         .where(sql.in_network(network_id), ~DialogueProcess.published)
         .group_by(DialogueProcess.municipality_id, DialogueProcess.format_key))
    for mid, key, count in db.session.execute(q):
        out.setdefault(mid, _State()).formats[key] = count
    f = sql.facts(network_id, today)
    q = select(f.c.municipality_id, *sql.sums(f)).where(~f.c.published).group_by(f.c.municipality_id)
    for row in db.session.execute(q):
        if row[0] in out:
            out[row[0]].sums = tuple(int(v) for v in row[1:])
    d = sql.response_days(f)
    q = (select(f.c.municipality_id, d, func.count()).where(~f.c.published, sql.has_response_days(f))
         .group_by(f.c.municipality_id, d))
    for mid, value, count in db.session.execute(q):
        if mid in out:
            out[mid].days[int(value)] = count
    return out


def _cell(value, contributors: int, k: int) -> list:
    return [value if (contributors == 0 or contributors >= k) else None, contributors]


def figures(data: dict[int, _State], k: int) -> dict:
    """What a release stores: each figure as [value or None, contributors]."""
    total = dict.fromkeys(_SUMS, 0)
    having = dict.fromkeys(_SUMS, 0)
    for state in data.values():
        for name, value in zip(_SUMS, state.sums, strict=True):
            total[name] += value
            having[name] += value > 0
    days: Counter = Counter()
    for state in data.values():
        days.update(state.days)
    with_days = sum(1 for state in data.values() if state.days)
    n, m_all = total["n"], having["n"]
    share = _cell(total["implemented"] / n if n else None, m_all, k)
    if 0 < having["implemented"] < k:  # the numerator, too, must come from 0 or at least K
        share[0] = None
    cells = {
        "municipalities": _cell(len(data), len(data), k),
        "processes": _cell(sum(sum(s.formats.values()) for s in data.values()), len(data), k),
        "recommendations": _cell(n, m_all, k),
        "in_time": _cell(total["in_time"], having["in_time"], k),
        "median_days": _cell(sql.median_of(list(days.items())) if days else None, with_days, k),
        "implemented_share": share,
        "overdue": _cell(total["overdue"], having["overdue"], k),
        "stalled": _cell(total["stalled"], having["stalled"], k),
    }
    formats: dict[str, list] = {}
    for key in sorted({key for s in data.values() for key in s.formats}):
        holders = [s.formats[key] for s in data.values() if s.formats.get(key)]
        formats[key] = _cell(sum(holders), len(holders), k)
    return {"cells": cells, "formats": formats}


def refresh(network_id: int, today: date | None = None, k: int | None = None,
            now: datetime | None = None) -> releases.Released:
    """Evaluate the network's unpublished figures for a new release; flushes."""
    k = k_value() if k is None else k
    data = states(network_id, today or date.today())
    where = scope(network_id)
    releases.lock(where)
    units = {mid: state.digest() for mid, state in data.items()}
    return releases.evaluate(where, SUBJECT, units, lambda: figures(data, k), k, now)


@dataclass(frozen=True)
class Released:
    """The shown release (cells empty before the first), when it was taken and how
    many municipalities' changes wait for the next one."""

    cells: dict[str, Cell]
    formats: dict[str, Cell]
    taken_at: datetime | None
    n: int
    pending: int

    @property
    def shown(self) -> bool:
        return self.taken_at is not None and bool(self.cells)


def released(network_id: int) -> Released:
    state = releases.current(scope(network_id)).get(SUBJECT)
    if state is None:
        return Released({}, {}, None, 0, 0)
    stored = state.figures if state.shown and state.figures else {}
    cells = {key: Cell(*value) for key, value in stored.get("cells", {}).items()}
    formats = {key: Cell(*value) for key, value in stored.get("formats", {}).items()}
    return Released(cells, formats, state.taken_at, state.n, state.pending)


@dialogue_cli.command("release")
def release_command() -> None:
    """Evaluate every network's unpublished dialogue figures for a new release."""
    from ..network.models import Network

    taken = 0
    for network_id in db.session.scalars(select(Network.id).order_by(Network.id)):
        before = released(network_id).taken_at
        after = refresh(network_id)
        db.session.commit()
        taken += after.taken_at != before
    click.echo(f"{taken} network(s) released anew.")
