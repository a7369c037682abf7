"""`flask incidents purge` (retention, for cron), `flask incidents remind` (deadline
reminders, for cron, daily) and `flask incidents release` (the statistics' releases,
for cron, daily: a quarter closes without anyone writing)."""

import click
from flask.cli import AppGroup

from ..extensions import db
from ..platform.mail import MailError

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


@incidents_cli.command("release")
def release_command() -> None:
    """Evaluate every network's incident statistics for a new release (idempotent)."""
    from sqlalchemy import select

    from ..network.models import Network
    from . import statistics_release

    taken = 0
    for network in db.session.scalars(select(Network).order_by(Network.id)):
        before = statistics_release.released(network).taken_at
        after = statistics_release.refresh(network)
        taken += after.taken_at is not None and after.taken_at != before
    db.session.commit()
    click.echo(f"{taken} network statistics released anew.")
