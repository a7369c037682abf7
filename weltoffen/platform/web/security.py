"""Response headers every page carries, and the login requirement for every
route that is not explicitly marked public (see permissions.public)."""

import flask
from flask import current_app, request
from flask_login import current_user
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from ...extensions import login_manager
from . import bounded

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def set_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config["SESSION_COOKIE_SECURE"]:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if current_user and current_user.is_authenticated:
        headers.setdefault("Cache-Control", "no-store")
    return response


def require_login():
    """Secure by default: anonymous users reach only views marked @public."""
    if request.endpoint is None or request.endpoint == "static":
        return None
    if current_user.is_authenticated:
        from ...auth.services import second_factor_gate

        return second_factor_gate(current_user, request.endpoint)
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    return login_manager.unauthorized()


class NulFreeMultiDict(ImmutableMultiDict):
    """Query and form values without NUL characters: nobody types one, and PostgreSQL
    cannot store or compare them (a NUL would turn any form into a server error)."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict | MultiDict):
            mapping = [(_without_nul(k), _without_nul(v)) for k, v in mapping]
        super().__init__(mapping)


class InputMultiDict(NulFreeMultiDict):
    """Also: `get/getlist(..., type=int)` answer 400 for numbers the database cannot
    hold (bounded.py), instead of an OverflowError deep in a query."""

    def get(self, key, default=None, type=None):  # noqa: A002 - werkzeug's signature
        return super().get(key, default, bounded.checked_int if type is int else type)

    def getlist(self, key, type=None):  # noqa: A002
        return super().getlist(key, bounded.checked_int if type is int else type)


def _without_nul(value):
    return value.replace("\x00", "") if isinstance(value, str) else value


class Request(flask.Request):
    parameter_storage_class = InputMultiDict


def init_app(app) -> None:
    app.request_class = Request
    app.before_request(require_login)
    app.after_request(set_security_headers)
