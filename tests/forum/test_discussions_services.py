"""Discussion services without HTTP: topics, replies, counts, mentions, edits with
history and the grace period, categories and their order."""

from datetime import timedelta
from types import SimpleNamespace

import pytest

from weltoffen.forum.discussions import limits, mentions, services
from weltoffen.forum.models import ForumCategory, PostRevision
from weltoffen.forum.notifications import services as notifications


def forum(make, db):
    network = make.network()
    m = make.municipality(network, name="Stadt Beispiel")
    anna = make.user(name="Anna Schmidt", municipality=m, role="member")
    ben = make.user(name="Ben Öztürk", municipality=make.municipality(network), role="lead")
    coordinator = make.user(name="Carla Koordinatorin", network_role="coordinator", network=network)
    category = ForumCategory(network_id=network.id, title="Austausch", position=1)
    db.session.add(category)
    db.session.flush()
    return SimpleNamespace(network=network, m=m, anna=anna, ben=ben, coordinator=coordinator, category=category)


@pytest.fixture
def f(make, db, monkeypatch):
    """The posting limits (tested in test_limits_*) are switched off here."""
    monkeypatch.setattr(limits, "check_post", lambda *args, **kwargs: None)
    return forum(make, db)


def test_start_topic_and_reply_keep_counts_and_activity(f, db):
    topic = services.start_topic(f.anna, f.category, "  Wer hat Erfahrung?  ", "Hallo **alle**")
    assert topic.title == "Wer hat Erfahrung?"
    assert topic.reply_count == 0 and topic.network_id == f.network.id and topic.kind == "discussion"
    first = topic.posts[0]
    assert first.is_first and first.body_html == "<p>Hallo <strong>alle</strong></p>\n"
    reply = services.reply(f.ben, topic, "Wir!")
    assert topic.reply_count == 1 and not reply.is_first
    assert topic.last_post_at == reply.created_at >= first.created_at
    services.reply(f.anna, topic, "Danke")
    assert topic.reply_count == 2
    assert services.page_of(reply) == 1 and services.last_page(topic) == 1


def test_posting_for_a_municipality(f):
    topic = services.start_topic(f.anna, f.category, "Für die Stadt", "Text", municipality=f.m)
    assert topic.municipality_id == f.m.id and topic.posts[0].municipality_id == f.m.id


def test_raw_html_never_passes_through(f):
    topic = services.start_topic(f.anna, f.category, "XSS", '<script>alert(1)</script> <img src=x onerror=alert(1)>')
    html = topic.posts[0].body_html
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_handles_are_unique_and_stable(f, make):
    assert mentions.base_handle("Jörg-Peter Müller") == "joerg.peter.mueller"
    assert mentions.base_handle("Al") == "al.user"
    twin = make.user(name="Anna Schmidt", municipality=f.m, role="member")
    handles = mentions.handles(f.network.id)
    assert handles[f.anna.id] == "anna.schmidt" and handles[twin.id] == "anna.schmidt2"
    assert handles[f.ben.id] == "ben.oeztuerk" and handles[f.coordinator.id] == "carla.koordinatorin"
    assert mentions.handle_of(twin) == "anna.schmidt2"
    assert mentions.resolve(["ANNA.SCHMIDT2", "nobody", "anna.schmidt2"], f.network.id) == [twin]


def test_mentions_resolve_only_people_of_the_network(f, make, monkeypatch):
    stranger = make.user(name="Dora Fremd", municipality=make.municipality(), role="member")
    told = []
    monkeypatch.setattr(notifications, "notify_post", lambda post, users: told.append((post, list(users))))
    topic = services.start_topic(
        f.anna, f.category, "Frage", "Hallo @ben.oeztuerk und @dora.fremd, `@ben.oeztuerk` @anna.schmidt"
    )
    html = topic.posts[0].body_html
    assert '<span class="mention">@ben.oeztuerk</span>' in html
    assert html.count('class="mention"') == 2  # Ben and Anna, not the code span nor the stranger
    assert "@dora.fremd" in html and stranger.id not in [u.id for u in told[0][1]]
    assert told[0][1] == [f.ben]  # the author is not told about her own mention


def test_mentions_are_not_marked_inside_links(f):
    topic = services.start_topic(f.anna, f.category, "Link", "[@ben.oeztuerk](https://example.org/@ben.oeztuerk)")
    assert 'class="mention"' not in topic.posts[0].body_html


