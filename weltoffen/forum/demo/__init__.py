"""Demo forum: categories, discussions with replies by the demo accounts, and the
practice library (12 published practices, one awaiting review, adoptions with
outcomes). The texts are data: topics.yaml (categories, discussions) and
practices.yaml (practices, adoptions, replies under practices) next to this file.
Idempotent: categories are found by title, topics are created only when no topic
of that title exists in the network."""

import functools
from datetime import timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from ...auth.models import User
from ...extensions import db
from ...network.models import Municipality, Network
from ...network.sizes import size_class
from ...platform.db.columns import utcnow
from ..discussions import rendering
from ..models import Adoption, ForumCategory, Post, Practice, PracticeDimension, Topic
from ..practices.services import PRACTICE_CATEGORY

DOMAIN = "demo.weltoffen.de"
HERE = Path(__file__).parent


@functools.cache
def texts(name: str) -> dict:
    """The parsed YAML file `name` (topics or practices) of this folder."""
    return yaml.safe_load((HERE / f"{name}.yaml").read_text(encoding="utf-8"))


def load(network: Network) -> dict:
    """Create the demo forum of `network` where it is missing; returns counts."""
    users = {
        u.email.split("@")[0]: u for u in db.session.scalars(select(User).where(User.email.like(f"%@{DOMAIN}")))
    }
    municipalities = {
        m.ags: m for m in db.session.scalars(select(Municipality).where(Municipality.network_id == network.id))
    }
    categories = _categories(network)
    existing = set(db.session.scalars(select(Topic.title).where(Topic.network_id == network.id)))
    now = utcnow()
    for spec in texts("topics")["discussions"]:
        if spec["title"] in existing:
            continue
        posts = [(p["author"], p["ags"], p["text"]) for p in spec["posts"]]
        start = now - timedelta(days=spec["days_ago"])
        topic = _topic(categories[spec["category"]], spec["title"], users, municipalities, posts, start)
        topic.pinned = spec["pinned"]
    practices = {}
    for spec in texts("practices")["practices"]:
        if spec["title"] in existing or spec["ags"] not in municipalities:
            continue
        practices[spec["title"]] = _practice(categories[PRACTICE_CATEGORY], spec, users, municipalities, now)
    _adoptions(practices, users, municipalities)
    _practice_replies(practices, users)
    db.session.flush()
    return {"practices": len(practices)}


def _categories(network: Network) -> dict[str, ForumCategory]:
    found = {
        c.title: c for c in db.session.scalars(select(ForumCategory).where(ForumCategory.network_id == network.id))
    }
    for position, spec in enumerate(texts("topics")["categories"], start=1):
        title = spec["title"]
        if title not in found:
            found[title] = ForumCategory(
                network_id=network.id, title=title, description=spec["description"], audience=spec["audience"],
                position=position,
            )
            db.session.add(found[title])
    db.session.flush()
    return found


def _post(topic, author, municipality, text, when, first=False) -> Post:
    post = Post(
        topic=topic,
        author_id=author.id if author else None,
        municipality_id=municipality.id if municipality else None,
        body=text,
        body_html=rendering.render(text),
        is_first=first,
        created_at=when,
    )
    db.session.add(post)
    return post


def _topic(category, title, users, municipalities, posts, start, kind="discussion") -> Topic:
    author_key, ags, _text = posts[0]
    topic = Topic(
        category_id=category.id,
        network_id=category.network_id,
        kind=kind,
        title=title,
        author_id=users[author_key].id if author_key in users else None,
        municipality_id=municipalities[ags].id if ags in municipalities else None,
        created_at=start,
    )
    db.session.add(topic)
    when = start
    for n, (key, post_ags, text) in enumerate(posts):
        _post(topic, users.get(key), municipalities.get(post_ags), text, when, first=n == 0)
        last = when
        when = when + timedelta(hours=5 + 7 * n)
    topic.reply_count = len(posts) - 1
    topic.last_post_at = last
    db.session.flush()
    return topic


def _practice(category, spec, users, municipalities, now) -> Practice:
    municipality = municipalities[spec["ags"]]
    author = users.get(spec["author"]) or users.get("koordination")
    submitted = now - timedelta(days=spec["days_ago"] + 6)
    topic = _topic(
        category,
        spec["title"],
        {"a": author} if author else {},
        municipalities,
        [("a", spec["ags"], spec["summary"])],
        submitted,
        kind="practice",
    )
    published = spec["status"] == "published"
    reviewer = users.get("koordination")
    practice = Practice(
        topic=topic,
        municipality_id=municipality.id,
        status=spec["status"],
        size_class=size_class(municipality.population),
        submitted_at=submitted,
        reviewed_at=now - timedelta(days=spec["days_ago"]) if published else None,
        reviewed_by_id=reviewer.id if published and reviewer else None,
        published_at=now - timedelta(days=spec["days_ago"]) if published else None,
        **{k: spec[k] for k in ("initial_situation", "approach", "resources", "results", "transfer", "contact")},
    )
    practice.dimensions = [PracticeDimension(dimension_key=k) for k in spec["dimensions"]]
    if published:
        topic.last_post_at = practice.published_at
    db.session.add(practice)
    db.session.flush()
    return practice


def _adoptions(practices, users, municipalities) -> None:
    for spec in texts("practices")["adoptions"]:
        ags, adopter, days, outcome = spec["ags"], spec["adopter"], spec["days"], spec["outcome"]
        practice = practices.get(spec["practice"])
        if practice is None or ags not in municipalities or practice.published_at is None:
            continue
        when = practice.published_at + timedelta(days=days)
        user = users.get(adopter) if adopter else None
        db.session.add(
            Adoption(
                practice=practice,
                municipality_id=municipalities[ags].id,
                user_id=user.id if user else None,
                created_at=when,
                outcome=outcome,
                outcome_at=min(when + timedelta(days=60), utcnow()) if outcome else None,
            )
        )


def _practice_replies(practices, users) -> None:
    for spec in texts("practices")["replies"]:
        days, text = spec["days"], spec["text"]
        practice = practices.get(spec["practice"])
        author = users.get(spec["author"])
        if practice is None or author is None or practice.published_at is None:
            continue
        when = practice.published_at + timedelta(days=days)
        membership = next(iter(author.memberships), None)
        _post(practice.topic, author, membership.municipality if membership else None, text, when)
        practice.topic.reply_count += 1
        practice.topic.last_post_at = max(practice.topic.last_post_at, when)
