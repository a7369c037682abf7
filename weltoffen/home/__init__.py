"""Start page per role, language switch, health check."""

from flask import Blueprint

bp = Blueprint("home", __name__, template_folder="templates")

from . import views  # noqa: E402,F401
