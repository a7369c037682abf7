"""Network forum and practice library: categories, topics, posts, attachments,
follow levels and notifications, search, practices, moderation.

Sub-packages by topic (discussions, practices, moderation, search, notifications),
each with its services, views and forms; shared here: the blueprint, models.py,
access.py (the load-or-404 helpers), links.py, cli.py and demo/."""

from flask import Blueprint

bp = Blueprint("forum", __name__, url_prefix="/forum", template_folder="templates")


def register(app) -> None:
    from . import cli, models  # noqa: F401 - routes and commands attach to bp
    from .discussions import attachment_views, category_views, views  # noqa: F401
    from .moderation import views as moderation_views  # noqa: F401
    from .notifications import views as notification_views  # noqa: F401
    from .practices import views as practice_views  # noqa: F401
    from .search import views as search_views  # noqa: F401

    app.register_blueprint(bp)
