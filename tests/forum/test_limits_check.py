"""Posting limits: each breach gives its message (with the numbers, in German and
English) and writes nothing; through the real reply and new-topic routes the text
stays in the form; flask-limiter's own 429 on a posting route keeps the text too."""

from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from tests.forum.test_moderation_services import add_post, add_topic, build
from weltoffen.forum.discussions import limits
from weltoffen.forum.discussions.limits import PostingRefused, check_post
from weltoffen.forum.models import Post, Topic
from weltoffen.forum.moderation import services as moderation
from weltoffen.platform.db.columns import utcnow

OLD_ACCOUNT = timedelta(days=30)


@pytest.fixture
def w(make, db, app):
    with app.test_request_context():
        yield build(make, db)


def refused(user, body, network_id, *, new_topic=False, language="en", **kwargs) -> str:
    with force_locale(language), pytest.raises(PostingRefused) as exc:
        check_post(user, body, network_id=network_id, new_topic=new_topic, **kwargs)
    return exc.value.message


def allowed(user, body, network_id, *, new_topic=False, **kwargs) -> None:
    check_post(user, body, network_id=network_id, new_topic=new_topic, **kwargs)


LINKS3 = "Siehe [a](https://a.example) und [b](https://b.example) und [c](https://c.example)."
MENTIONS3 = "Fragt @anna.schmidt, @bernd.mueller und @clara.klein."


def test_new_accounts_may_post_at_most_two_links(w):
    user = w.reporters[0]
    assert refused(user, LINKS3, w.network.id) == (
        "New accounts may include at most 2 links per post; this text has 3. Please remove some links.")
    assert "höchstens 2 Links" in refused(user, LINKS3, w.network.id, language="de")
    allowed(user, "Siehe [a](https://a.example) und [b](https://b.example).", w.network.id)


def test_new_accounts_may_mention_at_most_two_people(w):
    user = w.reporters[0]
    assert refused(user, MENTIONS3, w.network.id) == (
        "New accounts may mention at most 2 people per post; this text mentions 3.")
    allowed(user, "Fragt @anna.schmidt und @bernd.mueller.", w.network.id)


def test_older_accounts_and_staff_have_no_new_account_limits(w):
    w.reporters[0].created_at = utcnow() - OLD_ACCOUNT
    allowed(w.reporters[0], LINKS3 + " " + MENTIONS3, w.network.id)
    allowed(w.coordinator, LINKS3 + " " + MENTIONS3, w.network.id)


def test_seconds_between_posts(w, db, app):
    add_post(db, w.topic, w.author, "Eben geschrieben", age=timedelta(seconds=1.5))
    assert refused(w.author, "Noch etwas", w.network.id) == (
        "Please wait 4 more seconds before you post again. Your text is still here.")
    assert refused(w.author, "Noch etwas", w.network.id, language="de").startswith("Bitte warten Sie noch 4 Sekunden")
    add_post(db, w.topic, w.reporters[0], "Vor 4,5 Sekunden", age=timedelta(seconds=4.5))
    assert refused(w.reporters[0], "Noch etwas", w.network.id) == (
        "Please wait 1 more second before you post again. Your text is still here.")
    add_post(db, w.topic, w.reporters[1], "Vor 6 Sekunden", age=timedelta(seconds=6))
    allowed(w.reporters[1], "Noch etwas", w.network.id)


def test_seconds_between_topics(w, db):
    add_topic(db, w.category, w.reporters[0], title="Neues Thema", age=timedelta(seconds=10))
    assert refused(w.reporters[0], "Ein weiteres Thema", w.network.id, new_topic=True) == (
        "Please wait 5 more seconds before you open another topic. Your text is still here.")
    allowed(w.reporters[0], "Eine Antwort darf es sein", w.network.id)


def test_the_same_text_twice_within_the_window(w, db, app):
    post = add_post(db, w.topic, w.reporters[0], "Wir machen mit!", age=timedelta(minutes=2))
    assert refused(w.reporters[0], "  wir   machen mit!\n", w.network.id) == (
        "You have just posted this same text. Please write something new or add to your earlier post.")
    allowed(w.reporters[1], "Wir machen mit!", w.network.id)
    allowed(w.reporters[0], "Wir machen mit!", w.network.id, editing=post)
    post.created_at = utcnow() - timedelta(seconds=app.config["FORUM_DUPLICATE_WINDOW_SECONDS"] + 1)
    allowed(w.reporters[0], "Wir machen mit!", w.network.id)


