"""`flask demo` loads the forum: categories (one for the staff only), discussions
with replies, 12 published practices with all fields and one awaiting review,
adoptions with outcomes – and a second run adds nothing."""

import sqlalchemy as sa

from weltoffen.forum.models import Adoption, ForumCategory, Post, Practice, PracticeDimension, Topic
from weltoffen.forum.practices.matching import for_weak_dimensions
from weltoffen.forum.practices.services import TEXT_FIELDS
from weltoffen.selfcheck.models import Submission

WELTOFFEN_DIMENSIONS = {
    "management", "intercultural_opening", "fair_access", "work_economy", "engagement", "cohesion",
    "communication_conflict", "participation_dialogue", "protecting_officials",
}


def _counts(db):
    return [db.session.scalar(sa.select(sa.func.count()).select_from(t))
            for t in (ForumCategory, Topic, Post, Practice, PracticeDimension, Adoption)]


def test_demo_forum_loads_once(app, db):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    first = _counts(db)
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert _counts(db) == first

    published = db.session.scalars(sa.select(Practice).where(Practice.status == "published")).all()
    assert len(published) == 13  # 12 forum practices and the one made from the demo citizens' assembly
    assert db.session.scalar(sa.select(sa.func.count(Practice.id)).where(Practice.status == "submitted")) == 1
    for p in published:
        assert all(getattr(p, name) for name in TEXT_FIELDS + ("contact",)), p.topic.title
        assert p.dimension_keys and set(p.dimension_keys) <= WELTOFFEN_DIMENSIONS
        assert p.topic.kind == "practice" and p.topic.posts[0].is_first and p.published_at
    assert {d for p in published for d in p.dimension_keys} == WELTOFFEN_DIMENSIONS
    adoptions = db.session.scalars(sa.select(Adoption)).all()
    assert len(adoptions) >= 4 and sum(1 for a in adoptions if a.outcome) >= 3

    staff = db.session.scalar(sa.select(ForumCategory).where(ForumCategory.audience == "staff"))
    assert staff.title == "Koordination"
    discussions = db.session.scalars(sa.select(Topic).where(Topic.kind == "discussion")).all()
    assert 4 <= len(discussions) <= 6
    assert all(t.reply_count == len(t.posts) - 1 >= 1 for t in discussions)

    # a submitted demo self-check finds practices for its weakest fields
    sub = db.session.scalar(
        sa.select(Submission).where(Submission.status == "submitted").order_by(Submission.id).limit(1)
    )
    weak = for_weak_dimensions(sub)
    assert len(weak) == 3 and any(w.practices for w in weak)
