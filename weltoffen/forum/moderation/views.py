"""Moderation pages: report a post; the coordinators' queue and their decisions; lock
and pin topics; suspend and reinstate people. Also the forum's 429 answer for the
posting routes (limits.too_many_posts) and two template globals for the forum pages:
`moderation_pending(network_id)` (queue length for staff, else None) and
`hidden_reason_label(reason)`."""

import logging

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from ... import permissions
from ...extensions import db
from ...platform.mail import MailError
from .. import bp
from ..access import (
    member_or_404,
    moderated_network_or_404,
    moderated_post_or_404,
    moderated_topic_or_404,
    reportable_post_or_404,
)
from ..discussions import limits
from ..models import Post, Report
from . import services as moderation
from .forms import (
    HIDDEN_REASON_LABELS,
    REPORT_REASON_LABELS,
    RESOLUTION_LABELS,
    DecisionForm,
    ModeratorEditForm,
    ReinstateForm,
    ReportForm,
    SuspendForm,
)

log = logging.getLogger(__name__)
bp.register_error_handler(429, limits.too_many_posts)


@bp.app_template_global()
def moderation_pending(network_id: int | None) -> int | None:
    """Open reports to review in the network, for its staff; None for everyone else."""
    if network_id is None or not permissions.can_moderate(current_user, network_id):
        return None
    return moderation.pending_count(network_id)


@bp.app_template_global()
def hidden_reason_label(reason: str | None) -> str:
    return str(HIDDEN_REASON_LABELS.get(reason, "")) if reason else ""


def _post_url(post: Post) -> str:
    """The post on its topic page (forum.post finds its page)."""
    return url_for("forum.post", post_id=post.id)


def _back(post: Post):
    if request.form.get("next") == "queue":
        return redirect(url_for("forum.moderation_queue", network_id=post.topic.network_id))
    return redirect(_post_url(post))


def _tell_author(post: Post, reason: str = "") -> None:
    try:
        moderation.tell_author(post, reason)
    except MailError:
        log.warning("Could not e-mail the author of post %s that it was hidden", post.id)


def _labels() -> dict:
    return {
        "reason_labels": REPORT_REASON_LABELS,
        "resolution_labels": RESOLUTION_LABELS,
        "hidden_labels": HIDDEN_REASON_LABELS,
    }


# --- reporting --------------------------------------------------------------------------


@bp.route("/posts/<int:post_id>/report", methods=["GET", "POST"])
def report_post(post_id: int):
    post = reportable_post_or_404(post_id)
    mine = db.session.scalar(select(Report).where(Report.post_id == post.id, Report.reporter_id == current_user.id))
    form = ReportForm()
    if form.validate_on_submit():
        outcome = moderation.report_post(current_user, post, form.reason.data, form.note.data or "")
        if not outcome.created:
            flash(_("You have already reported this post. Your earlier report stands; nothing was changed."), "info")
            return redirect(_post_url(post))
        db.session.commit()
        if outcome.hidden_now:
            _tell_author(post)
        flash(_("Thank you. The network coordination will look at your report."), "success")
        return redirect(_post_url(post))
    return render_template(
        "forum/report.html", post=post, topic=post.topic, form=form, mine=mine, back=_post_url(post), **_labels()
    ), 422 if form.errors else 200


# --- the queue and decisions ------------------------------------------------------------


@bp.route("/networks/<int:network_id>/moderation")
def moderation_queue(network_id: int):
    network = moderated_network_or_404(network_id)
    items = moderation.queue(network.id)
    return render_template(
        "forum/moderation_queue.html", network=network, items=items, form=DecisionForm(), **_labels()
    )


@bp.route("/posts/<int:post_id>/moderate", methods=["GET", "POST"])
def moderate_post(post_id: int):
    post = moderated_post_or_404(post_id)
    form = DecisionForm()
    action = request.form.get("action")
    if request.method == "POST" and action not in ("keep", "hide", "unhide"):
        abort(400)
    if form.validate_on_submit():
        reason = form.reason.data.strip()
        try:
            if action == "keep":
                moderation.keep(current_user, post, reason)
                message = _("The post stays visible; its reports are closed.")
            elif action == "hide":
                told = moderation.hide(current_user, post, reason)
                message = _("The post is hidden.")
            else:
                moderation.unhide(current_user, post, reason)
                message = _("The post is visible again.")
        except moderation.ModerationError as exc:
            db.session.rollback()
            form.reason.errors.append(str(exc.message))
        else:
            db.session.commit()
            if action == "hide" and told:
                _tell_author(post, reason)
            flash(message, "success")
            return _back(post)
    return render_template(
        "forum/moderation_post.html",
        post=post,
        topic=post.topic,
        reports=moderation.open_reports(post),
        form=form,
        back=_post_url(post),
        **_labels(),
    ), 422 if form.errors else 200


