"""Network forum and practice library: categories, topics, posts, attachments,
follow levels and notifications, search, practices, moderation."""

from flask import Blueprint

bp = Blueprint("forum", __name__, url_prefix="/forum", template_folder="templates")


def register(app) -> None:
    from . import (  # noqa: F401 - routes and commands attach to bp
        attachment_views,
        category_views,
        cli,
        models,
        moderation_views,
        notification_views,
        practice_views,
        search_views,
        views,
    )

    app.register_blueprint(bp)
