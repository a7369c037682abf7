"""Practice library: submitting a practice (a topic of kind "practice" with its
structured fields), review by the network's coordinators, the library and its
filters and adoptions with outcomes (practices matched to a self-check's weakest
fields of action: matching.py). Services flush, never commit (DESIGN.md, "The flow of a request")."""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ... import audit, permissions
from ...extensions import db
from ...network.sizes import SIZE_LABELS, size_class
from ...platform.db.columns import utcnow
from ...selfcheck.models import Questionnaire
from ..discussions import limits, rendering
from ..models import Adoption, ForumCategory, Post, Practice, PracticeDimension, Topic
from ..notifications import services as notifications

#: The category new practices go to (created in the network when missing).
PRACTICE_CATEGORY = "Praxisbeispiele"
#: The structured text fields of a practice, in the order they are shown.
TEXT_FIELDS = ("initial_situation", "approach", "resources", "results", "transfer")
DECISIONS = ("published", "changes_requested", "rejected")


class PracticeError(Exception):
    """A request the practice library refuses; `message` is shown to the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- dimensions ----------------------------------------------------------------------


def dimensions() -> dict[str, dict]:
    """{dimension key: definition} of the latest version of every loaded
    questionnaire, main questionnaire first; titles are {de, en} (use `tr`)."""
    latest = select(Questionnaire.slug, func.max(Questionnaire.version).label("v")).group_by(
        Questionnaire.slug
    ).subquery()
    rows = db.session.scalars(
        select(Questionnaire)
        .join(latest, (latest.c.slug == Questionnaire.slug) & (latest.c.v == Questionnaire.version))
        .order_by((Questionnaire.slug != "weltoffene-kommune"), Questionnaire.slug)
    )
    found: dict[str, dict] = {}
    for questionnaire in rows:
        for dim in questionnaire.dimensions:
            found.setdefault(dim["key"], dim)
    return found


def size_label(index: int) -> str:
    return str(SIZE_LABELS[index]) if 0 <= index < len(SIZE_LABELS) else ""


# --- submitting, editing, reviewing -----------------------------------------------


def practice_category(network_id: int) -> ForumCategory:
    """The network's practice category, created at the end of the list if missing."""
    category = db.session.scalar(
        select(ForumCategory)
        .where(ForumCategory.network_id == network_id, ForumCategory.title == PRACTICE_CATEGORY)
        .limit(1)
    )
    if category is None:
        last = db.session.scalar(
            select(func.max(ForumCategory.position)).where(ForumCategory.network_id == network_id)
        )
        category = ForumCategory(
            network_id=network_id,
            title=PRACTICE_CATEGORY,
            description="Erprobte Praxis aus den Kommunen des Netzwerks, geprüft von der Koordination.",
            position=(last or 0) + 1,
        )
        db.session.add(category)
        db.session.flush()
    return category


def _apply(practice: Practice, fields: dict, dimension_keys) -> None:
    for name in TEXT_FIELDS:
        setattr(practice, name, (fields.get(name) or "").strip())
    practice.contact = (fields.get("contact") or "").strip()
    wanted = list(dict.fromkeys(dimension_keys))
    for dim in list(practice.dimensions):
        if dim.dimension_key not in wanted:
            practice.dimensions.remove(dim)
    have = set(practice.dimension_keys)
    practice.dimensions.extend(PracticeDimension(dimension_key=k) for k in wanted if k not in have)


def submit(user, municipality, *, title: str, summary: str, fields: dict, dimension_keys) -> Practice:
    """A new practice of `municipality`, awaiting review: its topic in the practice
    category, the summary as the first post, the structured fields and dimensions."""
    summary = summary.strip()
    try:
        limits.check_post(user, summary, network_id=municipality.network_id, new_topic=True)
    except limits.PostingRefused as refused:
        raise PracticeError(refused.message) from refused
    category = practice_category(municipality.network_id)
    now = utcnow()
    topic = Topic(
        category_id=category.id,
        network_id=municipality.network_id,
        kind="practice",
        title=title.strip(),
        author_id=user.id,
        municipality_id=municipality.id,
        created_at=now,
        last_post_at=now,
    )
    db.session.add(topic)
    db.session.flush()
    db.session.add(
        Post(
            topic_id=topic.id,
            author_id=user.id,
            municipality_id=municipality.id,
            body=summary,
            body_html=rendering.render(summary),
            is_first=True,
            created_at=now,
        )
    )
    practice = Practice(
        topic=topic,
        municipality_id=municipality.id,
        status="submitted",
        size_class=size_class(municipality.population),
        submitted_at=now,
    )
    _apply(practice, fields, dimension_keys)
    db.session.add(practice)
    db.session.flush()
    return practice


