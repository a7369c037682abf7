"""Mails of the incident log. They never carry incident contents: a mailbox is not a
safe place for them."""

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..platform.mail import render_and_send


def send_deadline_reminder(entry) -> None:
    """Tell the reporter, in their language, that a deadline is near: only that and a link."""
    reporter = entry.incident.reporter
    link = f"{current_app.config['BASE_URL'].rstrip('/')}/incidents/{entry.incident_id}"
    render_and_send(reporter.email, _l("A deadline in your incident log is near"), "incident_deadline",
                    language=reporter.language, link=link, days=(entry.due_on - date.today()).days)

