"""What a process's public page says about its selection by lot – figures about groups
only, never a person: how many were invited, registered and selected, the algorithm,
the seed and the library's version (so anyone can re-run it), and the panel's
composition against the population per feature value."""

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ...extensions import db
from . import panel, services
from .models import Registrant, SelectionRun


@dataclass(frozen=True)
class Row:
    feature: str
    value: str
    seats: int
    share: float  # of the panel, 0–100
    population: float | None  # 0–100


@dataclass(frozen=True)
class Composition:
    invited: int | None
    registered: int
    selected: int
    algorithm: str
    seed: int
    library_version: str
    rows: list[Row] = field(default_factory=list)


def composition(process) -> Composition | None:
    """None until a selection of the process's lottery is done."""
    lottery = services.lottery_of(process)
    if lottery is None:
        return None
    run = db.session.scalar(select(SelectionRun).where(SelectionRun.lottery_id == lottery.id,
                                                       SelectionRun.status == "done")
                            .order_by(SelectionRun.id.desc()).limit(1))
    if run is None:
        return None
    # rows, states and counts outlive shredding (only the sealed details go), so the
    # same queries serve before and after it
    registered = db.session.scalar(select(func.count(Registrant.id)).where(
        Registrant.lottery_id == lottery.id, Registrant.state == "registered"))
    shares = panel.population_shares(lottery)
    rows = []
    for feature, values in run.quotas.items():
        for value, (_low, _high, seats) in sorted(values.items()):
            population = shares.get(feature, {}).get(value)
            rows.append(Row(feature, value, seats, 100.0 * seats / run.panel_size,
                            None if population is None else 100.0 * population))
    return Composition(lottery.invitations, registered, run.panel_size, run.algorithm, run.seed,
                       run.library_version, rows)
