"""`flask forum digest`: what goes out, to whom, in which language, and only once."""

from datetime import timedelta

import pytest

from tests.forum import notifications_support as fs
from weltoffen.forum.models import ForumProfile, Notification
from weltoffen.forum.notifications import digest, follow
from weltoffen.forum.notifications import services as notifications
from weltoffen.platform.db.columns import utcnow


@pytest.fixture
def w(make, db):
    w = fs.world(make)
    w.topic = fs.topic(w.category, w.anna, "Bürgerhaushalt")
    notifications.notify_post(fs.post(w.topic, w.ben, "Wir haben **Erfahrung** damit"), [])
    return w


def run(app):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["forum", "digest"])
    assert result.exit_code == 0, result.output
    return result.output


def to(inbox, user):
    return [m for m in inbox.messages if user.email in m["To"]]


def test_digest_lists_notifications_and_new_topics_in_the_recipients_language(app, db, w, inbox):
    follow.set_level(w.ben, "watching", category=w.category)
    fs.topic(w.category, w.carla, "Patenschaften für Geflüchtete")
    output = run(app)
    assert "2 digest e-mails sent" in output
    (anna_mail,) = to(inbox, w.anna)
    body = inbox.body(anna_mail)
    assert anna_mail["Subject"] == "Neues aus dem Forum von weltoffen"
    assert "Ben Beispiel hat in „Bürgerhaushalt“ geantwortet" in body
    assert "Wir haben Erfahrung damit" in body
    note = Notification.query.filter_by(user_id=w.anna.id).one()
    assert f"http://127.0.0.1:5000/forum/notifications/{note.id}/open" in body  # BASE_URL
    assert "http://127.0.0.1:5000/forum/notifications#settings" in body
    (ben_mail,) = to(inbox, w.ben)
    assert ben_mail["Subject"] == "Forum news from weltoffen"  # Ben reads English
    ben_body = inbox.body(ben_mail)
    assert "New topics in categories you watch" in ben_body and "Patenschaften für Geflüchtete" in ben_body
    assert "Bürgerhaushalt" not in ben_body  # his own reply's topic is not news to him
    assert note.digested_at is not None
    assert db.session.get(ForumProfile, w.anna.id).digest_sent_at is not None


def test_running_twice_the_same_day_sends_nothing_more(app, db, w, inbox):
    run(app)
    first = len(inbox.messages)
    notifications.notify_post(fs.post(w.topic, w.carla, "Noch etwas"), [])
    assert "0 digest e-mails sent" in run(app)
    assert len(inbox.messages) == first == 1


def test_daily_users_get_the_next_one_the_next_day(app, db, w, inbox):
    digest.set_frequency(w.anna, "daily")
    run(app)
    profile = db.session.get(ForumProfile, w.anna.id)
    profile.digest_sent_at = utcnow() - timedelta(days=1)
    notifications.notify_post(fs.post(w.topic, w.carla, "Am nächsten Tag"), [])
    inbox.messages.clear()
    run(app)
    (mail,) = to(inbox, w.anna)
    body = inbox.body(mail)
    assert "Carla Czerny" in body and "Ben Beispiel" not in body  # only what was not digested


def test_weekly_waits_seven_days(db, w):
    profile = ForumProfile(user_id=w.anna.id, digest="weekly", digest_sent_at=utcnow() - timedelta(days=6))
    assert not digest.is_due(profile, utcnow())
    profile.digest_sent_at = utcnow() - timedelta(days=7)
    assert digest.is_due(profile, utcnow())
    profile.digest = "off"
    assert not digest.is_due(profile, utcnow())


def test_nothing_new_no_mail_and_off_means_off(app, db, w, inbox):
    notifications.mark_all_read(w.anna)  # read in the app: nothing left to mail
    digest.set_frequency(w.carla, "off")
    follow.set_level(w.carla, "watching", category=w.category)
    fs.topic(w.category, w.ben, "Neues Thema")
    follow.set_level(w.coordinator, "watching", category=w.category)
    run(app)
    assert to(inbox, w.anna) == [] and to(inbox, w.carla) == []
    assert [m["To"] for m in inbox.messages] == [w.coordinator.email]
    assert Notification.query.filter_by(user_id=w.anna.id).one().digested_at is not None


def test_hidden_posts_are_not_mailed(app, db, w, inbox):
    note = Notification.query.filter_by(user_id=w.anna.id).one()
    note.post.hidden_reason = "moderator"
    db.session.flush()
    run(app)
    assert to(inbox, w.anna) == []
