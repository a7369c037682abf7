"""Error pages for 400/403/404/405/410/413/429/500, as full pages or htmx fragments;
503 with Retry-After when the database is unreachable (e.g. PostgreSQL restarting:
platform/db/postgres.py replaces dead pooled connections before the next request) and 507 when the upload storage
is full."""

import logging

from flask import g, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError

from ...extensions import db, htmx, login_manager
from ..storage.files import StorageFull

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 405, 410, 413, 429, 500}
UNAVAILABLE_TEXT = ("Kurz nicht erreichbar - bitte in einigen Sekunden erneut senden.\n"
                    "Briefly unavailable - please send it again in a few seconds.\n")


def render_error(code: int, description: str | None = None, csrf: bool = False):
    template = "errors/_fragment.html" if htmx else "errors/page.html"
    response = render_template(template, code=code, description=description, csrf=csrf)
    headers = {}
    if htmx:
        # Show the message in the page's alert region instead of the swap target.
        headers = {"HX-Retarget": "#alerts", "HX-Reswap": "innerHTML"}
    return response, code, headers


def handle_http(exc: HTTPException):
    code = exc.code if exc.code in PAGES else (500 if (exc.code or 500) >= 500 else 400)
    response = render_error(code)
    if exc.code == 429:
        retry = getattr(exc, "retry_after", None)
        if retry:
            response[2]["Retry-After"] = str(retry)
    return response


def handle_csrf(exc: CSRFError):
    return render_error(400, csrf=True)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http(exc)
    log.exception("Unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return render_error(500)


def _rollback() -> None:
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection may be gone; the session is discarded anyway
        log.warning("rollback failed after a database error", exc_info=True)


def _connection_lost(exc: DBAPIError) -> bool:
    return isinstance(exc, OperationalError | InterfaceError) or bool(exc.connection_invalidated)


def handle_database_error(exc: DBAPIError):
    """A lost or refused connection (a restart, a network break, a closed connection
    handed out by the driver) is 503; any other database error is a 500."""
    if not _connection_lost(exc):
        log.exception("Database error on %s %s", request.method, request.path)
        _rollback()
        return render_error(500)
    return handle_database_unavailable(exc)


def handle_database_unavailable(exc: DBAPIError):
    log.error("Database unavailable on %s %s: %s", request.method, request.path, exc.orig)
    _rollback()
    # The page must not ask the database who is logged in (the user object is expired).
    g._login_user = login_manager.anonymous_user()
    try:
        response = render_error(503)
    except Exception:  # noqa: BLE001 - still no database: a page without the layout
        log.warning("503 page could not be rendered", exc_info=True)
        response = (UNAVAILABLE_TEXT, 503, {"Content-Type": "text/plain; charset=utf-8"})
    response[2]["Retry-After"] = "5"
    return response


def handle_storage_full(exc: StorageFull):
    log.error("Upload storage full on %s %s: %s", request.method, request.path, exc.filename)
    _rollback()  # also removes the files this request wrote (files.py)
    response = render_error(507)
    response[2]["Retry-After"] = "300"
    return response


def close_session(_exc=None) -> None:
    """End the request's transaction before Flask-SQLAlchemy removes the session: when
    the database went away meanwhile (a restart terminates idle transactions), the
    connection is invalidated instead of failing a finished request with a 500."""
    try:
        db.session.close()
    except (OperationalError, InterfaceError):
        log.warning("database connection lost at the end of a request")
        db.session().invalidate()  # the Session itself: scoped_session does not proxy invalidate()


def init_app(app) -> None:
    app.teardown_appcontext(close_session)  # runs before Flask-SQLAlchemy's own teardown
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(StorageFull, handle_storage_full)
    app.register_error_handler(Exception, handle_unexpected)
