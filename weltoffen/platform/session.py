"""The app's session cookie (Flask's signed cookie), with one addition: a response
marked with `keep_off()` never writes the session — no Set-Cookie on a page a shared
cache may keep (the public process pages), whoever asked for it. The visitor's own
session stays as it was in the browser."""

from flask import g
from flask.sessions import SecureCookieSessionInterface

_FLAG = "_session_kept_off"


class SessionInterface(SecureCookieSessionInterface):
    def save_session(self, app, session, response) -> None:
        if g.get(_FLAG):
            return None
        return super().save_session(app, session, response)


def keep_off() -> None:
    """This request's response does not write (or delete) the session cookie."""
    setattr(g, _FLAG, True)


def init_app(app) -> None:
    app.session_interface = SessionInterface()
