"""Discussion pages through the client: index, category, topic, posting with preview,
quoting, municipality, refusals that keep the text, hidden and locked states, edits
and history, category administration."""

import re
from datetime import timedelta

import pytest

from tests.forum.test_discussions_services import forum
from weltoffen.forum.discussions import limits, services
from weltoffen.forum.models import ForumCategory, Post, Topic


@pytest.fixture
def f(make, db, monkeypatch):
    """The posting limits (tested in test_limits_*) are switched off here."""
    monkeypatch.setattr(limits, "check_post", lambda *args, **kwargs: None)
    w = forum(make, db)
    w.topic = services.start_topic(w.anna, w.category, "Wer hat Erfahrung?", "Hallo **alle**")
    w.first = w.topic.posts[0]
    return w


def test_index_lists_visible_categories_with_counts(f, client, login, db):
    db.session.add(ForumCategory(network_id=f.network.id, title="Nur Koordination", position=2, audience="staff"))
    login(f.ben)
    page = client.get("/forum/").get_data(as_text=True)
    assert "Austausch" in page and "Nur Koordination" not in page
    assert re.search(r"Austausch</a>.*?<td[^>]*>1</td>", page, re.S)
    assert 'href="/forum/"' in page  # the Forum link in the main navigation
    login(f.coordinator)
    page = client.get("/forum/").get_data(as_text=True)
    assert "Nur Koordination" in page and f"/forum/networks/{f.network.id}/categories" in page


def test_forum_link_only_for_people_in_a_network(client, login, make):
    login(make.user(network_role="admin"))
    assert 'href="/forum/"' not in client.get("/auth/account").get_data(as_text=True)


def test_other_network_is_refused(f, client, login, make):
    login(make.user(municipality=make.municipality(), role="lead"))
    assert client.get(f"/forum/categories/{f.category.id}").status_code == 403
    assert client.get(f"/forum/topics/{f.topic.id}").status_code == 403
    assert client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "x"}).status_code == 403


def test_new_topic_keeps_text_on_errors_and_posts(f, client, login, db):
    login(f.ben)
    r = client.post(f"/forum/categories/{f.category.id}/topics/new", data={"title": "", "body": "Mein *Text*"})
    assert r.status_code == 422 and "Mein *Text*" in r.get_data(as_text=True)
    r = client.post(f"/forum/categories/{f.category.id}/topics/new",
                    data={"title": "Neue Frage", "body": "Mein *Text*", "content_warning": "y"})
    topic = db.session.query(Topic).filter_by(title="Neue Frage").one()
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/forum/topics/{topic.id}")
    assert topic.posts[0].content_warning
    page = client.get(f"/forum/topics/{topic.id}").get_data(as_text=True)
    assert '<details class="content-warning">' in page and "<em>Text</em>" in page


def test_posting_refused_shows_the_message_with_the_form_filled(f, client, login, monkeypatch, db):
    def refuse(user, body, **kwargs):
        raise limits.PostingRefused("Bitte warten Sie noch 4 Sekunden.")

    monkeypatch.setattr(limits, "check_post", refuse)
    login(f.ben)
    r = client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "Meine Antwort bleibt"})
    page = r.get_data(as_text=True)
    assert r.status_code == 422 and "Bitte warten Sie noch 4 Sekunden." in page and "Meine Antwort bleibt" in page
    r = client.post(f"/forum/categories/{f.category.id}/topics/new", data={"title": "T1tel", "body": "Bleibt auch"})
    assert r.status_code == 422 and "Bleibt auch" in r.get_data(as_text=True)
    assert db.session.query(Post).count() == 1 and f.topic.reply_count == 0


def test_preview_without_javascript_and_with_htmx(f, client, login, db):
    login(f.ben)
    r = client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "**fett** <script>x</script>", "preview": "1"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and "<strong>fett</strong>" in page and "<script>x" not in page
    assert db.session.query(Post).count() == 1
    r = client.post("/forum/preview", data={"body": "@anna.schmidt *kursiv*"}, headers={"HX-Request": "true"})
    fragment = r.get_data(as_text=True)
    assert '<span class="mention">@anna.schmidt</span>' in fragment and "<em>kursiv</em>" in fragment
    assert "<html" not in fragment


def test_reply_for_a_municipality_and_counts(f, client, login, db):
    login(f.anna)
    page = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    assert "Anna Schmidt für Stadt Beispiel" in page  # the "post as" choice
    r = client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "Für die Stadt", "municipality": str(f.m.id)})
    post = db.session.query(Post).filter_by(body="Für die Stadt").one()
    assert r.headers["Location"].endswith(f"/forum/topics/{f.topic.id}?page=1#post-{post.id}")
    assert post.municipality_id == f.m.id and f.topic.reply_count == 1
    assert "Anna Schmidt für Stadt Beispiel" in client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    # a municipality the user is not on the team of is refused
    other = f.ben.municipalities[0]
    r = client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "Fremd", "municipality": str(other.id)})
    assert r.status_code == 422 and f.topic.reply_count == 1