@bp.route("/posts/<int:post_id>/moderator-edit", methods=["GET", "POST"])
def moderator_edit(post_id: int):
    post = moderated_post_or_404(post_id)
    form = ModeratorEditForm(data={"body": post.body} if request.method == "GET" else None)
    refused = None
    if form.validate_on_submit():
        try:
            moderation.edit(current_user, post, form.body.data, form.reason.data.strip())
        except limits.PostingRefused as exc:
            db.session.rollback()
            refused = exc.message
        else:
            db.session.commit()
            flash(_("The post has been changed; the earlier text is kept in its history."), "success")
            return _back(post)
    return render_template(
        "forum/moderation_edit.html", post=post, topic=post.topic, form=form, refused=refused, back=_post_url(post),
        reports=moderation.open_reports(post), **_labels(),
    ), 422 if form.errors or refused else 200


def _topic_toggle(topic_id: int, field: str, setter):
    topic = moderated_topic_or_404(topic_id)
    value = request.form.get(field)
    if value not in ("0", "1"):
        abort(400)
    setter(current_user, topic, value == "1")
    db.session.commit()
    first = topic.posts[0] if topic.posts else None
    return topic, (redirect(_post_url(first)) if first else redirect(url_for("forum.moderation_queue",
                                                                               network_id=topic.network_id)))


@bp.route("/topics/<int:topic_id>/lock", methods=["POST"])
def lock_topic(topic_id: int):
    topic, response = _topic_toggle(topic_id, "locked", moderation.set_locked)
    flash(_("The topic is locked.") if topic.locked else _("The topic is open for replies again."), "success")
    return response


@bp.route("/topics/<int:topic_id>/pin", methods=["POST"])
def pin_topic(topic_id: int):
    topic, response = _topic_toggle(topic_id, "pinned", moderation.set_pinned)
    flash(_("The topic is pinned.") if topic.pinned else _("The topic is no longer pinned."), "success")
    return response


# --- suspensions ------------------------------------------------------------------------


@bp.route("/networks/<int:network_id>/suspensions")
def suspensions(network_id: int):
    network = moderated_network_or_404(network_id)
    profiles = [p for p in moderation.suspended_users() if network.id in permissions.network_ids(p.user)]
    return render_template("forum/suspensions.html", network=network, profiles=profiles, form=ReinstateForm())


@bp.route("/networks/<int:network_id>/users/<int:user_id>/suspend", methods=["GET", "POST"])
def suspend_user(network_id: int, user_id: int):
    network = moderated_network_or_404(network_id)
    user = member_or_404(network, user_id)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            hidden = moderation.suspend(current_user, user, form.reason.data.strip())
        except moderation.ModerationError as exc:
            db.session.rollback()
            form.reason.errors.append(str(exc.message))
        else:
            db.session.commit()
            flash(ngettext("%(name)s is suspended from the forum; %(num)d post is hidden.",
                           "%(name)s is suspended from the forum; %(num)d posts are hidden.", hidden, name=user.name),
                  "success")
            return redirect(url_for("forum.suspensions", network_id=network.id))
    return render_template(
        "forum/suspend.html", network=network, user=user, form=form,
        suspended=permissions.is_forum_suspended(user),
    ), 422 if form.errors else 200


@bp.route("/networks/<int:network_id>/users/<int:user_id>/reinstate", methods=["POST"])
def reinstate_user(network_id: int, user_id: int):
    network = moderated_network_or_404(network_id)
    user = member_or_404(network, user_id)
    form = ReinstateForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        shown = moderation.reinstate(current_user, user, (form.reason.data or "").strip())
    except moderation.ModerationError as exc:
        db.session.rollback()
        flash(str(exc.message), "warning")
    else:
        db.session.commit()
        flash(ngettext("%(name)s may post again; %(num)d post is visible again.",
                       "%(name)s may post again; %(num)d posts are visible again.", shown, name=user.name), "success")
    return redirect(url_for("forum.suspensions", network_id=network.id))
