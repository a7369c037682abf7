from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from ..extensions import db
from ..platform.db.columns import utcnow
from ..platform.mail import MailError
from . import followup, loader, mails, services

selfcheck_cli = AppGroup("selfcheck", help="Self-check commands.")
FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@selfcheck_cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=FILE)
def validate(files: tuple[Path, ...]) -> None:
    """Check questionnaire files without storing anything."""
    failed = 0
    for path in files:
        try:
            definition = loader.load_file(path)
        except loader.QuestionnaireError as exc:
            click.echo(str(exc), err=True)
            failed += 1
            continue
        questions = sum(len(d["questions"]) for d in definition["dimensions"])
        click.echo(
            f"{path.name}: valid ({len(definition['dimensions'])} dimensions, {questions} questions)"
        )
    if failed:
        raise SystemExit(1)


@selfcheck_cli.command("load")
@click.argument("files", nargs=-1, required=True, type=FILE)
def load(files: tuple[Path, ...]) -> None:
    """Check and store questionnaire versions (nothing is stored if any file fails)."""
    try:
        results = [services.load_questionnaire(path) for path in files]
    except loader.QuestionnaireError as exc:
        db.session.rollback()
        click.echo(str(exc), err=True)
        raise SystemExit(1) from None
    db.session.commit()
    for questionnaire, created in results:
        state = "loaded" if created else "already loaded, unchanged"
        click.echo(f"{questionnaire.slug} v{questionnaire.version}: {state}")


@selfcheck_cli.command("remind")
@click.option(
    "--days", default=services.REMINDER_DAYS, show_default=True,
    help="Remind this many days before the deadline.",
)
def remind(days: int) -> None:
    """Mail teams whose self-check is not submitted and due within --days – whether they
    have started or not – once each (for cron)."""
    _send_once(
        lambda: services.due_for_reminder(date.today(), days), mails.deadline_reminder,
        lambda submission: submission.municipality.name, "teams",
    )


@selfcheck_cli.command("remind-measures")
@click.option("--days", default=7, show_default=True, help="Remind this many days before a measure is due.")
def remind_measures(days: int) -> None:
    """Mail the owner (else the municipality's leads) of each open measure due within
    --days; once per measure (for cron)."""
    _send_once(
        lambda: followup.measures_due_for_reminder(date.today(), days), mails.measure_reminder,
        lambda measure: f"{measure.municipality.name}, measure {measure.id}", "measures",
    )


def _send_once(due, send, name, plural: str) -> None:
    """Send `send(item)` for every item of `due()`, marking each as reminded (its own
    commit, so a failing mail server halfway through repeats nothing); exit status 1
    when some failed."""
    sent = failed = 0
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        for item in due():
            try:
                sent += send(item)
            except MailError as exc:
                failed += 1
                click.echo(f"{name(item)}: {exc}", err=True)
                continue
            item.reminded_at = utcnow()
            db.session.commit()
    click.echo(f"{sent} reminder e-mails sent" + (f", {failed} {plural} failed" if failed else ""))
    if failed:
        raise SystemExit(1)
