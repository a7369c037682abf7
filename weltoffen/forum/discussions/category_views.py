"""Category administration for the network's staff: list, create, edit, reorder."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import audit, permissions
from ...extensions import db
from ...network.models import Network
from ...permissions import require
from .. import bp
from ..models import ForumCategory
from . import services
from .forms import AUDIENCE_LABELS, CategoryForm


@bp.route("/networks/<int:network_id>/categories")
def categories_admin(network_id: int):
    network = db.session.get(Network, network_id) or abort(404)
    require(permissions.can_manage_categories(current_user, network))
    rows = services.category_rows(services.categories_of(network.id))
    return render_template("forum/categories_admin.html", network=network, rows=rows, audience_labels=AUDIENCE_LABELS)


@bp.route("/networks/<int:network_id>/categories/new", methods=["GET", "POST"])
def category_new(network_id: int):
    network = db.session.get(Network, network_id) or abort(404)
    require(permissions.can_manage_categories(current_user, network))
    form = CategoryForm()
    if form.validate_on_submit():
        category = services.create_category(
            current_user, network, title=form.title.data, description=form.description.data or "",
            audience=form.audience.data,
        )
        audit.record("forum.category_created", actor=current_user, obj=category, title=category.title)
        db.session.commit()
        flash(_("The category “%(title)s” was created.", title=category.title), "success")
        return redirect(url_for("forum.categories_admin", network_id=network.id))
    return render_template(
        "forum/category_form.html", network=network, category=None, form=form
    ), 422 if form.errors else 200


@bp.route("/categories/<int:category_id>/edit", methods=["GET", "POST"])
def category_edit(category_id: int):
    category = db.session.get(ForumCategory, category_id) or abort(404)
    require(permissions.can_manage_categories(current_user, category.network))
    form = CategoryForm(obj=category)
    if form.validate_on_submit():
        services.update_category(
            category, title=form.title.data, description=form.description.data or "", audience=form.audience.data
        )
        audit.record("forum.category_changed", actor=current_user, obj=category, title=category.title,
                     audience=category.audience)
        db.session.commit()
        flash(_("The category “%(title)s” was saved.", title=category.title), "success")
        return redirect(url_for("forum.categories_admin", network_id=category.network_id))
    return render_template(
        "forum/category_form.html", network=category.network, category=category, form=form
    ), 422 if form.errors else 200


@bp.route("/categories/<int:category_id>/move", methods=["POST"])
def category_move(category_id: int):
    category = db.session.get(ForumCategory, category_id) or abort(404)
    require(permissions.can_manage_categories(current_user, category.network))
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    services.move_category(category, direction)
    db.session.commit()
    return redirect(url_for("forum.categories_admin", network_id=category.network_id, _anchor=f"cat-{category.id}"))
