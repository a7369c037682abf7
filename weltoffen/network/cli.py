from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ..extensions import db
from . import importer
from .models import Network

network_cli = AppGroup("network", help="Network and municipality commands.")


@network_cli.command("import-municipalities")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--network", "network_slug", help="Slug of the target network (default: the only one)."
)
def import_municipalities(file: Path, network_slug: str | None) -> None:
    """Import municipalities from a CSV file; nothing is written if any row is invalid."""
    networks = db.session.scalars(select(Network).order_by(Network.slug)).all()
    if network_slug:
        network = next((n for n in networks if n.slug == network_slug), None)
    else:
        network = networks[0] if len(networks) == 1 else None
    if network is None:
        slugs = ", ".join(n.slug for n in networks) or "none yet"
        raise click.ClickException(f"choose a network with --network (available: {slugs})")
    result = importer.parse(file.read_bytes(), network)
    if not result.ok:
        for line, message in result.errors:
            where = f"{file}:{line}" if line else str(file)
            click.echo(f"{where}: {message}", err=True)
        raise click.ClickException(f"{len(result.errors)} error(s); nothing was imported")
    created, updated = importer.apply(result, network)
    db.session.commit()
    click.echo(f"{network.name}: {created} created, {updated} updated.")
