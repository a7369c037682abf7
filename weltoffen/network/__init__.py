from flask import Blueprint

bp = Blueprint("network", __name__, template_folder="templates")

from . import admin_views, cli, import_views, views  # noqa: E402,F401
