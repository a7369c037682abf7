"""Discussion pages: forum index, category, topic with replies, new topic, edit with
history, and the Markdown preview (htmx, or the form's own preview button without
JavaScript). Category administration for the network's staff: list, create, edit, reorder."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ... import audit, permissions
from ...extensions import db
from ...network.models import Municipality, Network
from ...permissions import require
from ...platform.storage import files
from .. import bp
from ..access import (
    get_category_or_404,
    get_post_or_404,
    get_topic_or_404,
    managed_category_or_404,
    managed_network_or_404,
)
from ..models import Post, Topic
from . import limits, mentions, rendering, services
from .forms import AUDIENCE_LABELS, CategoryForm, EditPostForm, PostForm, TopicForm


def _page() -> int:
    return max(1, request.args.get("page", 1, type=int) or 1)


def forum_networks(user) -> list[Network]:
    """The networks whose forum the user sees: their own; every network for admins."""
    query = select(Network).order_by(Network.name)
    if not permissions.is_admin(user):
        query = query.where(Network.id.in_(permissions.network_ids(user)))
    return list(db.session.scalars(query))


def _post_form(form_class, network_id: int, **kwargs):
    form = form_class(**kwargs)
    form.set_municipalities(current_user.name, services.posting_municipalities(current_user, network_id))
    return form


def _chosen_municipality(form):
    value = form.municipality.data if "municipality" in form else ""
    if not value:
        return None
    municipality = db.session.get(Municipality, int(value))
    require(municipality is not None and permissions.can_post_for(current_user, municipality))
    return municipality


def _refused_status(exc) -> int:
    return getattr(exc, "status", 422)


@bp.app_template_global("forum_handle")
def forum_handle(user, network_id: int) -> str:
    return mentions.handle_of(user, network_id) if user is not None else ""


@bp.app_template_global("forum_quote_text")
def forum_quote_text(post, handle: str) -> str:
    return services.quote_text(post, handle)


@bp.route("/")
def index():
    networks = forum_networks(current_user)
    require(bool(networks))
    sections = []
    for network in networks:
        visible = [c for c in services.categories_of(network.id) if permissions.can_view_category(current_user, c)]
        sections.append({"network": network, "rows": services.category_rows(visible)})
    return render_template("forum/index.html", sections=sections)


@bp.route("/categories/<int:category_id>")
def category(category_id: int):
    cat = get_category_or_404(category_id)
    page = _page()
    topics, total = services.topics_page(
        cat, page, include_hidden=permissions.can_moderate(current_user, cat.network_id), author_id=current_user.id
    )
    return render_template(
        "forum/category.html", category=cat, topics=topics, total=total, page=page,
        page_size=services.TOPICS_PER_PAGE,
    )


@bp.route("/categories/<int:category_id>/topics/new", methods=["GET", "POST"])
@limits.post_rate_limit
def new_topic(category_id: int):
    cat = get_category_or_404(category_id)
    require(permissions.can_start_topic(current_user, cat))
    form = _post_form(TopicForm, cat.network_id)
    preview = refused = None
    if request.method == "POST" and form.validate():
        if request.form.get("preview"):
            preview, _people = mentions.render(form.body.data, cat.network_id)
        else:
            try:
                topic = services.start_topic(
                    current_user, cat, form.title.data, form.body.data,
                    municipality=_chosen_municipality(form), content_warning=form.content_warning.data,
                    attachments=form.files.data,
                )
            except (limits.PostingRefused, files.StorageFull) as exc:
                db.session.rollback()
                refused = exc
            else:
                db.session.commit()
                return redirect(url_for("forum.topic", topic_id=topic.id))
    status = _refused_status(refused) if refused else (422 if form.errors else 200)
    return render_template(
        "forum/new_topic.html", category=cat, form=form, preview=preview,
        refused=refused.message if refused else None,
    ), status


def _render_topic(topic: Topic, form, page: int, *, refused=None, preview=None, status=200):
    posts, total = services.posts_page(topic, page)
    if page > 1 and not posts:
        abort(404)
    return render_template(
        "forum/topic.html", topic=topic, posts=posts, total=total, page=page, page_size=services.POSTS_PER_PAGE,
        form=form, can_reply=permissions.can_reply(current_user, topic), refused=refused, preview=preview,
        handles=mentions.handles(topic.network_id),
    ), status


@bp.route("/topics/<int:topic_id>")
def topic(topic_id: int):
    t = get_topic_or_404(topic_id)
    if t.kind == "practice" and t.practice is not None:
        return redirect(url_for("forum.practice", practice_id=t.practice.id))
    form = _post_form(PostForm, t.network_id, formdata=None)
    quoted_id = request.args.get("quote", type=int)
    if quoted_id and permissions.can_reply(current_user, t):
        quoted = db.session.get(Post, quoted_id)
        if quoted is not None and quoted.topic_id == t.id and permissions.can_view_post(current_user, quoted):
            handle = mentions.handle_of(quoted.author, t.network_id) if quoted.author else ""
            form.body.data = services.quote_text(quoted, handle)
    return _render_topic(t, form, _page())


@bp.route("/topics/<int:topic_id>/reply", methods=["POST"])
@limits.post_rate_limit
def reply(topic_id: int):
    t = get_topic_or_404(topic_id)
    require(permissions.can_reply(current_user, t))
    form = _post_form(PostForm, t.network_id)
    page = max(1, request.form.get("page", 1, type=int) or 1)
    if not form.validate():
        return _render_topic(t, form, page, status=422)
    if request.form.get("preview"):
        html, _people = mentions.render(form.body.data, t.network_id)
        return _render_topic(t, form, page, preview=html)
    try:
        post = services.reply(
            current_user, t, form.body.data, municipality=_chosen_municipality(form),
            content_warning=form.content_warning.data, attachments=form.files.data,
        )
    except (limits.PostingRefused, files.StorageFull) as exc:
        db.session.rollback()
        return _render_topic(t, form, page, refused=str(exc.message), status=_refused_status(exc))
    db.session.commit()
    return redirect(url_for("forum.topic", topic_id=t.id, page=services.page_of(post), _anchor=f"post-{post.id}"))


@bp.route("/posts/<int:post_id>")
def post(post_id: int):
    p = get_post_or_404(post_id)
    if p.topic.kind == "practice" and p.topic.practice is not None:
        return redirect(url_for("forum.practice", practice_id=p.topic.practice.id, _anchor=f"post-{p.id}"))
    return redirect(url_for("forum.topic", topic_id=p.topic_id, page=services.page_of(p), _anchor=f"post-{p.id}"))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@limits.post_rate_limit
def edit_post(post_id: int):
    p = get_post_or_404(post_id)
    require(permissions.can_edit_post(current_user, p))
    form = EditPostForm(obj=p) if request.method == "GET" else EditPostForm()
    if request.method == "GET" and p.is_first:
        form.title.data = p.topic.title
    preview = refused = None
    if request.method == "POST" and form.validate():
        if request.form.get("preview"):
            preview, _people = mentions.render(form.body.data, p.topic.network_id)
        else:
            try:
                services.edit_post(
                    current_user, p, form.body.data, content_warning=form.content_warning.data,
                    title=form.title.data if p.is_first else None,
                )
            except limits.PostingRefused as exc:
                db.session.rollback()
                refused = exc
            else:
                db.session.commit()
                return redirect(url_for("forum.post", post_id=p.id))
    status = _refused_status(refused) if refused else (422 if form.errors else 200)
    return render_template(
        "forum/edit_post.html", post=p, topic=p.topic, form=form, preview=preview,
        refused=refused.message if refused else None,
    ), status


@bp.route("/posts/<int:post_id>/history")
def post_history(post_id: int):
    p = get_post_or_404(post_id)
    require(permissions.can_view_post(current_user, p))
    versions = [
        {"revision": r, "html": rendering.render(r.body)} for r in reversed(p.revisions)
    ]
    return render_template("forum/history.html", post=p, topic=p.topic, versions=versions)


@bp.route("/preview", methods=["POST"])
def preview():
    """The Markdown preview of the posting forms (htmx): rendered and sanitised like a post."""
    body = request.form.get("body", "")[:20000]
    ids = sorted(permissions.network_ids(current_user))
    html = mentions.render(body, ids[0])[0] if ids else rendering.render(body)
    return render_template("forum/_preview.html", preview=html, empty=not body.strip())


# --- category administration ------------------------------------------------------------


@bp.route("/networks/<int:network_id>/categories")
def categories_admin(network_id: int):
    network = managed_network_or_404(network_id)
    rows = services.category_rows(services.categories_of(network.id))
    return render_template("forum/categories_admin.html", network=network, rows=rows, audience_labels=AUDIENCE_LABELS)


@bp.route("/networks/<int:network_id>/categories/new", methods=["GET", "POST"])
def category_new(network_id: int):
    network = managed_network_or_404(network_id)
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
    category = managed_category_or_404(category_id)
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
    category = managed_category_or_404(category_id)
    direction = request.form.get("direction")
    if direction not in ("up", "down"):
        abort(400)
    services.move_category(category, direction)
    db.session.commit()
    return redirect(url_for("forum.categories_admin", network_id=category.network_id, _anchor=f"cat-{category.id}"))
