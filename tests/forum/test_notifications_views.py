"""Notifications page, unread badge, open/mark read, follow controls and settings
through the client."""

import pytest

from tests.forum import notifications_support as fs
from weltoffen.forum.models import ForumProfile, Notification, Subscription
from weltoffen.forum.notifications import follow
from weltoffen.forum.notifications import services as notifications


@pytest.fixture
def w(make, db):
    w = fs.world(make)
    w.topic = fs.topic(w.category, w.anna, "Bürgerhaushalt")
    w.reply = fs.post(w.topic, w.ben, "Eine **Antwort** mit <b>Tags</b>")
    notifications.notify_post(w.reply, [])
    w.note = Notification.query.filter_by(user_id=w.anna.id).one()
    return w


def test_page_lists_newest_first_with_unread_count(client, login, w):
    later = fs.post(w.topic, w.carla, "Zweite Antwort")
    notifications.notify_post(later, [])
    login(w.anna)
    html = client.get("/forum/notifications").text
    assert "2 ungelesen" in html
    assert html.index("Carla Czerny") < html.index("Ben Beispiel hat in")
    assert "&lt;b&gt;" not in html and "<b>Tags" not in html  # excerpt is plain text
    assert f'href="/forum/notifications/{w.note.id}/open"' in html


def test_badge_in_header_and_polling_fragment(client, login, w):
    login(w.anna)
    page = client.get("/forum/notifications").text
    assert 'hx-trigger="load, every 60s"' in page and 'aria-live="polite"' in page
    assert "1 ungelesene Benachrichtigung" in page
    r = client.get("/forum/notifications/unread?shown=1", headers={"HX-Request": "true"})
    assert r.status_code == 204  # unchanged: nothing to announce
    r = client.get("/forum/notifications/unread?shown=0", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "1 ungelesene Benachrichtigung" in r.text
    login(w.ben)
    r = client.get("/forum/notifications/unread", headers={"HX-Request": "true"})
    assert "ungelesen" not in r.text


def test_open_marks_read_and_redirects_to_the_post(client, login, w, db):
    login(w.anna)
    r = client.get(f"/forum/notifications/{w.note.id}/open")
    assert r.status_code == 302
    assert r.headers["Location"].endswith(f"/forum/posts/{w.reply.id}")
    db.session.refresh(w.note)
    assert w.note.read_at is not None
    follow_up = client.get(r.headers["Location"])
    assert follow_up.status_code == 302 and follow_up.headers["Location"].endswith(f"#post-{w.reply.id}")


def test_only_the_recipient_may_open_or_mark(client, login, w, db):
    login(w.ben)
    assert client.get(f"/forum/notifications/{w.note.id}/open").status_code == 404
    assert client.post(f"/forum/notifications/{w.note.id}/read").status_code == 404
    db.session.refresh(w.note)
    assert w.note.read_at is None


def test_hidden_post_is_not_opened(client, login, w, db):
    w.reply.hidden_reason = "moderator"
    db.session.flush()
    login(w.anna)
    r = client.get(f"/forum/notifications/{w.note.id}/open")
    assert r.headers["Location"].endswith("/forum/notifications")
    assert "Ben Beispiel" not in client.get("/forum/notifications").text


def test_mark_one_read_with_htmx_and_all_without(client, login, w, db):
    other = fs.post(w.topic, w.carla, "Noch eine")
    notifications.notify_post(other, [])
    login(w.anna)
    r = client.post(f"/forum/notifications/{w.note.id}/read", headers={"HX-Request": "true"})
    assert r.status_code == 200 and r.text.lstrip().startswith("<li") and "Als gelesen markieren" not in r.text
    assert notifications.unread_count(w.anna) == 1
    r = client.post("/forum/notifications/read-all")
    assert r.status_code == 302
    assert notifications.unread_count(w.anna) == 0


def test_follow_topic_without_js_and_with_htmx(client, login, w, db):
    login(w.carla)
    r = client.post(f"/forum/topics/{w.topic.id}/follow", data={"level": "watching", "next": "/forum/"})
    assert r.status_code == 302 and r.headers["Location"] == "/forum/"
    assert follow.topic_level(w.carla, w.topic) == "watching"
    r = client.post(f"/forum/topics/{w.topic.id}/follow", data={"level": "muted"}, headers={"HX-Request": "true"})
    assert r.status_code == 200 and "Gespeichert" in r.text
    assert follow.topic_level(w.carla, w.topic) == "muted"
    r = client.post(f"/forum/topics/{w.topic.id}/follow", data={"level": "loud"}, headers={"HX-Request": "true"})
    assert r.status_code == 400 and follow.topic_level(w.carla, w.topic) == "muted"
    r = client.post(f"/forum/topics/{w.topic.id}/follow", data={"level": "watching", "next": "//evil.example"})
    assert r.headers["Location"] == "/forum/notifications"


def test_follow_controls_render_on_topic_and_category_pages(client, login, w):
    login(w.carla)
    html = client.get(f"/forum/topics/{w.topic.id}").text
    assert f'action="/forum/topics/{w.topic.id}/follow"' in html
    assert f'<label class="kern-label" for="follow-topic-{w.topic.id}">' in html
    html = client.get(f"/forum/categories/{w.category.id}").text
    assert f'action="/forum/categories/{w.category.id}/follow"' in html


def test_follow_category_needs_sight_of_it(client, login, w, db):
    login(w.ben)
    assert client.post(f"/forum/categories/{w.staff_category.id}/follow", data={"level": "watching"}).status_code == 403
    login(w.coordinator)
    client.post(f"/forum/categories/{w.staff_category.id}/follow", data={"level": "watching"})
    assert Subscription.query.filter_by(user_id=w.coordinator.id, category_id=w.staff_category.id).one().level == (
        "watching"
    )


def test_digest_setting_and_bad_value(client, login, w, db):
    login(w.carla)
    r = client.post("/forum/notifications/settings", data={"digest": "daily"})
    assert r.status_code == 302
    assert db.session.get(ForumProfile, w.carla.id).digest == "daily"
    r = client.post("/forum/notifications/settings", data={"digest": "hourly"})
    assert r.status_code == 400 and "Bitte prüfen Sie Ihre Eingaben" in r.text
    assert db.session.get(ForumProfile, w.carla.id).digest == "daily"


def test_dimension_follows(client, login, w, db, app):
    from pathlib import Path

    from weltoffen.selfcheck import services

    services.load_questionnaire(Path(__file__).parents[1] / "selfcheck" / "data" / "mini.v1.yaml")
    login(w.ben)
    html = client.get("/forum/notifications").text
    assert 'name="dimensions" type="checkbox" value="management"' in html
    client.post("/forum/notifications/settings", data={"dimensions": ["management"]})
    assert follow.followed_dimensions(w.ben) == {"management"}
    client.post("/forum/notifications/settings", data={})
    assert follow.followed_dimensions(w.ben) == set()
    r = client.post("/forum/notifications/settings", data={"dimensions": ["nonsense"]})
    assert r.status_code == 400
