from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")


def register(app) -> None:
    from . import account_views, cli, views  # noqa: F401 - routes and commands attach to bp

    app.register_blueprint(bp)
    app.cli.add_command(cli.auth_cli)
