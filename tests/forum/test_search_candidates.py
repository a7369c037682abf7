"""Search cost bounded by search.CANDIDATES: only a network's own newest matches are
ranked, and a capped result says "at least" (Results.more)."""

from tests.forum import notifications_support as fs
from weltoffen.forum.models import ForumCategory
from weltoffen.forum.search import services as search


def test_other_networks_never_take_the_candidate_places(make, db, monkeypatch):
    w = fs.world(make)
    other = ForumCategory(network_id=w.outsider.municipalities[0].network_id, title="Anderswo")
    db.session.add(other)
    db.session.flush()
    mine = fs.topic(w.category, w.anna, "Sprachkurse bei uns")
    theirs = fs.topic(other, w.outsider, "Sprachkurse dort")
    for i in range(4):  # newer than ours: they would fill the candidates if not scoped
        fs.post(theirs, w.outsider, f"Sprachkurse Nummer {i}")
    monkeypatch.setattr(search, "CANDIDATES", 3)
    found = search.search(w.ben, w.network, "Sprachkurse")
    assert [h.post.id for h in found.hits] == [mine.posts[0].id]
    assert found.total == 1 and not found.more


def test_capped_results_say_at_least(make, db, monkeypatch, client, login):
    w = fs.world(make)
    t = fs.topic(w.category, w.anna, "Workshops")
    posts = [fs.post(t, w.ben, f"Workshops Runde {i}") for i in range(5)]
    hidden = fs.post(t, w.ben, "Workshops intern")
    hidden.hidden_reason = "moderator"
    db.session.flush()
    monkeypatch.setattr(search, "CANDIDATES", 4)
    found = search.search(w.carla, w.network, "Workshops")
    # the newest 4 matches are ranked; the hidden one of them is left out
    assert found.more and found.total == 3
    assert {h.post.id for h in found.hits} == {p.id for p in posts[-3:]}
    monkeypatch.setattr(search, "CANDIDATES", 50)
    found = search.search(w.carla, w.network, "Workshops")
    assert not found.more and found.total == 6  # the topic's first post, five replies
    monkeypatch.setattr(search, "CANDIDATES", 4)
    login(w.carla)
    page = client.get("/forum/search?q=Workshops").get_data(as_text=True)
    assert "3" in page and ("At least 3 results" in page or "Mindestens 3 Ergebnisse" in page)


def test_both_ways_to_the_candidates_find_the_same(make, db, monkeypatch):
    """PostgreSQL takes the newest matches either from the primary key walked backwards
    or from the GIN index sorted by id (search.use_match_index): same hits, same order,
    same cap. On SQLite both runs take the one way there is."""
    w = fs.world(make)
    t = fs.topic(w.category, w.anna, "Sprachkurse im Quartier")
    for i in range(6):
        fs.post(t, w.ben if i % 2 else w.anna, f"Sprachkurse {'und Sprachkurse ' * i}Runde {i}")
    fs.post(t, w.ben, "Nichts dazu")
    monkeypatch.setattr(search, "CANDIDATES", 5)
    found = {}
    for way in (False, True):
        monkeypatch.setattr(search, "use_match_index", lambda _connection, _query, way=way: way)
        r = search.search(w.ben, w.network, "Sprachkurse")
        found[way] = (r.total, r.more, [(h.kind, h.post.id if h.post else h.practice.id) for h in r.hits])
    assert found[False] == found[True]
    assert found[True][0] == 5 and found[True][1]


def test_the_estimate_decides(db):
    connection = db.session.connection()
    if not search.is_postgres(connection):
        return
    # No statistics yet (reltuples unknown): the planner decides, as before.
    assert search.use_match_index(connection, "Sprachkurse") in (False, True)
    assert search.ranked_sql(True, False, match_index=True).count("doc_id + 0") == 1
    assert "doc_id + 0" not in search.ranked_sql(True, False)
