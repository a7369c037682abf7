"""Jinja globals: the permission rules (`can`), labels, language and demo flag."""

from flask_babel import get_locale

from . import permissions
from .network.labels import KIND_LABELS, ROLE_LABELS
from .network.models import STATES


def init_app(app) -> None:
    app.jinja_env.globals.update(
        can=permissions,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        STATES=STATES,
        current_locale=lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