def update(practice: Practice, user, *, title: str, summary: str, fields: dict, dimension_keys) -> Practice:
    """Save changed fields. A practice sent back for changes goes back to the
    review queue when its municipality saves it (not when the staff edit it)."""
    topic = practice.topic
    topic.title = title.strip()
    first = topic.posts[0] if topic.posts else None
    summary = summary.strip()
    if first is not None and first.body != summary:
        first.body = summary
        first.body_html = rendering.render(summary)
        first.edited_at = utcnow()
    _apply(practice, fields, dimension_keys)
    if practice.status == "changes_requested" and not permissions.is_network_staff(user, topic.network_id):
        practice.status = "submitted"
        practice.submitted_at = utcnow()
    db.session.flush()
    return practice


def review(practice: Practice, reviewer, decision: str, note: str) -> Practice:
    """Publish, send back for changes, or reject a submitted practice, with a note
    for its authors; written to the audit log. Publishing tells the watchers."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    if practice.status != "submitted":
        raise PracticeError("not_submitted")
    now = utcnow()
    practice.status = decision
    practice.review_note = note.strip()
    practice.reviewed_at = now
    practice.reviewed_by_id = reviewer.id
    if decision == "published":
        practice.published_at = practice.published_at or now
        practice.topic.last_post_at = now
    db.session.flush()
    audit.record(
        f"practice.{decision}",
        actor=reviewer,
        obj=practice,
        municipality_id=practice.municipality_id,
        title=practice.topic.title,
        note=practice.review_note,
    )
    if decision == "published":
        notifications.notify_practice_published(practice)
    return practice


def review_queue(network_id: int) -> list[Practice]:
    """Practices of the network waiting for review, oldest first."""
    return list(
        db.session.scalars(
            select(Practice)
            .join(Topic, Topic.id == Practice.topic_id)
            .where(Topic.network_id == network_id, Practice.status == "submitted")
            .options(selectinload(Practice.topic), selectinload(Practice.municipality))
            .order_by(Practice.submitted_at, Practice.id)
        )
    )


def pending_count(network_id: int) -> int:
    return db.session.scalar(
        select(func.count(Practice.id))
        .join(Topic, Topic.id == Practice.topic_id)
        .where(Topic.network_id == network_id, Practice.status == "submitted")
    )


# --- lists ---------------------------------------------------------------------------


@dataclass
class LibraryEntry:
    practice: Practice
    adoptions: int


def library(network_ids, *, dimension: str = "", size: int | None = None) -> list[LibraryEntry]:
    """Published practices of the networks, newest first, with their adoption
    counts; optionally only those serving `dimension` or of size class `size`."""
    adopted = (
        select(Adoption.practice_id, func.count(Adoption.id).label("n"))
        .group_by(Adoption.practice_id)
        .subquery()
    )
    stmt = (
        select(Practice, func.coalesce(adopted.c.n, 0))
        .join(Topic, Topic.id == Practice.topic_id)
        .join(ForumCategory, ForumCategory.id == Topic.category_id)
        .outerjoin(adopted, adopted.c.practice_id == Practice.id)
        .where(
            Practice.status == "published",
            Topic.network_id.in_(list(network_ids)),
            Topic.hidden.is_(False),
            ForumCategory.audience == "network",
        )
        .options(
            selectinload(Practice.topic),
            selectinload(Practice.municipality),
            selectinload(Practice.dimensions),
        )
        .order_by(Practice.published_at.desc(), Practice.id.desc())
    )
    if dimension:
        stmt = stmt.where(
            Practice.id.in_(select(PracticeDimension.practice_id).where(PracticeDimension.dimension_key == dimension))
        )
    if size is not None:
        stmt = stmt.where(Practice.size_class == size)
    return [LibraryEntry(p, n) for p, n in db.session.execute(stmt)]


def mine(user) -> list[Practice]:
    """Practices the user wrote, and those of municipalities they lead, in any state."""
    led = permissions.led_municipality_ids(user)
    condition = Topic.author_id == user.id
    if led:
        condition = condition | Practice.municipality_id.in_(led)
    return list(
        db.session.scalars(
            select(Practice)
            .join(Topic, Topic.id == Practice.topic_id)
            .where(condition)
            .options(selectinload(Practice.topic), selectinload(Practice.municipality))
            .order_by(Practice.submitted_at.desc(), Practice.id.desc())
        )
    )


def replies(practice: Practice) -> list[Post]:
    """The discussion under a practice: its topic's posts after the first."""
    return [p for p in practice.topic.posts if not p.is_first]


# --- adoptions -----------------------------------------------------------------------


def record_adoption(practice: Practice, municipality, user) -> Adoption:
    """`municipality` adopted the practice (once; a second call returns the first)."""
    if municipality.id == practice.municipality_id:
        raise PracticeError("own")
    adoption = db.session.scalar(
        select(Adoption).where(Adoption.practice_id == practice.id, Adoption.municipality_id == municipality.id)
    )
    if adoption is None:
        adoption = Adoption(practice=practice, municipality_id=municipality.id, user_id=user.id)
        db.session.add(adoption)
        db.session.flush()
    return adoption


def set_outcome(adoption: Adoption, user, outcome: str) -> Adoption:
    """How the adoption went, in a few sentences (empty clears it)."""
    adoption.outcome = outcome.strip()
    adoption.outcome_at = utcnow() if adoption.outcome else None
    db.session.flush()
    return adoption
