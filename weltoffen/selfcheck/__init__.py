"""The self-check: questionnaires as data, rounds, team filling with autosave,
scores, results, advice requests, action plans and exports."""

from flask import Blueprint

bp = Blueprint("selfcheck", __name__, url_prefix="/selfcheck", template_folder="templates")


def register(app) -> None:
    from . import (  # noqa: F401 - routes and commands attach to bp
        cli,
        export_views,
        plan_views,
        result_views,
        round_views,
        team_views,
        views,
    )

    app.register_blueprint(bp)
