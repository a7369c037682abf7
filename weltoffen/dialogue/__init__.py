"""Dialogue with citizens, the model project's second pillar: dialogue processes with
their mandate, phases and sessions, reach against the population, recommendations and
the responses to them, participatory budgets, and public process pages."""

from flask import Blueprint

bp = Blueprint("dialogue", __name__, url_prefix="/dialogue", template_folder="templates")
#: Public process pages and feeds, no account needed (public_views.py).
public_bp = Blueprint("beteiligung", __name__, url_prefix="/beteiligung", template_folder="templates")


def register(app) -> None:
    from . import (  # noqa: F401 - views, CLI and tables for migrations
        accountability_models,
        budget_cli,
        budget_views,
        models,
        network_release,
        network_views,
        population_views,
        public_views,
        reach_views,
        recommendation_views,
        reminders,
        session_views,
        views,
    )
    from .lottery import answer_views, member_views, registrant_views, retention, selection_views  # noqa: F401
    from .lottery import cli as lottery_cli  # noqa: F401 - flask dialogue import-register, invite, ...
    from .lottery import models as lottery_models  # noqa: F401 - tables for migrations
    from .lottery import views as lottery_views  # noqa: F401
    from .lottery.public_views import bp as registration_bp

    app.register_blueprint(bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(registration_bp)  # /beteiligung/anmeldung: before <ags> by being static
    from .cli import dialogue_cli

    app.cli.add_command(dialogue_cli)
