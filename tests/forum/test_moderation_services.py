"""Moderation services without HTTP: reports and automatic hiding, the queue, the
moderators' decisions, lock and pin, suspension. `build` is shared with the view tests."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from weltoffen.audit import AuditEntry
from weltoffen.forum.discussions import rendering
from weltoffen.forum.models import ForumCategory, ForumProfile, Notification, Post, PostRevision, Report, Topic
from weltoffen.forum.moderation import services as moderation
from weltoffen.platform.db.columns import utcnow

LONG_AGO = timedelta(hours=2)


def add_post(db, topic, author, body, *, first=False, content_warning=False, age=LONG_AGO):
    post = Post(topic_id=topic.id, author_id=author.id, body=body, body_html=rendering.render(body),
                is_first=first, content_warning=content_warning, created_at=utcnow() - age)
    db.session.add(post)
    db.session.flush()
    if not first:
        topic.reply_count += 1
    return post


def add_topic(db, category, author, title="Erfahrungen mit Bürgerräten", body="Wer hat Erfahrung?", age=LONG_AGO):
    topic = Topic(category_id=category.id, network_id=category.network_id, title=title, author_id=author.id,
                  created_at=utcnow() - age, last_post_at=utcnow() - age)
    db.session.add(topic)
    db.session.flush()
    first = add_post(db, topic, author, body, first=True, age=age)
    return topic, first


def build(make, db) -> SimpleNamespace:
    """A network with a category, a topic by `author` (English) with a reply, three
    people of another municipality who may report, and the network's coordinator."""
    network = make.network()
    m, other = make.municipality(network), make.municipality(network)
    author = make.user(municipality=m, role="member", language="en", name="Ada Author")
    reporters = [make.user(municipality=other, role="member", name=f"Reporter {i}") for i in range(3)]
    coordinator = make.user(network_role="coordinator", network=network, name="Cora Coordinator")
    category = ForumCategory(network_id=network.id, title="Austausch", position=1)
    db.session.add(category)
    db.session.flush()
    topic, first = add_topic(db, category, author)
    reply = add_post(db, topic, author, "Kauft billige Uhren bei example.com!")
    return SimpleNamespace(network=network, m=m, other=other, author=author, reporters=reporters,
                           coordinator=coordinator, category=category, topic=topic, first=first, reply=reply)


@pytest.fixture
def w(make, db):
    return build(make, db)


def audit_actions() -> list[str]:
    from weltoffen.extensions import db

    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_a_second_report_by_the_same_person_changes_nothing(w, db):
    first = moderation.report_post(w.reporters[0], w.reply, "spam", "Werbung")
    again = moderation.report_post(w.reporters[0], w.reply, "offensive", "anders")
    assert first.created and not again.created
    assert again.report.id == first.report.id and again.report.reason == "spam"
    assert len(db.session.scalars(select(Report).where(Report.post_id == w.reply.id)).all()) == 1
    assert moderation.open_report_count(w.reply) == 1


def test_three_reports_hide_the_post_and_tell_the_author(w, db):
    outcomes = [moderation.report_post(r, w.reply, "spam") for r in w.reporters]
    assert [o.hidden_now for o in outcomes] == [False, False, True]
    assert w.reply.hidden_reason == "reports" and w.reply.hidden_at is not None
    assert w.topic.reply_count == 0 and not w.topic.hidden
    note = db.session.scalar(select(Notification).where(Notification.user_id == w.author.id))
    assert note.kind == "hidden" and note.post_id == w.reply.id
    assert "forum.post_hidden_by_reports" in audit_actions()


def test_three_reports_on_the_first_post_hide_the_topic(w):
    for r in w.reporters:
        moderation.report_post(r, w.first, "offensive")
    assert w.first.hidden_reason == "reports" and w.topic.hidden


def test_posts_with_a_content_warning_are_not_hidden_by_reports(w):
    w.reply.content_warning = True
    outcomes = [moderation.report_post(r, w.reply, "offensive") for r in w.reporters]
    assert not any(o.hidden_now for o in outcomes)
    assert w.reply.hidden_reason is None
    assert moderation.pending_count(w.network.id) == 1
    assert moderation.queue(w.network.id)[0].post.content_warning


def test_queue_and_pending_count_per_network(w, make, db):
    moderation.report_post(w.reporters[0], w.reply, "spam", "Werbung")
    moderation.report_post(w.reporters[1], w.reply, "other")
    moderation.report_post(w.reporters[0], w.first, "off_topic")
    elsewhere = build(make, db)
    moderation.report_post(elsewhere.reporters[0], elsewhere.reply, "spam")
    assert moderation.pending_count(w.network.id) == 2
    items = moderation.queue(w.network.id)
    assert [i.post.id for i in items] == [w.reply.id, w.first.id]
    assert [(r.reporter.name, r.reason, r.note) for r in items[0].reports] == [
        ("Reporter 0", "spam", "Werbung"), ("Reporter 1", "other", "")]


