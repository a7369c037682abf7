"""Moderation services: reports, the coordinators' queue and their decisions (keep,
hide, unhide, edit with a reason), locking and pinning topics, suspending users.

Every decision resolves the post's open reports and is written to the audit log
with its reason. Services flush, never commit; the view commits once and sends the
"your post was hidden" e-mail afterwards (`tell_author`), so a failing mail server
never undoes a decision.
"""

import logging
from dataclasses import dataclass

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ... import audit
from ...auth.models import User
from ...extensions import db
from ...platform.db.columns import utcnow
from ...platform.mail import render_and_send
from ..discussions import rendering
from ..models import ForumProfile, Notification, Post, PostRevision, Report, Topic

log = logging.getLogger(__name__)


class ModerationError(Exception):
    """A decision that cannot be taken; `message` is shown to the moderator."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class ReportOutcome:
    report: Report
    #: False when this person had already reported the post (nothing changed).
    created: bool
    #: True when this report hid the post (the author is to be told).
    hidden_now: bool = False


# --- hiding and showing -----------------------------------------------------------------


def _hide(post: Post, reason: str) -> None:
    """Hide a post (or change why it is hidden); keeps the topic's counters right."""
    if post.hidden_reason is None:
        post.hidden_at = utcnow()
        if post.is_first:
            post.topic.hidden = True
        else:
            post.topic.reply_count = max(0, post.topic.reply_count - 1)
    post.hidden_reason = reason


def _show(post: Post) -> None:
    if post.hidden_reason is None:
        return
    post.hidden_reason = None
    post.hidden_at = None
    if post.is_first:
        post.topic.hidden = False
    else:
        post.topic.reply_count += 1


def _notify_hidden(post: Post, actor=None) -> None:
    if post.author_id is not None:
        db.session.add(
            Notification(user_id=post.author_id, kind="hidden", topic_id=post.topic_id, post_id=post.id,
                         actor_id=getattr(actor, "id", None))
        )


# --- reports ----------------------------------------------------------------------------


def report_post(user: User, post: Post, reason: str, note: str = "") -> ReportOutcome:
    """File `user`'s report on `post`. One report per person and post: a second one
    changes nothing (created=False). When FORUM_REPORT_HIDE_THRESHOLD different
    people have open reports on it, the post is hidden pending review and its author
    notified in the app (the view sends the e-mail) — unless it carries a content
    warning: such posts only go to the queue."""
    existing = db.session.scalar(select(Report).where(Report.post_id == post.id, Report.reporter_id == user.id))
    if existing is not None:
        return ReportOutcome(existing, created=False)
    report = Report(post_id=post.id, reporter_id=user.id, reason=reason, note=(note or "").strip())
    db.session.add(report)
    db.session.flush()
    outcome = ReportOutcome(report, created=True)
    threshold = current_app.config["FORUM_REPORT_HIDE_THRESHOLD"]
    if not post.hidden and not post.content_warning and open_report_count(post) >= threshold:
        _hide(post, "reports")
        _notify_hidden(post)
        outcome.hidden_now = True
        audit.record("forum.post_hidden_by_reports", obj=post, reports=open_report_count(post))
    db.session.flush()
    return outcome


def open_report_count(post: Post) -> int:
    return db.session.scalar(
        select(func.count(func.distinct(Report.reporter_id))).where(
            Report.post_id == post.id, Report.resolved_at.is_(None)
        )
    )


def open_reports(post: Post) -> list[Report]:
    return list(
        db.session.scalars(
            select(Report).where(Report.post_id == post.id, Report.resolved_at.is_(None)).order_by(Report.id)
        )
    )


def _open_posts_query(network_id: int):
    return (
        select(Report.post_id)
        .join(Post, Post.id == Report.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Report.resolved_at.is_(None), Topic.network_id == network_id)
        .group_by(Report.post_id)
    )


def pending_count(network_id: int) -> int:
    """Posts of the network with open reports (the queue's length)."""
    return db.session.scalar(select(func.count()).select_from(_open_posts_query(network_id).subquery()))


@dataclass
class QueueItem:
    post: Post
    reports: list[Report]


def queue(network_id: int) -> list[QueueItem]:
    """Reported posts of the network with their open reports, oldest report first."""
    rows = db.session.scalars(
        select(Report)
        .join(Post, Post.id == Report.post_id)
        .join(Topic, Topic.id == Post.topic_id)
        .where(Report.resolved_at.is_(None), Topic.network_id == network_id)
        .order_by(Report.created_at, Report.id)
    )
    items: dict[int, QueueItem] = {}
    for report in rows:
        items.setdefault(report.post_id, QueueItem(report.post, [])).reports.append(report)
    return list(items.values())


def _resolve(post: Post, moderator: User, resolution: str) -> int:
    reports = open_reports(post)
    now = utcnow()
    for report in reports:
        report.resolved_at, report.resolved_by_id, report.resolution = now, moderator.id, resolution
    return len(reports)


# --- decisions --------------------------------------------------------------------------


def keep(moderator: User, post: Post, reason: str) -> None:
    """Dismiss the open reports; a post hidden by reports is shown again."""
    resolved = _resolve(post, moderator, "kept")
    was_hidden = post.hidden_reason == "reports"
    if was_hidden:
        _show(post)
    audit.record("forum.post_kept", actor=moderator, obj=post, reason=reason, reports=resolved, unhidden=was_hidden)
    db.session.flush()


