"""A mail sent during a request leaves once the answer has gone out: when the server
closes the answer, or – where a server skips close() because the client reset the
connection (werkzeug's, under `flask run` and the browser tests) – when the answer is
freed. Either way exactly once. (The password reset is such a request.)"""

import gc

from flask.globals import _cv_app
from werkzeug.test import EnvironBuilder

from weltoffen.extensions import limiter
from weltoffen.platform import mail

KNOWN = "handover@example.org"


def _answer(app):
    """The reset request's answer as a WSGI server gets it, body read, not closed."""
    environ = EnvironBuilder(path="/auth/reset", method="POST", data={"email": KNOWN},
                             base_url="http://weltoffen.test").get_environ()
    token = _cv_app.set(None)  # the request gets its own app context, as in production
    try:
        body = app(environ, lambda status, headers, exc_info=None: None)
        b"".join(body)
    finally:
        _cv_app.reset(token)
    return body


def test_the_mail_leaves_when_the_answer_is_closed(app, db, make, inbox):
    limiter.enabled = False
    make.user(email=KNOWN)
    body = _answer(app)
    mail.outbox.join()
    assert inbox.messages == []  # not before the answer has gone out
    body.close()
    inbox.wait_for(KNOWN)
    del body
    gc.collect()
    mail.outbox.join()
    assert len(inbox.messages) == 1  # not twice


def test_the_mail_leaves_when_close_is_skipped(app, db, make, inbox):
    limiter.enabled = False
    make.user(email=KNOWN)
    body = _answer(app)
    del body  # a server that never calls close(): the answer is freed
    gc.collect()
    inbox.wait_for(KNOWN)
    mail.outbox.join()
    assert len(inbox.messages) == 1
