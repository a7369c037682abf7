"""Posting limits in the spirit of Discourse (the moderation part; the posting
services and views call `check_post` before they write anything).

Two layers:
- `check_post`: the forum's own rules with a message in the user's language that
  names the numbers (new-account link and mention limits, seconds between posts and
  between topics, the same text twice, suspension). The caller keeps the form filled.
- `post_rate_limit`: a flask-limiter shared limit (FORUM_POST_RATE_LIMIT per user)
  for the posting routes, as a last line against scripts:

      @bp.route("/topics/<int:topic_id>/reply", methods=["POST"])
      @limits.post_rate_limit
      def reply(topic_id): ...

  Its 429 is answered by `too_many_posts` (registered on the forum blueprint): an htmx
  request gets a message in the page's alert region and the form keeps its text; a
  plain form post gets a page that shows the text that was not saved, to copy.
"""

import math
from datetime import timedelta

from flask import current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import select

from ... import permissions
from ...extensions import db, htmx, limiter
from ...platform.db.columns import utcnow
from ..models import Post, Topic
from . import rendering


class PostingRefused(Exception):
    """A post or topic was refused; `message` is shown to the user, the text kept."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _wait_message(seconds: float, new_topic: bool) -> str:
    n = max(1, math.ceil(seconds))
    if new_topic:
        return ngettext(
            "Please wait %(num)d more second before you open another topic. Your text is still here.",
            "Please wait %(num)d more seconds before you open another topic. Your text is still here.",
            n,
        )
    return ngettext(
        "Please wait %(num)d more second before you post again. Your text is still here.",
        "Please wait %(num)d more seconds before you post again. Your text is still here.",
        n,
    )


def _latest(column, author_column, user_id: int, exclude_post_id: int | None = None):
    query = select(column).where(author_column == user_id).order_by(column.desc()).limit(1)
    if exclude_post_id is not None:
        query = query.where(Post.id != exclude_post_id)
    return db.session.scalar(query)


def _normalised(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _is_new_account(user) -> bool:
    days = current_app.config["FORUM_NEW_ACCOUNT_DAYS"]
    return user.created_at is not None and utcnow() - user.created_at < timedelta(days=days)


def _check_new_account(body: str) -> None:
    cfg = current_app.config
    links, max_links = rendering.count_links(body), cfg["FORUM_NEW_ACCOUNT_MAX_LINKS"]
    if links > max_links:
        raise PostingRefused(
            ngettext(
                "New accounts may include at most %(num)d link per post; this text has %(count)d."
                " Please remove some links.",
                "New accounts may include at most %(num)d links per post; this text has %(count)d."
                " Please remove some links.",
                max_links,
                count=links,
            )
        )
    mentions, max_mentions = len(rendering.mention_handles(body)), cfg["FORUM_NEW_ACCOUNT_MAX_MENTIONS"]
    if mentions > max_mentions:
        raise PostingRefused(
            ngettext(
                "New accounts may mention at most %(num)d person per post; this text mentions %(count)d.",
                "New accounts may mention at most %(num)d people per post; this text mentions %(count)d.",
                max_mentions,
                count=mentions,
            )
        )


def _check_pace(user, new_topic: bool) -> None:
    cfg = current_app.config
    now = utcnow()
    waits = []
    last_post = _latest(Post.created_at, Post.author_id, user.id)
    if last_post is not None:
        waits.append(cfg["FORUM_SECONDS_BETWEEN_POSTS"] - (now - last_post).total_seconds())
    if new_topic:
        last_topic = _latest(Topic.created_at, Topic.author_id, user.id)
        if last_topic is not None:
            waits.append(cfg["FORUM_SECONDS_BETWEEN_TOPICS"] - (now - last_topic).total_seconds())
    wait = max(waits, default=0)
    if wait > 0:
        raise PostingRefused(_wait_message(wait, new_topic))


def _check_duplicate(user, body: str, exclude_post_id: int | None) -> None:
    since = utcnow() - timedelta(seconds=current_app.config["FORUM_DUPLICATE_WINDOW_SECONDS"])
    query = (
        select(Post.body)
        .where(Post.author_id == user.id, Post.created_at >= since)
        .order_by(Post.created_at.desc())
        .limit(50)
    )
    if exclude_post_id is not None:
        query = query.where(Post.id != exclude_post_id)
    wanted = _normalised(body)
    if wanted and any(_normalised(text) == wanted for text in db.session.scalars(query)):
        raise PostingRefused(
            _("You have just posted this same text. Please write something new or add to your earlier post.")
        )


def check_post(user, body: str, *, network_id: int, new_topic: bool, editing=None) -> None:
    """Raise PostingRefused when `user` may not post `body` now.

    `editing`: the Post being edited, if any — edits are not paced and are not
    duplicates of themselves. Staff are exempt from the new-account limits only."""
    profile_reason = _suspension_reason(user)
    if profile_reason is not None:
        message = _("You are suspended from the forum and cannot post.")
        if profile_reason:
            message += " " + _("Reason: %(reason)s", reason=profile_reason)
        raise PostingRefused(message)
    if _is_new_account(user) and not permissions.can_moderate(user, network_id):
        _check_new_account(body)
    if editing is None:
        _check_pace(user, new_topic)
    _check_duplicate(user, body, getattr(editing, "id", None))


def _suspension_reason(user) -> str | None:
    from ..models import ForumProfile

    profile = db.session.get(ForumProfile, user.id)
    if profile is None or profile.suspended_at is None:
        return None
    return profile.suspended_reason or ""


# --- flask-limiter on the posting routes ------------------------------------------------


def _poster_key() -> str:
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


#: Apply to every route that creates or changes posts (per user, all such routes together).
post_rate_limit = limiter.shared_limit(
    lambda: current_app.config["FORUM_POST_RATE_LIMIT"],
    scope="forum-post",
    key_func=_poster_key,
    methods=["POST"],
)

#: Form fields that never hold the user's text.
_NOT_TEXT = {"csrf_token", "municipality", "content_warning", "action", "next", "reason_kind"}


def _unsaved_text() -> str:
    parts = []
    for key in request.form:
        if key in _NOT_TEXT:
            continue
        for value in request.form.getlist(key):
            if value.strip() and not value.strip().isdigit():
                parts.append(value.strip())
    return "\n\n".join(parts)


def _retry_seconds() -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, math.ceil(current.reset_at - utcnow().timestamp()))


def too_many_posts(exc):
    """The forum's 429: keeps the text. htmx: a message in #alerts, the form untouched;
    a plain form post: a page with the unsaved text to copy; anything else: the
    general 429 page (weltoffen/platform/web/errors.py)."""
    from ...platform.web.errors import handle_http

    if request.method != "POST":
        return handle_http(exc)
    seconds = _retry_seconds()
    headers = {"Retry-After": str(seconds)}
    if htmx:
        headers.update({"HX-Retarget": "#alerts", "HX-Reswap": "innerHTML"})
        return render_template("forum/moderation_rate_limited_fragment.html", seconds=seconds), 429, headers
    back = request.referrer if (request.referrer or "").startswith(request.host_url) else url_for("home.index")
    page = render_template("forum/moderation_rate_limited.html", seconds=seconds, text=_unsaved_text(), back=back)
    return page, 429, headers
