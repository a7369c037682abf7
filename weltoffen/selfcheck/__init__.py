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
    app.cli.add_command(cli.selfcheck_cli)
    _template_helpers(app)


def _template_helpers(app) -> None:
    """Questionnaire texts (`tr`, used by every domain showing a field of action) and
    the self-check's labels for the templates."""
    from . import display
    from .question_types import TYPES

    app.jinja_env.filters["tr"] = display.tr
    app.jinja_env.globals.update(
        choices_of=lambda q: TYPES[q["type"]].choices(q),
        field_state=display.field_state,
        answer_label=display.answer_label,
        score_label=display.score_label,
        SPECIAL_LABELS=display.SPECIAL_LABELS,
        STATUS_LABELS=display.STATUS_LABELS,
        ADVICE_LABELS=display.ADVICE_LABELS,
        MEASURE_LABELS=display.MEASURE_LABELS,
    )
