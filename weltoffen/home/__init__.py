"""Start page per role, language switch, health check."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")


def register(app) -> None:
    from . import legal_views, views  # noqa: F401 - routes attach to bp

    app.register_blueprint(bp)
