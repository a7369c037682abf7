"""Incident log for officials: confidential records of hostility with evidence, a
timeline, grants to trust persons, dossiers and anonymous network statistics."""

from flask import Blueprint

bp = Blueprint("incidents", __name__, url_prefix="/incidents", template_folder="templates")


def register(app) -> None:
    from . import models  # noqa: F401 - tables for migrations

    app.register_blueprint(bp)