def test_quote_fills_the_reply_box(f, client, login):
    login(f.ben)
    page = client.get(f"/forum/topics/{f.topic.id}?quote={f.first.id}").get_data(as_text=True)
    assert "&gt; Hallo **alle**\n\n— @anna.schmidt" in page
    assert 'data-quote="&gt; Hallo **alle**' in page


def test_hidden_posts_and_locked_topics(f, client, login, db, make):
    reply = services.reply(f.ben, f.topic, "Etwas Verbotenes")
    reply.hidden_reason = "moderator"
    f.topic.locked = True
    db.session.flush()
    login(f.anna)
    page = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    assert "Etwas Verbotenes" not in page and "Dieser Beitrag wurde von der Moderation ausgeblendet." in page
    assert 'id="reply-form"' not in page
    assert client.post(f"/forum/topics/{f.topic.id}/reply", data={"body": "x"}).status_code == 403
    login(f.ben)
    assert "Etwas Verbotenes" in client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    login(f.coordinator)
    page = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    assert "Etwas Verbotenes" in page and 'id="reply-form"' in page


def test_edit_and_history(f, client, login, db, app):
    login(f.ben)
    assert client.get(f"/forum/posts/{f.first.id}/edit").status_code == 403
    login(f.anna)
    r = client.post(f"/forum/posts/{f.first.id}/edit", data={"title": "Neuer Titel", "body": "Korrigiert"})
    assert r.status_code == 302 and f.first.body == "Korrigiert" and f.topic.title == "Neuer Titel"
    assert f.first.revisions == []
    f.first.created_at -= timedelta(seconds=app.config["FORUM_EDIT_GRACE_SECONDS"] + 5)
    db.session.flush()
    client.post(f"/forum/posts/{f.first.id}/edit", data={"title": "Neuer Titel", "body": "Später geändert"})
    assert [r.body for r in f.first.revisions] == ["Korrigiert"]
    login(f.ben)
    page = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    assert f"/forum/posts/{f.first.id}/history" in page
    history = client.get(f"/forum/posts/{f.first.id}/history").get_data(as_text=True)
    assert "Korrigiert" in history and "Später geändert" in history


def test_pages_of_thirty_posts(f, client, login, db):
    for n in range(31):
        db.session.add(Post(topic_id=f.topic.id, author_id=f.ben.id, body=f"n{n}", body_html=f"<p>Antwort {n}</p>"))
    db.session.flush()
    login(f.anna)
    first = client.get(f"/forum/topics/{f.topic.id}").get_data(as_text=True)
    second = client.get(f"/forum/topics/{f.topic.id}?page=2").get_data(as_text=True)
    assert "Antwort 28<" in first and "Antwort 29<" not in first
    assert "Antwort 29<" in second and "Antwort 30<" in second
    assert client.get(f"/forum/topics/{f.topic.id}?page=9").status_code == 404
    last = db.session.query(Post).order_by(Post.id.desc()).first()
    assert client.get(f"/forum/posts/{last.id}").headers["Location"].endswith(f"page=2#post-{last.id}")


def test_category_page_escapes_and_orders(f, client, login, db):
    services.start_topic(f.ben, f.category, "<script>alert(1)</script>", "x")
    services.start_topic(f.ben, f.category, "Praxis", "x", kind="practice")
    login(f.anna)
    page = client.get(f"/forum/categories/{f.category.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert ">Praxis<" not in page


def test_category_administration(f, client, login, db):
    login(f.anna)
    assert client.get(f"/forum/networks/{f.network.id}/categories").status_code == 403
    login(f.coordinator)
    r = client.post(f"/forum/networks/{f.network.id}/categories/new", data={"title": "", "audience": "network"})
    assert r.status_code == 422
    r = client.post(f"/forum/networks/{f.network.id}/categories/new",
                    data={"title": "Intern", "description": "Nur wir", "audience": "staff"})
    assert r.status_code == 302
    intern = db.session.query(ForumCategory).filter_by(title="Intern").one()
    assert intern.audience == "staff" and intern.position == 2
    client.post(f"/forum/categories/{intern.id}/move", data={"direction": "up"})
    assert [c.title for c in services.categories_of(f.network.id)] == ["Intern", "Austausch"]
    assert client.post(f"/forum/categories/{intern.id}/move", data={"direction": "sideways"}).status_code == 400
    client.post(f"/forum/categories/{intern.id}/edit", data={"title": "Offen", "audience": "network"})
    assert intern.title == "Offen" and intern.audience == "network"
    login(f.anna)
    assert "Offen" in client.get("/forum/").get_data(as_text=True)
