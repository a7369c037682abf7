"""`flask dialogue remind` (for cron, daily): mails the municipality's leads about
recommendations that became overdue or stalled, each item once per episode. What was
sent is recorded in DialogueReminder, keyed by (recommendation, flag, since): a second
run sends nothing new; a new due date or a new period without progress is a new
episode. Flags come from accountability.facts(), as on the team's pages."""

from datetime import date, datetime

import click
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, select, true
from sqlalchemy.orm import Mapped, mapped_column

from .. import audit
from ..extensions import db
from ..network import services as network_services
from ..network.models import Municipality
from ..platform.db.columns import UTCDateTime, utcnow
from ..platform.mail import MailError, render_and_send
from . import accountability
from .cli import dialogue_cli

FLAGS = ("overdue", "stalled")


class DialogueReminder(db.Model):
    """One flag of one recommendation the leads were told about."""

    __table_args__ = (UniqueConstraint("recommendation_id", "flag", "since"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(ForeignKey("recommendation.id", ondelete="CASCADE"))
    #: "overdue" or "stalled".
    flag: Mapped[str] = mapped_column(String(10))
    #: When the episode began: the due date (overdue) or the last activity (stalled).
    since: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def due(today: date | None = None) -> dict[int, list[tuple[str, accountability.Flagged]]]:
    """{municipality id: [(flag, item)]} of flags not yet reminded."""
    items = accountability.flagged(true(), today)
    sent = set(db.session.execute(select(DialogueReminder.recommendation_id, DialogueReminder.flag,
                                         DialogueReminder.since)))
    result: dict[int, list] = {}
    for item in items:
        for flag in FLAGS:
            if getattr(item, flag) and (item.recommendation_id, flag, _since(item, flag)) not in sent:
                result.setdefault(item.municipality_id, []).append((flag, item))
    return result


def _since(item, flag: str) -> date:
    return item.due_on if flag == "overdue" else item.since


def send(municipality: Municipality, entries: list) -> int:
    """Mail every lead of the municipality the list; raises MailError."""
    base = current_app.config["BASE_URL"].rstrip("/")
    lines = [(flag, item, f"{base}/dialogue/recommendations/{item.recommendation_id}") for flag, item in entries]
    recipients = network_services.active_people(municipality.id, ("lead",))
    for lead in recipients:
        render_and_send(lead.email, _l("Recommendations need a response or progress"), "dialogue_reminder",
                        language=lead.language, municipality=municipality, lines=lines)
    return len(recipients)


def mark(entries: list, municipality_id: int) -> None:
    for flag, item in entries:
        db.session.add(DialogueReminder(recommendation_id=item.recommendation_id, flag=flag,
                                        since=_since(item, flag)))
    db.session.flush()
    audit.record("dialogue.reminded", municipality_id=municipality_id, items=len(entries))


@dialogue_cli.command("remind")
def remind_command() -> None:
    """E-mail leads about newly overdue or stalled recommendations (once per item)."""
    sent = failed = 0
    for municipality_id, entries in sorted(due().items()):
        municipality = db.session.get(Municipality, municipality_id)
        try:
            send(municipality, entries)
        except MailError:
            failed += 1
            db.session.rollback()
            continue
        mark(entries, municipality_id)
        db.session.commit()
        sent += len(entries)
    click.echo(f"{sent} item(s) reminded, {failed} municipality(ies) failed.")
