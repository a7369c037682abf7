"""Error pages for 400/403/404/405/410/413/429/500, as full pages or htmx fragments."""

import logging

from flask import render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .extensions import db, htmx

log = logging.getLogger(__name__)
PAGES = {400, 403, 404, 405, 410, 413, 429, 500}


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


def init_app(app) -> None:
    app.register_error_handler(CSRFError, handle_csrf)
    app.register_error_handler(HTTPException, handle_http)
    app.register_error_handler(InternalServerError, handle_unexpected)
    app.register_error_handler(Exception, handle_unexpected)