def test_edit_within_grace_period_leaves_no_history(f, db):
    topic = services.start_topic(f.anna, f.category, "Titel", "Erste Fassung")
    post = topic.posts[0]
    services.edit_post(f.anna, post, "Zweite Fassung", title="Neuer Titel")
    assert post.body == "Zweite Fassung" and post.edited_at is None and post.revisions == []
    assert topic.title == "Neuer Titel"


def test_edit_after_grace_period_keeps_the_old_text(f, db, app):
    topic = services.start_topic(f.anna, f.category, "Titel", "Erste Fassung")
    post = topic.posts[0]
    post.created_at -= timedelta(seconds=app.config["FORUM_EDIT_GRACE_SECONDS"] + 1)
    services.edit_post(f.anna, post, "Zweite *Fassung*", content_warning=True)
    assert post.edited_at is not None and post.content_warning
    assert [r.body for r in post.revisions] == ["Erste Fassung"]
    assert post.body_html == "<p>Zweite <em>Fassung</em></p>\n"
    # unchanged text (only the flag): nothing to keep
    services.edit_post(f.anna, post, "Zweite *Fassung*", content_warning=False)
    assert len(post.revisions) == 1


def test_moderator_edit_always_keeps_history_with_reason(f, db):
    topic = services.start_topic(f.anna, f.category, "Titel", "Beleidigung")
    post = topic.posts[0]
    services.edit_post(f.coordinator, post, "[entfernt]", reason="Beleidigung entfernt")
    revision = db.session.query(PostRevision).filter_by(post_id=post.id).one()
    assert revision.reason == "Beleidigung entfernt" and revision.editor_id == f.coordinator.id
    assert post.edited_at is not None


def test_refused_post_writes_nothing(f, db, monkeypatch):
    def refuse(user, body, *, network_id, new_topic):
        raise limits.PostingRefused("Bitte warten Sie.")

    monkeypatch.setattr(limits, "check_post", refuse)
    with pytest.raises(limits.PostingRefused):
        services.start_topic(f.anna, f.category, "Titel", "Text")
    assert services.topics_page(f.category, 1)[1] == 0


def test_category_lists_and_order(f, db):
    second = services.create_category(f.coordinator, f.network, title="Koordination", audience="staff")
    third = services.create_category(f.coordinator, f.network, title="Drittes", description=" Beschreibung ")
    assert [c.title for c in services.categories_of(f.network.id)] == ["Austausch", "Koordination", "Drittes"]
    assert third.description == "Beschreibung"
    services.move_category(third, "up")
    assert [c.id for c in services.categories_of(f.network.id)] == [f.category.id, third.id, second.id]
    services.move_category(f.category, "up")  # already first: nothing changes
    assert services.categories_of(f.network.id)[0] == f.category
    services.start_topic(f.anna, f.category, "Eins", "Text")
    rows = services.category_rows(services.categories_of(f.network.id))
    assert [(r.category.title, r.topics) for r in rows][0] == ("Austausch", 1)
    assert rows[1].topics == 0 and rows[1].last_activity is None


def test_topics_pinned_first_then_by_activity_practices_left_out(f, db):
    old = services.start_topic(f.anna, f.category, "Alt", "a")
    new = services.start_topic(f.anna, f.category, "Neu", "b")
    pinned = services.start_topic(f.anna, f.category, "Angepinnt", "c")
    services.start_topic(f.anna, f.category, "Praxis", "d", kind="practice")
    old.last_post_at -= timedelta(days=2)
    pinned.last_post_at -= timedelta(days=5)
    pinned.pinned = True
    hidden = services.start_topic(f.ben, f.category, "Versteckt", "e")
    hidden.hidden = True
    db.session.flush()
    topics, total = services.topics_page(f.category, 1, author_id=f.anna.id)
    assert [t.title for t in topics][:3] == ["Angepinnt", "Neu", "Alt"] and total == 3
    assert total == 3 and new in topics
    assert services.topics_page(f.category, 1, include_hidden=True)[1] == 4


def test_quote_text(f):
    topic = services.start_topic(f.anna, f.category, "Zitat", "Zeile eins\n\nZeile zwei")
    assert services.quote_text(topic.posts[0], "anna.schmidt") == (
        "> Zeile eins\n>\n> Zeile zwei\n\n— @anna.schmidt\n\n"
    )
