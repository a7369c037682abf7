"""The search page through the client."""

import pytest

from tests.forum import notifications_support as fs


@pytest.fixture
def w(make, db):
    w = fs.world(make)
    w.topic = fs.topic(w.category, w.anna, "Bürgerhaushalte", "Mehr <Beteiligungen> & Transparenz")
    return w


def test_search_box_keeps_the_query_and_shows_highlighted_results(client, login, w):
    login(w.carla)
    r = client.get("/forum/search", query_string={"q": "Beteiligung"})
    assert r.status_code == 200
    assert 'value="Beteiligung"' in r.text
    assert "1 Ergebnis" in r.text
    assert "<mark>Beteiligungen</mark>" in r.text and "&lt;" in r.text and "<Beteiligungen>" not in r.text
    assert f'href="/forum/posts/{w.topic.posts[0].id}"' in r.text


def test_empty_and_punctuation_queries_are_friendly(client, login, w):
    login(w.carla)
    assert "Geben Sie ein Wort ein" in client.get("/forum/search").text
    assert "Geben Sie ein Wort ein" in client.get("/forum/search?q=%20%20").text
    assert "mindestens ein Wort" in client.get("/forum/search", query_string={"q": '"*"'}).text
    r = client.get("/forum/search", query_string={"q": "Klimawandel"})
    assert "Nichts gefunden für „Klimawandel“" in r.text


@pytest.mark.parametrize("query", ['"', "NEAR(", "a OR", "Bürger*", "x" * 5000, "<script>alert(1)</script>"])
def test_hostile_queries_are_answered(client, login, w, query):
    login(w.carla)
    r = client.get("/forum/search", query_string={"q": query})
    assert r.status_code == 200 and "<script>alert" not in r.text


def test_other_networks_are_refused(client, login, w):
    login(w.outsider)
    assert client.get("/forum/search", query_string={"q": "Bürgerhaushalt", "network": w.network.id}).status_code == 403
    r = client.get("/forum/search", query_string={"q": "Bürgerhaushalt"})  # their own network
    assert r.status_code == 200 and "Bürgerhaushalte" not in r.text


def test_pagination_keeps_the_query(client, login, w):
    from weltoffen.forum.search import services as search

    for i in range(search.PAGE_SIZE + 1):
        fs.post(w.topic, w.ben, f"Sprachkurse {i}")
    login(w.carla)
    html = client.get("/forum/search", query_string={"q": "Sprachkurse"}).text
    assert "21 Ergebnisse" in html and "page=2" in html and "q=Sprachkurse" in html
