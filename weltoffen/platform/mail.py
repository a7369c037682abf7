"""Outgoing e-mail over SMTP. Without MAIL_SERVER, in demo and development mode, the
message is printed in full to the terminal and kept in the outbox folder that admins
see at /admin/outbox; tests run a real SMTP server on loopback.

send() delivers while the caller waits (cron jobs, and views that report a failed
mail). send_later() hands the message to this process's mail thread and returns at
once: for answers whose timing must not tell whether a mail was sent at all (the
password reset, auth/views.py)."""

import atexit
import email
import email.policy
import logging
import os
import queue
import smtplib
import ssl
import sys
import threading
import time
import weakref
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from flask import after_this_request, current_app, g, has_request_context, render_template
from flask_babel import force_locale

log = logging.getLogger(__name__)

SMTP_SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_USE_TLS",
                 "MAIL_USE_SSL", "MAIL_TIMEOUT", "MAIL_OUTBOX")
#: The development outbox keeps this many messages (the oldest go first).
OUTBOX_KEEP = 200


class MailError(Exception):
    pass


def render_and_send(to: str, subject, template: str, language: str = "de", **context):
    """Render the subject (a lazy string) and `mail/<template>.txt` in the recipient's
    language, then send."""
    send_message(render_message(to, subject, template, language, **context))


def render_message(to: str, subject, template: str, language: str = "de", **context) -> EmailMessage:
    with force_locale(language):
        subject = str(subject)
        body = render_template(f"mail/{template}.txt", **context)
    return build(to, subject, body)


def build(to: str, subject: str, body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = current_app.config["MAIL_FROM"]
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="weltoffen")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(body)
    return msg


def send(to: str, subject: str, body: str) -> None:
    send_message(build(to, subject, body))


def send_message(msg: EmailMessage) -> None:
    deliver(_settings(), msg)


def send_later(msg: EmailMessage) -> None:
    """Send from this process's mail thread once the answer has gone out; a failure is
    logged there. In a request the message is handed over when the WSGI server closes
    the response (after writing its body), so the mail thread's work cannot delay the
    answer it belongs to; outside a request, at the end of the app context. Nothing is
    sent after a server error."""
    pending = g.get("weltoffen_mail_pending")
    if pending is None:
        pending = g.weltoffen_mail_pending = []
        if has_request_context():
            after_this_request(_on_close(pending))
    pending.append((_settings(), msg))


def _on_close(pending: list):
    def attach(response):
        g.pop("weltoffen_mail_pending", None)
        if response.status_code < 500:
            once = _HandOver(pending)
            response.call_on_close(once)
            # Werkzeug's server (flask run, the browser tests) skips close() when the
            # client has reset the connection after reading the answer; the answer being
            # freed hands the mail over then (once: whichever comes first).
            weakref.finalize(response, once)
        return response

    return attach


class _HandOver:
    def __init__(self, pending: list):
        self.pending = pending
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, []
        _hand_over(pending)


def _hand_over(pending: list) -> None:
    for cfg, msg in pending:
        outbox.put(cfg, msg)


def _end_of_context(exc) -> None:
    pending = g.pop("weltoffen_mail_pending", None)
    if pending and exc is None:
        _hand_over(pending)


def init_app(app) -> None:
    app.teardown_appcontext(_end_of_context)
    if not app.config["MAIL_SERVER"] and not app.config.get("MAIL_OUTBOX") and (app.config["DEMO"] or app.debug):
        app.config["MAIL_OUTBOX"] = os.path.join(app.instance_path, "outbox")


def outbox_messages(folder: str, limit: int = 50) -> list[EmailMessage]:
    """The newest messages of the development outbox."""
    if not folder or not os.path.isdir(folder):
        return []
    names = sorted((n for n in os.listdir(folder) if n.endswith(".eml")), reverse=True)[:limit]
    out = []
    for name in names:
        with open(os.path.join(folder, name), "rb") as fh:
            out.append(email.message_from_binary_file(fh, policy=email.policy.default))
    return out


def _keep(folder: str, msg: EmailMessage) -> None:
    """Write the message to the development outbox (atomically, readable by its owner only)."""
    os.makedirs(folder, mode=0o700, exist_ok=True)
    name = f"{time.time_ns():020d}-{os.getpid()}.eml"
    tmp = os.path.join(folder, f".{name}.tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
        fh.write(msg.as_bytes())
    os.replace(tmp, os.path.join(folder, name))
    for old in sorted(n for n in os.listdir(folder) if n.endswith(".eml"))[:-OUTBOX_KEEP]:
        os.unlink(os.path.join(folder, old))


def _settings() -> dict:
    return {name: current_app.config[name] for name in SMTP_SETTINGS}


def deliver(cfg: dict, msg: EmailMessage) -> None:
    """Send over SMTP with the settings `cfg` (no app context needed)."""
    to = msg["To"]
    if not cfg["MAIL_SERVER"]:
        if cfg.get("MAIL_OUTBOX"):  # demo and development: the terminal and the outbox page
            _keep(cfg["MAIL_OUTBOX"], msg)
            sys.stderr.write(f"\n----- e-mail to {to} (not sent: no MAIL_SERVER; kept at /admin/outbox) -----\n"
                             f"{msg.as_string()}\n----- end of e-mail -----\n")
            sys.stderr.flush()
        else:
            log.warning("E-mail to %s not sent: no MAIL_SERVER is configured", to)
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


class Outbox:
    """One daemon thread per process delivering queued messages in order. Started on
    first use and again in a forked worker (a thread does not survive fork()); what is
    still queued at exit is delivered first, for at most SHUTDOWN_SECONDS."""

    SHUTDOWN_SECONDS = 30

    def __init__(self):
        self._lock = threading.Lock()
        self._queue: queue.Queue | None = None
        self._thread: threading.Thread | None = None
        self._pid = None

    def put(self, cfg: dict, msg: EmailMessage) -> None:
        with self._lock:
            if self._pid != os.getpid() or self._thread is None or not self._thread.is_alive():
                self._start()
            self._queue.put((cfg, msg))

    def _start(self) -> None:
        if self._pid != os.getpid():
            self._queue = queue.Queue()
        self._pid = os.getpid()
        self._thread = threading.Thread(target=self._run, args=(self._queue,), name="weltoffen-mail",
                                        daemon=True)
        self._thread.start()

    @staticmethod
    def _run(jobs: queue.Queue) -> None:
        while True:
            job = jobs.get()
            try:
                if job is None:
                    return
                deliver(*job)
            except MailError:
                pass  # logged by deliver()
            except Exception:
                log.exception("E-mail could not be sent")
            finally:
                jobs.task_done()

    def join(self) -> None:
        """Wait until every queued message has been handed to the SMTP server (or has
        failed): a state to wait for, e.g. in tests."""
        if self._queue is not None and self._pid == os.getpid():
            self._queue.join()

    def shutdown(self) -> None:
        with self._lock:
            thread = self._thread
            if thread is None or self._pid != os.getpid() or not thread.is_alive():
                return
            self._queue.put(None)
        thread.join(self.SHUTDOWN_SECONDS)


outbox = Outbox()
atexit.register(outbox.shutdown)
