"""Operations: `flask backup`, `flask restore` and the checks behind /healthz
(docs/operations.md)."""

from flask import Flask


def register(app: Flask) -> None:
    from .cli import backup_command, restore_command

    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
