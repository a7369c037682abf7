"""Discussions: categories, topics, replies and edits with history.

The posting services are the interface the other parts of the forum use:

    start_topic(user, category, title, body, *, kind="discussion", municipality=None,
                content_warning=False, attachments=()) -> Topic
    reply(user, topic, body, *, municipality=None, content_warning=False, attachments=()) -> Post
    edit_post(user, post, body, *, reason="", content_warning=None, title=None) -> Post

They do not check permissions (the views do, through permissions.py); they do run
limits.check_post (raising limits.PostingRefused before anything is written; moderator
edits are exempt), render the body (rendering.render + mentions), store attachments
(uploads with `filename` and `read()`, or Attachment rows not yet posted; raising
attachments.AttachmentRejected), keep Topic.reply_count and last_post_at, tell
notifications.notify_post about new posts, flush and never commit."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ... import permissions
from ...extensions import db
from ...platform.db.columns import utcnow
from ..models import Attachment, ForumCategory, Post, PostRevision, Topic
from ..notifications import services as notifications
from . import attachments as attachment_store
from . import limits, mentions

POSTS_PER_PAGE = 30
TOPICS_PER_PAGE = 25


def posting_municipalities(user, network_id: int) -> list:
    """The user's municipalities of the network they may post for."""
    return [m for m in user.municipalities if m.network_id == network_id and permissions.can_post_for(user, m)]


def _attach(post: Post, user, files) -> None:
    for item in files or ():
        if isinstance(item, Attachment):
            item.post = post
        elif getattr(item, "filename", None):
            attachment_store.store(item, user, post=post)


def _new_post(user, topic: Topic, body: str, *, municipality, content_warning: bool, files, first: bool) -> Post:
    body_html, mentioned = mentions.render(body, topic.network_id)
    post = Post(
        topic=topic,
        author_id=user.id,
        municipality_id=municipality.id if municipality is not None else None,
        body=body,
        body_html=body_html,
        content_warning=bool(content_warning),
        is_first=first,
        created_at=utcnow(),
    )
    db.session.add(post)
    db.session.flush()
    _attach(post, user, files)
    topic.last_post_at = post.created_at
    db.session.flush()
    notifications.notify_post(post, [u for u in mentioned if u.id != user.id])
    return post


def start_topic(
    user,
    category: ForumCategory,
    title: str,
    body: str,
    *,
    kind: str = "discussion",
    municipality=None,
    content_warning: bool = False,
    attachments=(),
) -> Topic:
    """Open a topic in `category` with its first post (on behalf of `municipality` if
    given). Raises limits.PostingRefused or attachments.AttachmentRejected."""
    limits.check_post(user, body, network_id=category.network_id, new_topic=True)
    topic = Topic(
        category=category,
        network_id=category.network_id,
        kind=kind,
        title=title.strip(),
        author_id=user.id,
        municipality_id=municipality.id if municipality is not None else None,
        created_at=utcnow(),
    )
    db.session.add(topic)
    db.session.flush()
    _new_post(user, topic, body, municipality=municipality, content_warning=content_warning,
              files=attachments, first=True)
    return topic


def reply(user, topic: Topic, body: str, *, municipality=None, content_warning: bool = False, attachments=()) -> Post:
    """Add a reply to `topic`; counts it and moves the topic's last activity.
    Raises limits.PostingRefused or attachments.AttachmentRejected."""
    limits.check_post(user, body, network_id=topic.network_id, new_topic=False)
    post = _new_post(user, topic, body, municipality=municipality, content_warning=content_warning,
                     files=attachments, first=False)
    topic.reply_count = (topic.reply_count or 0) + 1
    db.session.flush()
    return post


def edit_post(user, post: Post, body: str, *, reason: str = "", content_warning=None, title=None) -> Post:
    """Change a post's text (and its topic's title when it is the first post).

    The author's edits within FORUM_EDIT_GRACE_SECONDS of posting leave no history;
    later ones keep the old text as a PostRevision and set edited_at. An edit by
    someone else (a moderator, who should give a `reason`) always keeps history and
    is not subject to the posting limits."""
    moderator = user.id != post.author_id or bool(reason)
    changed = body != post.body
    if changed and not moderator:
        limits.check_post(user, body, network_id=post.topic.network_id, new_topic=False, editing=post)
    now = utcnow()
    grace = timedelta(seconds=current_app.config["FORUM_EDIT_GRACE_SECONDS"])
    if moderator or (changed and now - post.created_at > grace):
        db.session.add(PostRevision(post=post, body=post.body, editor_id=user.id, reason=reason[:500], created_at=now))
        post.edited_at = now
    if changed:
        post.body = body
        post.body_html, _people = mentions.render(body, post.topic.network_id)
    if content_warning is not None:
        post.content_warning = bool(content_warning)
    if title is not None and post.is_first and title.strip():
        post.topic.title = title.strip()
    db.session.flush()
    return post


