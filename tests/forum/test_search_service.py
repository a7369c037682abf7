"""Full-text search: German inflected forms, ranking, visibility, index upkeep,
hostile queries and safe highlighting (SQLite FTS5 or PostgreSQL, whichever runs)."""

import re

import pytest

from tests.forum import notifications_support as fs
from weltoffen.forum.search import services as search


@pytest.fixture
def w(make, db):
    w = fs.world(make)
    w.t1 = fs.topic(w.category, w.anna, "Bürgerhaushalte in kleinen Gemeinden",
                    "Wie organisieren Sie die **Beteiligungen** beim Haushalt?")
    w.r1 = fs.post(w.t1, w.ben, "Unser Bürgerhaushalts-Verfahren lief online über drei Monate.")
    w.t2 = fs.topic(w.category, w.carla, "Willkommenskultur", "Patenschaften für Geflüchtete")
    return w


def _ids(results):
    return [(h.kind, h.post.id if h.post else h.practice.id) for h in results.hits]


def test_inflected_forms_are_found(db, w):
    found = search.search(w.ben, w.network, "Beteiligung")
    assert _ids(found) == [("post", w.t1.posts[0].id)]
    found = search.search(w.ben, w.network, "Bürgerhaushalt")
    assert {h.post.id for h in found.hits} == {w.t1.posts[0].id, w.r1.id}
    assert found.total == 2
    assert _ids(search.search(w.ben, w.network, "patenschaft")) == [("post", w.t2.posts[0].id)]


def test_title_ranks_above_body_and_highlights_are_marked(db, w):
    found = search.search(w.ben, w.network, "Bürgerhaushalt")
    assert found.hits[0].post.id == w.t1.posts[0].id  # the title match
    assert "<mark>Bürgerhaushalte</mark>" in str(found.hits[0].title)
    assert "<mark>Bürgerhaushalts</mark>" in str(found.hits[1].snippet)
    assert str(found.hits[1].title) == "<mark>Bürgerhaushalte</mark> in kleinen Gemeinden"  # a reply: its topic


def test_highlight_escapes_user_text(db, w):
    t = fs.topic(w.category, w.ben, "<script>alert(1)</script> Integration",
                 "`<img src=x onerror=alert(1)>` Integrationskurs & mehr")
    found = search.search(w.ben, w.network, "Integration")
    hit = next(h for h in found.hits if h.topic.id == t.id)
    html = str(hit.title) + str(hit.snippet)
    assert "<script>" not in html and "<img" not in html
    assert "<mark>" in html
    assert set(re.findall(r"<(/?\w+)", html)) <= {"mark", "/mark"}  # the only markup is ours


@pytest.mark.parametrize("query", [
    '"', '""', '"unbalanced', "*", "Bürger*", "NEAR(", "NEAR(a b", "OR", "a OR", "AND NOT", "-", "^",
    "title:foo", "(", ")", "{x}", "'", "\\", "%", "\x00", "ä" * 5000, "wort " * 300, ":*", "!!", "<->", "&|",
])
def test_hostile_queries_never_raise(db, w, query):
    results = search.search(w.ben, w.network, query)
    assert results.total >= 0 and len(results.query) <= search.MAX_QUERY_CHARS


def test_empty_query_is_flagged(db, w):
    assert search.search(w.ben, w.network, "").empty_query
    assert search.search(w.ben, w.network, "  *** ").empty_query


def test_hidden_posts_staff_categories_and_other_networks(db, w):
    w.r1.hidden_reason = "moderator"
    staff_topic = fs.topic(w.staff_category, w.coordinator, "Bürgerhaushalt intern")
    db.session.flush()
    member = {h.post.id for h in search.search(w.ben, w.network, "Bürgerhaushalt").hits}
    assert member == {w.t1.posts[0].id}
    staff = {h.post.id for h in search.search(w.coordinator, w.network, "Bürgerhaushalt").hits}
    assert staff == {w.t1.posts[0].id, w.r1.id, staff_topic.posts[0].id}
    assert search.search(w.outsider, w.network, "Bürgerhaushalt").hits == []
    w.r1.hidden_reason = None  # unhidden: found again without reindexing
    db.session.flush()
    assert w.r1.id in {h.post.id for h in search.search(w.ben, w.network, "Bürgerhaushalt").hits}


