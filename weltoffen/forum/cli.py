"""`flask forum ...`: the e-mail digest (for cron) and the search index rebuild."""

import click
from flask import current_app, url_for
from flask.cli import AppGroup

from ..extensions import db
from ..platform.db.columns import utcnow
from ..platform.mail import MailError
from .links import topic_url
from .notifications import digest
from .search import services as search

forum_cli = AppGroup("forum", help="Forum commands.")


class Links:
    """Absolute links for the digest: BASE_URL followed by the app's path."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")

    def notification(self, note) -> str:
        return self.base + url_for("forum.open_notification", notification_id=note.id)

    def topic(self, topic) -> str:
        return self.base + topic_url(topic)

    def settings(self) -> str:
        return self.base + url_for("forum.notifications", _anchor="settings")


@forum_cli.command("digest")
def digest_command() -> None:
    """Mail every user whose daily or weekly digest is due and who has something new."""
    now = utcnow()
    sent = failed = 0
    with current_app.test_request_context():
        links = Links(current_app.config["BASE_URL"])
        for user, profile in list(digest.due(now)):
            content = digest.build(user, profile, now)
            if content.empty:
                for note in content.consumed:
                    note.digested_at = now
                db.session.commit()
                continue
            try:
                digest.send_one(content, now, links)
            except MailError as exc:
                db.session.rollback()
                failed += 1
                click.echo(f"{user.email}: {exc}", err=True)
                continue
            db.session.commit()
            sent += 1
    click.echo(f"{sent} digest e-mails sent" + (f", {failed} failed" if failed else ""))
    if failed:
        raise SystemExit(1)


@forum_cli.command("reindex")
def reindex_command() -> None:
    """Rebuild the full-text search index of topics, posts and practices."""
    count = search.reindex()
    db.session.commit()
    click.echo(f"{count} documents indexed")