def hide(moderator: User, post: Post, reason: str) -> bool:
    """Hide the post by a moderator's decision (also when reports had hidden it);
    returns True when it was visible before (the author is then notified)."""
    was_visible = not post.hidden
    resolved = _resolve(post, moderator, "hidden")
    _hide(post, "moderator")
    if was_visible:
        _notify_hidden(post, moderator)
    audit.record("forum.post_hidden", actor=moderator, obj=post, reason=reason, reports=resolved)
    db.session.flush()
    return was_visible


def unhide(moderator: User, post: Post, reason: str) -> None:
    """Show a post hidden by reports or by a moderator again. Posts hidden because
    their author is suspended come back only when the author is reinstated."""
    if post.hidden_reason == "suspended":
        raise ModerationError(_l("This post is hidden because its author is suspended. Reinstate the author instead."))
    resolved = _resolve(post, moderator, "kept")
    _show(post)
    audit.record("forum.post_unhidden", actor=moderator, obj=post, reason=reason, reports=resolved)
    db.session.flush()


def edit(moderator: User, post: Post, body: str, reason: str) -> None:
    """Change a post's text with a reason; the old text always goes to its history.
    Uses the discussion services' edit_post when present. Resolves the open reports
    ("edited"); a post hidden by reports is shown again with its new text."""
    try:
        from ..discussions.services import edit_post
    except ImportError:  # the discussion part is not there yet
        edit_post = None
    if edit_post is not None:
        edit_post(moderator, post, body, reason=reason)
    else:
        db.session.add(PostRevision(post_id=post.id, body=post.body, editor_id=moderator.id, reason=reason))
        post.body, post.body_html, post.edited_at = body, rendering.render(body), utcnow()
    resolved = _resolve(post, moderator, "edited")
    if post.hidden_reason == "reports":
        _show(post)
    audit.record("forum.post_edited_by_moderator", actor=moderator, obj=post, reason=reason, reports=resolved)
    db.session.flush()


def set_locked(moderator: User, topic: Topic, locked: bool) -> None:
    """Lock (no more replies except by staff) or unlock a topic."""
    if topic.locked != locked:
        topic.locked = locked
        audit.record("forum.topic_locked" if locked else "forum.topic_unlocked", actor=moderator, obj=topic)
    db.session.flush()


def set_pinned(moderator: User, topic: Topic, pinned: bool) -> None:
    """Pin a topic to the top of its category, or unpin it."""
    if topic.pinned != pinned:
        topic.pinned = pinned
        audit.record("forum.topic_pinned" if pinned else "forum.topic_unpinned", actor=moderator, obj=topic)
    db.session.flush()


# --- suspension -------------------------------------------------------------------------


def suspend(moderator: User, user: User, reason: str) -> int:
    """Suspend `user` from the forum: they cannot post, and all their visible posts
    are hidden (hidden_reason="suspended"). Returns the number of posts hidden."""
    if user.id == moderator.id:
        raise ModerationError(_l("You cannot suspend yourself."))
    if user.network_role is not None:
        raise ModerationError(_l("Coordinators and administrators cannot be suspended from the forum."))
    profile = db.session.get(ForumProfile, user.id) or ForumProfile(user_id=user.id)
    if profile.suspended_at is not None:
        raise ModerationError(_l("This person is already suspended."))
    profile.suspended_at, profile.suspended_reason, profile.suspended_by_id = utcnow(), reason, moderator.id
    db.session.add(profile)
    posts = db.session.scalars(select(Post).where(Post.author_id == user.id, Post.hidden_reason.is_(None)))
    hidden = 0
    for post in posts:
        _hide(post, "suspended")
        hidden += 1
    audit.record("forum.user_suspended", actor=moderator, obj=user, reason=reason, posts_hidden=hidden)
    db.session.flush()
    return hidden


def reinstate(moderator: User, user: User, reason: str = "") -> int:
    """End a suspension; exactly the posts hidden by it are shown again (posts a
    moderator or reports hid stay hidden). Returns the number of posts shown."""
    profile = db.session.get(ForumProfile, user.id)
    if profile is None or profile.suspended_at is None:
        raise ModerationError(_l("This person is not suspended."))
    profile.suspended_at, profile.suspended_reason, profile.suspended_by_id = None, "", None
    shown = 0
    for post in db.session.scalars(select(Post).where(Post.author_id == user.id, Post.hidden_reason == "suspended")):
        _show(post)
        shown += 1
    audit.record("forum.user_reinstated", actor=moderator, obj=user, reason=reason, posts_shown=shown)
    db.session.flush()
    return shown


def suspended_users(user_ids: set[int] | None = None) -> list[ForumProfile]:
    """Current suspensions, newest first (limited to `user_ids` when given)."""
    query = select(ForumProfile).where(ForumProfile.suspended_at.is_not(None))
    if user_ids is not None:
        query = query.where(ForumProfile.user_id.in_(user_ids))
    return list(db.session.scalars(query.order_by(ForumProfile.suspended_at.desc())))


# --- telling the author -----------------------------------------------------------------


def tell_author(post: Post, reason: str = "") -> None:
    """E-mail the author that their post was hidden, in their language (after the
    commit; raises mail.MailError)."""
    author = post.author
    if author is None or not author.active:
        return
    render_and_send(
        author.email,
        _l("Your forum post has been hidden"),
        "forum_post_hidden",
        language=author.language,
        post=post,
        author=author,
        by_reports=post.hidden_reason == "reports",
        reason=reason,
        excerpt=rendering.plain_excerpt(post.body, 300),
        link=url_for("forum.post", post_id=post.id, _external=True),
    )
