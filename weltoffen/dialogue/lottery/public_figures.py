"""What a process's public page says about its selection by lot – figures about groups
only, never a person: how many were invited, registered and selected, the algorithm,
the seed and the library's version (so anyone can re-run it), the replacements drawn
for those who declined (with their seeds), and the panel's composition as it stands
against the population per feature value."""

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
    #: (number of people, seed) of each replacement drawn
    replacements: list[tuple[int, int]] = field(default_factory=list)


def composition(process) -> Composition | None:
    """None until a selection of the process's lottery is done."""
    lottery = services.lottery_of(process)
    if lottery is None:
        return None
    done = list(db.session.scalars(select(SelectionRun).where(
        SelectionRun.lottery_id == lottery.id, SelectionRun.status == "done").order_by(SelectionRun.id)))
    panels = [r for r in done if r.kind == "panel"]
    if not panels:
        return None
    run = panels[-1]
    replacements = [r for r in done if r.kind == "replacement" and r.id > run.id]
    latest = replacements[-1] if replacements else run  # its quotas: the panel as it stands
    # rows, states and counts outlive shredding (only the sealed details go), so the
    # same queries serve before and after it
    registered = db.session.scalar(select(func.count(Registrant.id)).where(
        Registrant.lottery_id == lottery.id, Registrant.state == "registered"))
    shares = panel.population_shares(lottery)
    rows = []
    for feature, values in latest.quotas.items():
        for value, (_low, _high, seats) in sorted(values.items()):
            population = shares.get(feature, {}).get(value)
            rows.append(Row(feature, value, seats, 100.0 * seats / run.panel_size,
                            None if population is None else 100.0 * population))
    return Composition(lottery.invitations, registered, run.panel_size, run.algorithm, run.seed,
                       run.library_version, rows, [(r.panel_size, r.seed) for r in replacements])