def test_hidden_topics_are_left_out_for_members(db, w):
    w.t2.hidden = True
    db.session.flush()
    assert search.search(w.carla, w.network, "Patenschaften").hits == []
    assert len(search.search(w.coordinator, w.network, "Patenschaften").hits) == 1


def test_practices_only_when_published(db, w):
    published = fs.practice(w.category, w.anna, w.m, "Bürgerrat per Los", approach="Zufallsauswahl der Teilnehmenden")
    draft = fs.practice(w.category, w.anna, w.m, "Bürgerrat Entwurf", status="submitted",
                        approach="Zufallsauswahl geplant")
    hits = search.search(w.carla, w.network, "Zufallsauswahl").hits
    assert [(h.kind, h.practice.id) for h in hits] == [("practice", published.id)]
    staff = search.search(w.coordinator, w.network, "Zufallsauswahl").hits
    assert {h.practice.id for h in staff} == {published.id, draft.id}
    # a practice's title is found through the practice, not twice
    assert [h.kind for h in search.search(w.carla, w.network, "Los").hits] == ["practice"]


def test_edits_and_title_changes_update_the_index(db, w):
    w.r1.body_html = "<p>Jetzt geht es um Klimaanpassung.</p>"
    w.t2.title = "Begegnungscafés im Stadtteil"
    db.session.flush()
    assert search.search(w.ben, w.network, "Verfahren").total == 0
    assert [h.post.id for h in search.search(w.ben, w.network, "Klimaanpassung").hits] == [w.r1.id]
    assert [h.post.id for h in search.search(w.ben, w.network, "Stadtteile").hits] == [w.t2.posts[0].id]


def test_deleted_posts_leave_the_index_and_reindex_rebuilds(db, w):
    db.session.delete(w.r1)
    db.session.flush()
    assert search.search(w.ben, w.network, "Verfahren").total == 0
    count = search.reindex()
    assert count == 2
    assert search.search(w.ben, w.network, "Beteiligungen").total == 1


def test_pagination(db, w):
    for i in range(search.PAGE_SIZE + 5):
        fs.post(w.t2, w.ben, f"Sprachkurse Nummer {i}")
    first = search.search(w.ben, w.network, "Sprachkurse", page=1)
    second = search.search(w.ben, w.network, "Sprachkurse", page=2)
    assert first.total == second.total == search.PAGE_SIZE + 5
    assert len(first.hits) == search.PAGE_SIZE and len(second.hits) == 5
    assert not {h.post.id for h in first.hits} & {h.post.id for h in second.hits}


def test_flask_forum_reindex(app, db, w):
    result = app.test_cli_runner().invoke(args=["forum", "reindex"])
    assert result.exit_code == 0 and "3 documents indexed" in result.output
    assert search.search(w.ben, w.network, "Beteiligung").total == 1


def test_snippets_have_no_space_before_punctuation_after_inline_markup(db, w):
    """Inline tags (bold, links) vanish without a space; block tags still separate words."""
    fs.topic(w.category, w.ben, "Stadtteilarbeit",
             "Wir treffen uns im **Quartier**. Danach [im Rathaus](https://example.org), dann")
    found = search.search(w.ben, w.network, "Quartier")
    snippet = str(found.hits[0].snippet)
    assert "Quartier</mark>." in snippet and "Quartier</mark> ." not in snippet
    assert "im Rathaus, dann" in snippet
    from weltoffen.forum.search.index import plain

    assert plain("<p>eins</p><p>zwei</p>") == "eins zwei"
    assert plain("<li>a</li><li>b<br>c</li>") == "a b c"
