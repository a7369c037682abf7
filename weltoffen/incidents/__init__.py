"""Incident log for officials: confidential records of hostility with evidence, a
timeline, grants to trust persons, dossiers and anonymous network statistics."""

from flask import Blueprint

bp = Blueprint("incidents", __name__, url_prefix="/incidents", template_folder="templates")


def register(app) -> None:
    from . import (  # noqa: F401 - core routes  # noqa: F401 - evidence, dossier, links
        calendar_views,  # noqa: F401 - the complaint deadline as a calendar file
        dossier_views,
        evidence_views,
        grant_lapse,  # noqa: F401 - grants end with the role (session hooks)
        grant_views,
        link_views,
        models,  # noqa: F401 - tables for migrations
        statistics_views,  # noqa: F401 - network statistics
        timeline_views,
        views,
    )

    app.register_blueprint(bp)
    from .cli import incidents_cli

    app.cli.add_command(incidents_cli)
