"""`flask incidents purge` (retention, for cron) and `flask incidents remind`
(deadline reminders, for cron, daily)."""

import click
from flask.cli import AppGroup

from ..extensions import db
from ..mail import MailError

incidents_cli = AppGroup("incidents", help="Incident log: retention and deadline reminders.")


@incidents_cli.command("purge")
def purge_command() -> None:
    """Destroy closed incidents whose retention period is over (idempotent)."""
    from . import services

    count = services.purge()
    db.session.commit()
    click.echo(f"{count} incident(s) destroyed after the retention period.")


@incidents_cli.command("remind")
def remind_command() -> None:
    """E-mail reporters whose deadlines are near (once per reminder threshold)."""
    from . import mails, timeline

    sent = failed = 0
    for entry in timeline.due_reminders():
        try:
            mails.send_deadline_reminder(entry)
        except MailError:
            failed += 1
            continue
        timeline.mark_reminded(entry)
        db.session.commit()
        sent += 1
    click.echo(f"{sent} reminder(s) sent, {failed} failed.")
