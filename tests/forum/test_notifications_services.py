"""Follow levels and who is notified of what (services, no HTTP)."""

import pytest

from tests.forum import notifications_support as fs
from weltoffen.forum.models import Notification
from weltoffen.forum.notifications import follow
from weltoffen.forum.notifications import services as notifications


@pytest.fixture
def w(make):
    return fs.world(make)


def _notes(db, post=None, user=None):
    q = db.session.query(Notification)
    if post is not None:
        q = q.filter_by(post_id=post.id)
    if user is not None:
        q = q.filter_by(user_id=user.id)
    return q.all()


def test_author_watches_own_topic_and_hears_of_replies(db, w):
    t = fs.topic(w.category, w.anna, "Bürgerhaushalt")
    assert follow.topic_level(w.anna, t) == "watching"
    reply = fs.post(t, w.ben, "Wir haben Erfahrung")
    created = notifications.notify_post(reply, [])
    assert [(n.user_id, n.kind, n.actor_id) for n in created] == [(w.anna.id, "reply", w.ben.id)]


def test_replier_tracks_normal_without_reply_notifications(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    first = fs.post(t, w.ben, "Ich antworte")
    notifications.notify_post(first, [])
    assert follow.has_replied(w.ben, t) and follow.topic_level(w.ben, t) == "normal"
    second = fs.post(t, w.carla, "Ich auch")
    notifications.notify_post(second, [])
    assert {n.user_id for n in _notes(db, second)} == {w.anna.id}


def test_never_notifies_the_author_and_one_per_user_per_post(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    own = fs.post(t, w.anna, "Nachtrag von mir")
    assert notifications.notify_post(own, [w.anna]) == []
    reply = fs.post(t, w.ben, "@anna schau mal")
    notifications.notify_post(reply, [w.anna])
    notifications.notify_post(reply, [w.anna])  # called twice: still one
    notes = _notes(db, reply)
    assert [(n.user_id, n.kind) for n in notes] == [(w.anna.id, "mention")]  # mention wins over reply


def test_mentions_reach_people_who_do_not_watch(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    reply = fs.post(t, w.ben, "@carla was meinst du?")
    notifications.notify_post(reply, [w.carla])
    assert {(n.user_id, n.kind) for n in _notes(db, reply)} == {(w.anna.id, "reply"), (w.carla.id, "mention")}


def test_watched_category_notifies_replies_but_not_first_posts(db, w):
    follow.set_level(w.carla, "watching", category=w.category)
    t = fs.topic(w.category, w.anna, "Neu")
    notifications.notify_post(t.posts[0], [])
    assert _notes(db, user=w.carla) == []
    reply = fs.post(t, w.ben, "Antwort")
    notifications.notify_post(reply, [])
    assert [n.kind for n in _notes(db, reply, w.carla)] == ["reply"]


def test_muted_category_silences_replies_but_not_mentions(db, w):
    follow.set_level(w.anna, "muted", category=w.category)
    follow.set_level(w.carla, "muted", category=w.category)
    t = fs.topic(w.category, w.ben, "Thema")
    follow.set_level(w.anna, "watching", topic=t)  # explicit topic level wins over the category
    reply = fs.post(t, w.ben, "@carla")
    notifications.notify_post(reply, [w.carla])
    assert {(n.user_id, n.kind) for n in _notes(db, reply)} == {(w.anna.id, "reply"), (w.carla.id, "mention")}


def test_muted_topic_silences_even_mentions(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    follow.set_level(w.anna, "muted", topic=t)
    follow.set_level(w.carla, "muted", topic=t)
    reply = fs.post(t, w.ben, "@anna @carla")
    assert notifications.notify_post(reply, [w.anna, w.carla]) == []
    assert follow.topic_level(w.anna, t) == "muted"


def test_only_people_who_can_see_the_post(db, w):
    t = fs.topic(w.staff_category, w.coordinator, "Intern")
    reply = fs.post(t, w.coordinator, "@ben @otto")
    follow.set_level(w.ben, "watching", topic=t)  # a stale choice does not open the door
    assert notifications.notify_post(reply, [w.ben, w.outsider]) == []
    hidden = fs.post(fs.topic(w.category, w.anna, "Offen"), w.ben, "versteckt")
    hidden.hidden_reason = "moderator"
    assert notifications.notify_post(hidden, [w.carla]) == []


def test_practice_published_tells_dimension_watchers(db, w):
    follow.set_level(w.carla, "watching", dimension_key="management")
    follow.set_level(w.ben, "watching", dimension_key="other_dimension")
    follow.set_level(w.outsider, "watching", dimension_key="management")
    follow.set_level(w.anna, "watching", dimension_key="management")
    p = fs.practice(w.category, w.anna, w.m, "Bürgerrat", dims=("management", "participation"))
    created = notifications.notify_practice_published(p)
    assert [(n.user_id, n.kind, n.topic_id) for n in created] == [(w.carla.id, "practice", p.topic_id)]
    assert notifications.notify_practice_published(p) == []  # once


def test_unread_count_and_marking(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    for i in range(3):
        notifications.notify_post(fs.post(t, w.ben, f"Antwort {i}"), [])
    assert notifications.unread_count(w.anna) == 3
    note = _notes(db, user=w.anna)[0]
    notifications.mark_read(note)
    assert notifications.unread_count(w.anna) == 2
    assert notifications.mark_all_read(w.anna) == 2
    assert notifications.unread_count(w.anna) == 0


def test_page_is_newest_first_and_paginated(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    for i in range(notifications.PAGE_SIZE + 3):
        notifications.notify_post(fs.post(t, w.ben, f"Antwort {i}"), [])
    first = notifications.page_for(w.anna, 1)
    assert first.total == notifications.PAGE_SIZE + 3 and len(first.items) == notifications.PAGE_SIZE
    assert [n.id for n in first.items] == sorted((n.id for n in first.items), reverse=True)
    last = notifications.page_for(w.anna, 99)
    assert last.page == 2 and len(last.items) == 3


def test_set_level_validates(db, w):
    t = fs.topic(w.category, w.anna, "Thema")
    with pytest.raises(follow.FollowError):
        follow.set_level(w.ben, "loud", topic=t)
    with pytest.raises(follow.FollowError):
        follow.set_level(w.ben, "watching", topic=t, category=w.category)
    follow.set_level(w.ben, "watching", topic=t)
    follow.set_level(w.ben, "muted", topic=t)
    assert follow.topic_level(w.ben, t) == "muted"
