"""Response headers every page carries, and the login requirement for every
route that is not explicitly marked public (see permissions.public)."""

from flask import current_app, request
from flask_login import current_user

from .extensions import login_manager

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
        from .auth.services import second_factor_gate

        return second_factor_gate(current_user, request.endpoint)
    view = current_app.view_functions.get(request.endpoint)
    if getattr(view, "is_public", False):
        return None
    return login_manager.unauthorized()


def init_app(app) -> None:
    app.before_request(require_login)
    app.after_request(set_security_headers)
