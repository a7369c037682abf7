"""`flask audit verify [--anchor HEAD]` and `flask audit anchor` (docs/operations.md)."""

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..platform.db.columns import utcnow
from ..platform.mail import MailError, render_and_send

audit_cli = AppGroup("audit", help="Audit log commands.")


def _broken_message(checked: int, broken, reason: str) -> str:
    where = "the end of the log"
    if broken is not None:
        where = f"entry {broken.id} ({broken.action}, {broken.created_at:%Y-%m-%d %H:%M:%S})"
    return f"Audit chain BROKEN at {where}: {reason}. {checked} entries before it are intact."


@audit_cli.command("verify")
@click.option("--anchor", "anchor", metavar="ID:MAC",
              help="An anchor printed by `flask audit anchor`: also prove that the log up to "
                   "that entry is unchanged since.")
def verify_command(anchor: str | None) -> None:
    """Check the whole MAC chain; name the first broken entry."""
    if anchor is not None:
        try:
            audit.parse_anchor(anchor)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--anchor") from None
    checked, broken, reason = audit.verify()
    failed = bool(reason)
    if failed:
        click.echo(_broken_message(checked, broken, reason))
    else:
        legacy = audit.legacy_entries()
        note = f" ({legacy} entries before the keyed chain checked as its SHA-256 chain)" if legacy else ""
        click.echo(f"Audit chain intact: {checked} entries{note}.")
    if anchor is not None:
        result = audit.check_anchor(anchor)
        if not result.ok:
            click.echo(f"Anchor check FAILED: {result.reason}.")
            failed = True
        elif broken is not None and broken.id <= result.entry_id:
            click.echo(f"Anchor check FAILED: the chain is broken before the anchored entry {result.entry_id}.")
            failed = True
        else:
            click.echo(f"Anchor matches: entries 1 to {result.entry_id} are unchanged since it was taken.")
    if failed:
        raise SystemExit(1)


@audit_cli.command("anchor")
@click.option("--no-mail", is_flag=True, help="Only print the anchor, mail nobody.")
def anchor_command(no_mail: bool) -> None:
    """Print the current head (entry id and MAC) after checking the chain, and mail it
    to the platform admins when a mail server is configured. Keep it off the machine."""
    checked, broken, reason = audit.verify()
    if reason:
        click.echo(_broken_message(checked, broken, reason), err=True)
        click.echo("No anchor taken: a broken chain must not be anchored.", err=True)
        raise SystemExit(1)
    anchor = audit.current_anchor()
    if anchor is None:
        click.echo("The audit log is empty: nothing to anchor.", err=True)
        raise SystemExit(1)
    click.echo(anchor)
    if no_mail:
        return
    if not current_app.config["MAIL_SERVER"]:
        click.echo("No MAIL_SERVER configured: the anchor was not mailed.", err=True)
        return
    sent, failed = mail_anchor(anchor)
    click.echo(f"Mailed to {sent} admin(s).", err=True)
    if failed:
        click.echo(f"Mail to {failed} admin(s) failed.", err=True)
        raise SystemExit(1)


def _recipients() -> list[tuple[str, str]]:
    from ..auth.models import User

    rows = db.session.execute(
        select(User.email, User.language)
        .where(User.network_role == "admin", User.active.is_(True))
        .order_by(User.id)
    )
    return [(email, language) for email, language in rows]


def mail_anchor(anchor: str) -> tuple[int, int]:
    """Mail the anchor to every active platform admin. Returns (sent, failed)."""
    entry_id = audit.parse_anchor(anchor)[0]
    taken_at = utcnow().strftime("%Y-%m-%d %H:%M UTC")
    sent = failed = 0
    for email, language in _recipients():
        try:
            render_and_send(email, _l("weltoffen audit log anchor"), "audit_anchor",
                            language=language, anchor=anchor, entry_id=entry_id, taken_at=taken_at)
            sent += 1
        except MailError as exc:
            click.echo(f"Mail to {email} failed: {exc}", err=True)
            failed += 1
    return sent, failed
