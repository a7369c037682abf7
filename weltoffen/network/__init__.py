from flask import Blueprint

bp = Blueprint("network", __name__, template_folder="templates")


def register(app) -> None:
    from . import admin_views, cli, import_views, views  # noqa: F401 - routes attach to bp

    app.register_blueprint(bp)
    app.cli.add_command(cli.network_cli)
    from .labels import KIND_LABELS, ROLE_LABELS
    from .models import STATES

    app.jinja_env.globals.update(ROLE_LABELS=ROLE_LABELS, KIND_LABELS=KIND_LABELS, STATES=STATES)