def test_edits_are_not_paced(w, db):
    post = add_post(db, w.topic, w.reporters[0], "Tippfehler", age=timedelta(seconds=1))
    allowed(w.reporters[0], "Kein Tippfehler", w.network.id, editing=post)


def test_suspended_users_are_refused_with_the_reason(w, db):
    moderation.suspend(w.coordinator, w.reporters[0], "Wiederholt Werbung")
    assert refused(w.reporters[0], "Hallo", w.network.id) == (
        "You are suspended from the forum and cannot post. Reason: Wiederholt Werbung")


# --- through the real routes ------------------------------------------------------------


def _counts(db):
    return db.session.scalar(select(func.count(Post.id))), db.session.scalar(select(func.count(Topic.id)))


@pytest.fixture
def routes(app):
    assert "forum.reply" in app.view_functions and "forum.new_topic" in app.view_functions


def test_a_refused_reply_keeps_the_text_and_writes_nothing(routes, client, login, make, db):
    w = build(make, db)
    login(w.reporters[0])
    before = _counts(db)
    r = client.post(f"/forum/topics/{w.topic.id}/reply", data={"body": LINKS3})
    assert r.status_code in (422, 429)
    assert "at most 2 links per post; this text has 3" in r.text or "höchstens 2 Links" in r.text
    assert "https://c.example" in r.text  # the text is still in the form
    assert _counts(db) == before


def test_a_refused_new_topic_keeps_title_and_text(routes, client, login, make, db):
    w = build(make, db)
    add_topic(db, w.category, w.reporters[0], title="Gerade eben", age=timedelta(seconds=3))
    login(w.reporters[0])
    before = _counts(db)
    r = client.post(f"/forum/categories/{w.category.id}/topics/new",
                    data={"title": "Zweites Thema", "body": "Mein sorgfältig formulierter Text"})
    assert r.status_code in (422, 429)
    assert "Bitte warten Sie noch 12 Sekunden" in r.text or "Bitte warten Sie noch 13 Sekunden" in r.text
    assert "Zweites Thema" in r.text and "Mein sorgfältig formulierter Text" in r.text
    assert _counts(db) == before


def test_the_rate_limit_of_posting_routes_keeps_the_text(routes, app, client, login, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "FORUM_POST_RATE_LIMIT", "2 per minute")
    w = build(make, db)
    w.reporters[0].created_at = utcnow() - OLD_ACCOUNT
    login(w.reporters[0])
    url = f"/forum/topics/{w.topic.id}/reply"
    for n in range(2):
        client.post(url, data={"body": f"Antwort {n}"})
    before = _counts(db)
    r = client.post(url, data={"body": "Dieser Text darf nicht verloren gehen"},
                    headers={"Referer": f"http://weltoffen.test/forum/topics/{w.topic.id}"})
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert "Zu viele Beiträge in kurzer Zeit" in r.text
    assert "Dieser Text darf nicht verloren gehen" in r.text and 'readonly' in r.text
    assert f'href="http://weltoffen.test/forum/topics/{w.topic.id}"' in r.text
    assert _counts(db) == before

    htmx = client.post(url, data={"body": "Per htmx gesendet"}, headers={"HX-Request": "true"})
    assert htmx.status_code == 429
    assert htmx.headers["HX-Retarget"] == "#alerts" and 'role="alert"' in htmx.text
    assert "Ihr Text ist noch im Formular" in htmx.text and "<html" not in htmx.text
    assert _counts(db) == before


def test_the_rate_limit_counts_per_user(routes, app, client, login, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "FORUM_POST_RATE_LIMIT", "1 per minute")
    w = build(make, db)
    for user in w.reporters[:2]:
        user.created_at = utcnow() - OLD_ACCOUNT
        login(user)
        assert client.post(f"/forum/topics/{w.topic.id}/reply", data={"body": f"Von {user.name}"}).status_code == 302


def test_the_limiter_scope_is_shared_by_posting_routes():
    assert limits.post_rate_limit is not None
