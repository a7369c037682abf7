import time

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from ..selfcheck.models import Round
from . import aggregates

benchmark_cli = AppGroup("benchmark", help="Peer comparison commands.")


@benchmark_cli.command("refresh")
@click.option("--round", "round_id", type=int, help="Only this round (default: all).")
def refresh(round_id: int | None) -> None:
    """Evaluate every group of every round (or one) for a new release of its figures
    (a release is taken only where the K rule allows it: aggregates.refresh)."""
    stmt = select(Round).order_by(Round.id)
    if round_id:
        stmt = stmt.where(Round.id == round_id)
    started = time.perf_counter()
    total = 0
    for round_ in db.session.scalars(stmt).all():
        total += aggregates.refresh(round_)
    db.session.commit()
    click.echo(f"{total} group releases taken in {time.perf_counter() - started:.2f} s")
