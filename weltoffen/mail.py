"""Outgoing e-mail over SMTP. Without MAIL_SERVER the message goes to the log
(development); tests run a real SMTP server on loopback."""

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import current_app, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)


class MailError(Exception):
    pass


def render_and_send(to: str, subject, template: str, language: str = "de", **context):
    """Render the subject (a lazy string) and `mail/<template>.txt` in the recipient's
    language, then send."""
    with force_locale(language):
        subject = str(subject)
        body = render_template(f"mail/{template}.txt", **context)
    send(to, subject, body)


def send(to: str, subject: str, body: str) -> None:
    cfg = current_app.config
    msg = EmailMessage()
    msg["From"] = cfg["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="weltoffen")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body)
    if not cfg["MAIL_SERVER"]:
        log.info("E-mail (no MAIL_SERVER configured, not sent)\n%s", msg.as_string())
        return
    try:
        if cfg["MAIL_USE_SSL"]:
            smtp = smtplib.SMTP_SSL(
                cfg["MAIL_SERVER"],
                int(cfg["MAIL_PORT"]),
                timeout=cfg["MAIL_TIMEOUT"],
                context=ssl.create_default_context(),
            )
        else:
            smtp = smtplib.SMTP(
                cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=cfg["MAIL_TIMEOUT"]
            )
        with smtp:
            if cfg["MAIL_USE_TLS"] and not cfg["MAIL_USE_SSL"]:
                smtp.starttls(context=ssl.create_default_context())
            if cfg["MAIL_USERNAME"]:
                smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"])
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("E-mail to %s failed: %s", to, exc)
        raise MailError(str(exc)) from exc
