"""Peer comparison: peer groups, the K rule, aggregates, and the comparison pages."""

from flask import Blueprint

bp = Blueprint("benchmark", __name__, url_prefix="/benchmark", template_folder="templates")


def register(app) -> None:
    from ..network import signals
    from . import aggregates, chart_views, cli, group_views, views  # noqa: F401 - routes attach to bp

    signals.municipalities_changed.connect(aggregates.on_municipalities_changed)

    app.register_blueprint(bp)
    app.cli.add_command(cli.benchmark_cli)