# --- reading ------------------------------------------------------------------------


@dataclass
class CategoryRow:
    category: ForumCategory
    topics: int
    last_activity: object


def category_rows(categories: list[ForumCategory]) -> list[CategoryRow]:
    """Visible discussion topics per category, with the latest activity (one query)."""
    ids = [c.id for c in categories]
    stats = {}
    if ids:
        stats = {
            row.category_id: row
            for row in db.session.execute(
                select(Topic.category_id, func.count(Topic.id).label("n"), func.max(Topic.last_post_at).label("last"))
                .where(Topic.category_id.in_(ids), Topic.kind == "discussion", Topic.hidden.is_(False))
                .group_by(Topic.category_id)
            )
        }
    return [
        CategoryRow(c, stats[c.id].n if c.id in stats else 0, stats[c.id].last if c.id in stats else None)
        for c in categories
    ]


def categories_of(network_id: int) -> list[ForumCategory]:
    return list(
        db.session.scalars(
            select(ForumCategory)
            .where(ForumCategory.network_id == network_id)
            .order_by(ForumCategory.position, ForumCategory.id)
        )
    )


def topics_page(category: ForumCategory, page: int, *, include_hidden: bool = False, author_id=None):
    """(topics, total) of a category's discussions: pinned first, then by last activity.
    Hidden topics only when `include_hidden` (staff) or to their author."""
    query = select(Topic).where(Topic.category_id == category.id, Topic.kind == "discussion")
    if not include_hidden:
        query = query.where((Topic.hidden.is_(False)) | (Topic.author_id == author_id))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    topics = db.session.scalars(
        query.options(joinedload(Topic.author), joinedload(Topic.municipality))
        .order_by(Topic.pinned.desc(), Topic.last_post_at.desc(), Topic.id.desc())
        .limit(TOPICS_PER_PAGE)
        .offset((page - 1) * TOPICS_PER_PAGE)
    ).all()
    return topics, total


def posts_page(topic: Topic, page: int):
    """(posts, total) of a topic in order, POSTS_PER_PAGE per page; with what the page
    shows of each post loaded alongside (author, municipality, attachments), not one
    query per post."""
    total = db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic.id))
    posts = db.session.scalars(
        select(Post).where(Post.topic_id == topic.id)
        .options(joinedload(Post.author), joinedload(Post.municipality), selectinload(Post.attachments))
        .order_by(Post.id)
        .limit(POSTS_PER_PAGE).offset((page - 1) * POSTS_PER_PAGE)
    ).all()
    return posts, total


def page_of(post: Post) -> int:
    """The page of its topic a post is on."""
    before = db.session.scalar(
        select(func.count(Post.id)).where(Post.topic_id == post.topic_id, Post.id < post.id)
    )
    return before // POSTS_PER_PAGE + 1


def last_page(topic: Topic) -> int:
    total = db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic.id))
    return max(1, (total + POSTS_PER_PAGE - 1) // POSTS_PER_PAGE)


def quote_text(post: Post, handle: str) -> str:
    """The Markdown a quote of `post` puts into the reply box."""
    quoted = "\n".join(f"> {line}".rstrip() for line in post.body.strip().splitlines())
    return f"{quoted}\n\n— @{handle}\n\n"


# --- categories ---------------------------------------------------------------------


def create_category(user, network, *, title: str, description: str = "", audience: str = "network") -> ForumCategory:
    """Add a category at the end of the network's list."""
    last = db.session.scalar(select(func.max(ForumCategory.position)).where(ForumCategory.network_id == network.id))
    category = ForumCategory(
        network_id=network.id, title=title.strip(), description=description.strip(),
        audience=audience, position=(last or 0) + 1,
    )
    db.session.add(category)
    db.session.flush()
    return category


def update_category(category: ForumCategory, *, title: str, description: str, audience: str) -> ForumCategory:
    category.title = title.strip()
    category.description = description.strip()
    category.audience = audience
    db.session.flush()
    return category


def move_category(category: ForumCategory, direction: str) -> None:
    """Swap the category with its neighbour above ("up") or below ("down");
    positions are renumbered 1..n on the way, so ties and gaps disappear."""
    ordered = categories_of(category.network_id)
    index = ordered.index(category)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        item.position = position
    db.session.flush()