def test_keep_dismisses_the_reports_and_shows_a_post_hidden_by_them(w, db):
    for r in w.reporters:
        moderation.report_post(r, w.reply, "spam")
    moderation.keep(w.coordinator, w.reply, "Kein Spam, ein Hinweis")
    assert w.reply.hidden_reason is None and w.topic.reply_count == 1
    reports = db.session.scalars(select(Report).where(Report.post_id == w.reply.id)).all()
    assert {(r.resolution, r.resolved_by_id) for r in reports} == {("kept", w.coordinator.id)}
    assert all(r.resolved_at for r in reports)
    assert moderation.pending_count(w.network.id) == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.post_kept"))
    assert entry.details["reason"] == "Kein Spam, ein Hinweis" and entry.details["reports"] == 3


def test_hide_and_unhide_by_a_moderator(w, db):
    moderation.report_post(w.reporters[0], w.reply, "spam")
    assert moderation.hide(w.coordinator, w.reply, "Werbung") is True
    assert w.reply.hidden_reason == "moderator" and w.topic.reply_count == 0
    assert db.session.scalar(select(Report.resolution).where(Report.post_id == w.reply.id)) == "hidden"
    moderation.unhide(w.coordinator, w.reply, "Irrtum")
    assert w.reply.hidden_reason is None and w.topic.reply_count == 1
    assert audit_actions()[-2:] == ["forum.post_hidden", "forum.post_unhidden"]


def test_a_moderator_hides_a_post_hidden_by_reports_without_notifying_twice(w, db):
    for r in w.reporters:
        moderation.report_post(r, w.reply, "spam")
    assert moderation.hide(w.coordinator, w.reply, "Spam bestätigt") is False
    assert w.reply.hidden_reason == "moderator" and w.topic.reply_count == 0
    assert len(db.session.scalars(select(Notification).where(Notification.user_id == w.author.id)).all()) == 1


def test_edit_with_a_reason_keeps_history_and_resolves_reports(w, db):
    for r in w.reporters:
        moderation.report_post(r, w.reply, "spam")
    moderation.edit(w.coordinator, w.reply, "Hinweis auf ein Angebot (Link entfernt)", "Werbelink entfernt")
    assert w.reply.body == "Hinweis auf ein Angebot (Link entfernt)"
    assert "Link entfernt" in w.reply.body_html and w.reply.edited_at is not None
    revision = db.session.scalar(select(PostRevision).where(PostRevision.post_id == w.reply.id))
    assert revision.body.startswith("Kauft billige Uhren") and revision.reason == "Werbelink entfernt"
    assert revision.editor_id == w.coordinator.id
    assert w.reply.hidden_reason is None
    assert set(db.session.scalars(select(Report.resolution).where(Report.post_id == w.reply.id))) == {"edited"}
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.post_edited_by_moderator"))
    assert entry.details["reason"] == "Werbelink entfernt"


def test_lock_and_pin_are_audited_once_per_change(w):
    moderation.set_locked(w.coordinator, w.topic, True)
    moderation.set_locked(w.coordinator, w.topic, True)
    moderation.set_pinned(w.coordinator, w.topic, True)
    moderation.set_pinned(w.coordinator, w.topic, False)
    moderation.set_locked(w.coordinator, w.topic, False)
    assert not w.topic.locked and not w.topic.pinned
    assert audit_actions()[-4:] == ["forum.topic_locked", "forum.topic_pinned", "forum.topic_unpinned",
                                    "forum.topic_unlocked"]


def test_suspension_hides_visible_posts_and_reinstating_shows_exactly_those(w, db):
    by_moderator = add_post(db, w.topic, w.author, "Schon vorher verborgen")
    moderation.hide(w.coordinator, by_moderator, "beleidigend")
    hidden = moderation.suspend(w.coordinator, w.author, "Wiederholt beleidigend")
    assert hidden == 2
    assert w.first.hidden_reason == "suspended" and w.reply.hidden_reason == "suspended"
    assert w.topic.hidden and w.topic.reply_count == 0
    assert by_moderator.hidden_reason == "moderator"
    profile = db.session.get(ForumProfile, w.author.id)
    assert profile.suspended_reason == "Wiederholt beleidigend" and profile.suspended_by_id == w.coordinator.id
    assert [p.user_id for p in moderation.suspended_users()] == [w.author.id]
    with pytest.raises(moderation.ModerationError):
        moderation.suspend(w.coordinator, w.author, "nochmal")

    assert moderation.reinstate(w.coordinator, w.author, "Gespräch geführt") == 2
    assert w.first.hidden_reason is None and w.reply.hidden_reason is None and not w.topic.hidden
    assert by_moderator.hidden_reason == "moderator" and w.topic.reply_count == 1
    assert profile.suspended_at is None
    assert audit_actions()[-2:] == ["forum.user_suspended", "forum.user_reinstated"]
    with pytest.raises(moderation.ModerationError):
        moderation.reinstate(w.coordinator, w.author)


def test_staff_and_oneself_cannot_be_suspended(w, make):
    with pytest.raises(moderation.ModerationError):
        moderation.suspend(w.coordinator, w.coordinator, "x")
    other = make.user(network_role="coordinator", network=w.network)
    with pytest.raises(moderation.ModerationError):
        moderation.suspend(w.coordinator, other, "x")


def test_a_post_hidden_by_suspension_is_not_unhidden_on_its_own(w):
    moderation.suspend(w.coordinator, w.author, "Spam")
    with pytest.raises(moderation.ModerationError):
        moderation.unhide(w.coordinator, w.reply, "zurück")
    assert w.reply.hidden_reason == "suspended"
