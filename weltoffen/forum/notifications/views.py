"""Notifications page, unread badge, follow controls and digest settings."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.validators import InputRequired

from ...extensions import db, htmx
from ...platform.web.forms import choices
from ...selfcheck.display import tr
from .. import bp
from ..access import get_category_or_404, get_topic_or_404, own_notification_or_404
from ..links import topic_url
from . import digest, follow
from . import services as notifications

LEVEL_LABELS = {
    "watching": _l("Watching: tell me about every reply"),
    "normal": _l("Normal: only when I am mentioned"),
    "muted": _l("Muted: no notifications"),
}
DIGEST_LABELS = {
    "off": _l("No e-mail"),
    "daily": _l("Daily"),
    "weekly": _l("Weekly"),
}


class FollowForm(FlaskForm):
    level = SelectField(_l("Notifications"), choices=choices(LEVEL_LABELS.items()), validators=[InputRequired()])


class DigestForm(FlaskForm):
    digest = SelectField(
        _l("E-mail summary"), choices=choices(DIGEST_LABELS.items()), validators=[InputRequired()]
    )


class DimensionForm(FlaskForm):
    dimensions = SelectMultipleField(
        _l("Fields of action"),
        widget=widgets.ListWidget(prefix_label=False),
        option_widget=widgets.CheckboxInput(),
    )


def known_dimensions() -> dict[str, str]:
    """Dimension keys of the newest version of every questionnaire, with titles."""
    from ...selfcheck.services import latest_questionnaires

    seen_slugs, keys = set(), {}
    for questionnaire in latest_questionnaires():
        if questionnaire.slug in seen_slugs:
            continue
        seen_slugs.add(questionnaire.slug)
        for dim in questionnaire.dimensions:
            keys.setdefault(dim["key"], tr(dim["title"]))
    return keys


def _forget_unread() -> None:
    """After marking read: later counts in this request are read from the database."""
    current_user.nav_unread = None


def _page_arg() -> int:
    return request.args.get("page", 1, type=int) or 1


def _render_page(digest_form=None, dimension_form=None, status=200):
    result = notifications.page_for(current_user, _page_arg())
    dims = known_dimensions()
    if digest_form is None:
        digest_form = DigestForm(digest=digest.profile_of(current_user).digest)
    if dimension_form is None:
        dimension_form = DimensionForm(dimensions=sorted(follow.followed_dimensions(current_user)))
    dimension_form.dimensions.choices = choices(dims.items())
    return render_template(
        "forum/notifications.html",
        result=result,
        page_size=notifications.PAGE_SIZE,
        digest_form=digest_form,
        dimension_form=dimension_form,
        topic_url=topic_url,
    ), status


@bp.route("/notifications", endpoint="notifications")
def notifications_page():
    return _render_page()


@bp.route("/notifications/unread")
def unread_badge():
    count = notifications.unread_count(current_user)
    shown = request.args.get("shown", type=int)
    if htmx and shown == count:
        return "", 204
    return render_template("forum/_unread_badge.html", count=count)


@bp.route("/notifications/<int:notification_id>/open")
def open_notification(notification_id: int):
    note = own_notification_or_404(notification_id)
    notifications.mark_read(note)
    _forget_unread()
    db.session.commit()
    if note.grant is not None and notifications.still_visible(current_user, note):
        return redirect(url_for("incidents.access_log", incident_id=note.grant.incident_id))
    if note.advice is not None and notifications.still_visible(current_user, note):
        return redirect(url_for("selfcheck.advice_detail", advice_id=note.advice_id))
    if note.topic is None or not notifications.still_visible(current_user, note):
        flash(_("This post is no longer available."), "info")
        return redirect(url_for("forum.notifications"))
    return redirect(topic_url(note.topic, note.post))


@bp.route("/notifications/<int:notification_id>/read", methods=["POST"])
def mark_notification_read(notification_id: int):
    note = own_notification_or_404(notification_id)
    notifications.mark_read(note)
    _forget_unread()
    db.session.commit()
    if htmx:
        return render_template("forum/_notification.html", note=note, topic_url=topic_url)
    return redirect(url_for("forum.notifications", page=_page_arg()))


@bp.route("/notifications/read-all", methods=["POST"])
def mark_all_notifications_read():
    count = notifications.mark_all_read(current_user)
    _forget_unread()
    db.session.commit()
    flash(_("All notifications are marked as read.") if count else _("Nothing was unread."), "success")
    return redirect(url_for("forum.notifications"))


@bp.route("/notifications/settings", methods=["POST"])
def notification_settings():
    if "digest" in request.form:
        form = DigestForm()
        if not form.validate_on_submit():
            return _render_page(digest_form=form, status=400)
        digest.set_frequency(current_user, form.digest.data)
        db.session.commit()
        flash(_("Your e-mail summary setting is saved."), "success")
    else:
        form = DimensionForm()
        dims = known_dimensions()
        form.dimensions.choices = choices(dims.items())
        if not form.validate_on_submit():
            return _render_page(dimension_form=form, status=400)
        follow.set_followed_dimensions(current_user, set(form.dimensions.data or []), set(dims))
        db.session.commit()
        flash(_("Your fields of action are saved."), "success")
    return redirect(url_for("forum.notifications"))


def _follow(target: dict, template_context: dict):
    form = FollowForm()
    if not form.validate_on_submit():
        if htmx:
            return render_template("forum/_follow_controls.html", status_only=True, invalid=True), 400
        abort(400)
    follow.set_level(current_user, form.level.data, **target)
    db.session.commit()
    if htmx:
        return render_template(
            "forum/_follow_controls.html", status_only=True, saved=LEVEL_LABELS[form.level.data], **template_context
        )
    flash(_("Your notification setting is saved."), "success")
    fallback = url_for("forum.notifications")
    return redirect(_safe_next(request.form.get("next")) or fallback)


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


@bp.route("/topics/<int:topic_id>/follow", methods=["POST"])
def follow_topic(topic_id: int):
    topic = get_topic_or_404(topic_id)
    return _follow({"topic": topic}, {"topic": topic})


@bp.route("/categories/<int:category_id>/follow", methods=["POST"])
def follow_category(category_id: int):
    category = get_category_or_404(category_id)
    return _follow({"category": category}, {"category": category})


@bp.app_context_processor
def _follow_helpers():
    return {
        "follow_level": _current_level,
        "unread_count": notifications.unread_count,
        "FOLLOW_LABELS": LEVEL_LABELS,
        "describe_notification": notifications.describe,
        "notification_excerpt": notifications.excerpt,
    }


def _current_level(topic=None, category=None) -> str:
    if not current_user.is_authenticated:
        return "normal"
    if topic is not None:
        return follow.topic_level(current_user, topic)
    return follow.category_level(current_user, category)

