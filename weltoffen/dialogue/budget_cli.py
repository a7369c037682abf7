"""`flask dialogue import-budget PROCESS_ID FILE`: proposals and votes of a
participatory budget from CSV, checked as the upload is (nothing written on any error)."""

from pathlib import Path

import click

from ..extensions import db
from . import budget, network_release
from .cli import dialogue_cli
from .models import DialogueProcess


@dialogue_cli.command("import-budget")
@click.argument("process_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_budget(process_id: int, file: Path) -> None:
    """Import proposals and votes (docs/dialogue-csv.md) into a participatory budget."""
    process = db.session.get(DialogueProcess, process_id)
    if process is None or not process.is_budget:
        raise click.ClickException(f"no participatory budget with id {process_id}")
    result = budget.parse(file.read_bytes())
    if not result.ok:
        for line, message in result.errors:
            click.echo(f"{file.name}:{line}: {message}" if line else f"{file.name}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} errors, nothing imported")
    created, updated = budget.apply(process, result, None)
    db.session.commit()
    network_release.refresh(process.municipality.network_id)
    db.session.commit()
    click.echo(f"{created} proposals added, {updated} updated")
