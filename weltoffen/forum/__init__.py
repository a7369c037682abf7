"""Network forum and practice library: categories, topics, posts, attachments,
follow levels and notifications, search, practices, moderation.

Sub-packages by topic (discussions, practices, moderation, search, notifications),
each with its services, views and forms; shared here: the blueprint, models.py,
access.py (the load-or-404 helpers), links.py, cli.py and demo/."""

from flask import Blueprint

bp = Blueprint("forum", __name__, url_prefix="/forum", template_folder="templates")


def register(app) -> None:
    # importing the view and CLI modules attaches their routes and commands to bp
    from . import cli, models  # noqa: F401
    from .discussions import attachment_views, views  # noqa: F401
    from .moderation import views as _moderation  # noqa: F401
    from .notifications import views as _notifications  # noqa: F401
    from .practices import views as _practices  # noqa: F401
    from .search import views as _search  # noqa: F401

    app.register_blueprint(bp)
    app.cli.add_command(cli.forum_cli)
