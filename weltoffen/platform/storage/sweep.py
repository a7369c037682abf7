"""`flask files sweep`: remove what a killed worker can leave in the upload folders.

A worker killed between writing a file and committing its row (or between a commit
that deleted a row and unlinking its file) leaves a file no row references; one killed
inside files.write() leaves a `.<name>.<random>.tmp`. Both are removed once they are
older than --older-than minutes (default 60), so files of requests still in flight are
never touched. Only names the app writes are considered (storage names of 16-64 hex
digits and its temporary files), in UPLOAD_FOLDER/forum and UPLOAD_FOLDER/incidents.
Run it from cron, e.g. hourly; it is also safe to run at any time.
"""

import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import select

from ...extensions import db
from . import files

files_cli = AppGroup("files", help="Upload folder maintenance.")
_STORED = re.compile(r"[0-9a-f]{16,64}")
_TEMP = re.compile(r"\.[0-9a-f]{16,64}\.[0-9a-f]+\.tmp")


@dataclass
class SweepResult:
    orphans: list[Path] = field(default_factory=list)
    temporary: list[Path] = field(default_factory=list)
    kept_young: int = 0
    referenced: int = 0


def referenced_names() -> set[str]:
    """Every storage name a row refers to (attachments, evidence and previews)."""
    from ...forum.models import Attachment
    from ...incidents.models import Evidence

    names = set(db.session.scalars(select(Attachment.storage_name)))
    for stored, preview in db.session.execute(select(Evidence.storage_name, Evidence.preview_name)):
        names.add(stored)
        if preview:
            names.add(preview)
    return names


def sweep(older_than_seconds: float = 3600, dry_run: bool = False) -> SweepResult:
    """Remove unreferenced stored files and temporary files older than the given age."""
    result = SweepResult()
    cutoff = time.time() - older_than_seconds
    # Listed before the names are read: a file committed after this query started
    # is young, and young files are kept.
    candidates = []
    for sub in files.FOLDERS:
        folder = files.upload_root() / sub
        if folder.is_dir():
            candidates += [p for p in folder.iterdir() if p.is_file()]
    names = referenced_names()
    for path in candidates:
        is_temp = bool(_TEMP.fullmatch(path.name))
        if not is_temp and not _STORED.fullmatch(path.name):
            continue
        if not is_temp and path.name in names:
            result.referenced += 1
            continue
        try:
            if path.stat().st_mtime > cutoff:
                result.kept_young += 1
                continue
            if not dry_run:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue
        (result.temporary if is_temp else result.orphans).append(path)
    return result


@files_cli.command("sweep")
@click.option("--older-than", "minutes", type=float, default=60.0, show_default=True,
              help="Only remove files last modified at least this many minutes ago.")
@click.option("--dry-run", is_flag=True, help="List what would be removed, remove nothing.")
def sweep_command(minutes: float, dry_run: bool) -> None:
    """Remove upload files no row references and left-over temporary files."""
    result = sweep(minutes * 60, dry_run)
    verb = "would remove" if dry_run else "removed"
    for path in result.orphans + result.temporary:
        click.echo(f"{verb} {path}")
    click.echo(f"{verb} {len(result.orphans)} unreferenced and {len(result.temporary)} temporary "
               f"files; {result.referenced} referenced, {result.kept_young} younger than "
               f"{minutes:g} min kept")
