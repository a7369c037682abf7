"""`flask backup [--to DIR]` and `flask restore ARCHIVE [--force]` (for cron and for
the operator; docs/operations.md)."""

from pathlib import Path

import click
from flask.cli import with_appcontext

from .backup import BackupError, create_backup
from .restore import restore_backup


@click.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the archive (default: BACKUP_FOLDER or instance/backups).")
@with_appcontext
def backup_command(folder: Path | None) -> None:
    """Back up the database and the upload folder into one .tar.gz (never the master key)."""
    try:
        result = create_backup(folder)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{result.path}")
    click.echo(f"{result.kind} database at revision {result.revision}, {result.members} member(s), "
               f"{result.size / 1024:.1f} KiB in {result.seconds:.2f} s. "
               "The incident master key is NOT in it: keep it separately.")


@click.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Overwrite a database or upload folder that is not empty.")
@with_appcontext
def restore_command(archive: Path, force: bool) -> None:
    """Restore a `flask backup` archive into the configured database and upload folder.
    SQLite: stop the app first (the database file is replaced)."""
    try:
        result = restore_backup(archive, force=force)
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Restored the {result.kind} database (revision {result.revision}) and "
               f"{result.files} file(s) in {result.seconds:.2f} s.")
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
