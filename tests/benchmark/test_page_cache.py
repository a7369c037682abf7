"""The benchmark pages keep rendered parts per benchmark version (versions.py): every
change that shows on them must show with the next request, in every worker - so the
version lives in the database and each relevant write replaces it."""

import re

import pytest

from weltoffen.benchmark import named_groups, versions
from weltoffen.network import services as network_services
from weltoffen.selfcheck import followup
from weltoffen.selfcheck import services as selfcheck_services
from weltoffen.selfcheck.models import Submission

from ..selfcheck.conftest import answer


def _sub(round_, municipality):
    return next(s for s in round_.submissions if s.municipality_id == municipality.id)


def _network_n(page_text: str) -> set[int]:
    """The n of the network column on the comparison page ("median (q1–q3), n")."""
    return {int(n) for n in re.findall(r"\), (\d+)</td>", page_text)}


def _commit(db):
    db.session.commit()
    db.session.expire_all()


@pytest.fixture
def coordinator(make, round_with_scores):
    round_, _towns, _city = round_with_scores
    return make.user(network_role="coordinator", network=round_.network)


def _waiting(page_text: str) -> set[int]:
    """The counts of "… changes wait for the next release" on a page."""
    return {int(n) for n in re.findall(r"(\d+) Änderungen? warte", page_text)}


def test_comparison_follows_a_reopen_and_a_new_submit(client, login, make, db, round_with_scores, coordinator):
    """The figures are released (n = 10 of 12); a reopening changes no figure, but the
    count of changes waiting for the next release shows with the next request."""
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    path = f"/benchmark/submissions/{_sub(round_, city).id}"
    assert _network_n(client.get(path).text) == {10}
    assert _waiting(client.get(path).text) == {2}  # kept
    reopened = _sub(round_, towns[1])
    selfcheck_services.reopen(reopened, coordinator, "Korrektur")
    _commit(db)
    page = client.get(path).text
    assert _network_n(page) == {10} and _waiting(page) == {3}
    selfcheck_services.submit(reopened, coordinator)  # the answers stay through a reopen
    _commit(db)
    page = client.get(path).text
    assert _network_n(page) == {10} and _waiting(page) == {2}


def test_comparison_follows_an_opt_in_and_its_revocation(client, login, make, db, round_with_scores, coordinator):
    round_, towns, city = round_with_scores
    login(make.user(municipality=towns[0], role="lead"))  # the weakest in management
    path = f"/benchmark/submissions/{_sub(round_, towns[0]).id}"
    assert towns[3].name not in client.get(path).text
    from weltoffen.benchmark import services

    services.set_sharing(towns[3], coordinator, True)  # among the strongest in management
    _commit(db)
    assert towns[3].name in client.get(path).text
    services.set_sharing(towns[3], coordinator, False)
    _commit(db)
    assert towns[3].name not in client.get(path).text


def test_own_opt_in_shows_at_once(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    path = f"/benchmark/submissions/{_sub(round_, city).id}"
    assert 'name="share" value="yes"' in client.get(path).text
    client.post(f"/benchmark/municipalities/{city.id}/sharing", data={"share": "yes", "next": path})
    assert 'name="share" value="no"' in client.get(path).text


COLUMN = "Median (mittlere Hälfte), Anzahl"


def test_comparison_follows_the_chosen_groups(client, login, make, round_k1):
    round_, towns, city = round_k1
    login(make.user(municipality=towns[0], role="lead"))
    path = f"/benchmark/submissions/{_sub(round_, towns[0]).id}"
    # By default the state (= the network here) and the size class (the eleven towns).
    assert client.get(path).text.count(COLUMN) == 2
    client.post(f"/benchmark/municipalities/{towns[0].id}/groups", data={"group": []})
    assert client.get(path).text.count(COLUMN) == 1
    client.post(f"/benchmark/municipalities/{towns[0].id}/groups", data={"group": ["size:2"]})
    assert client.get(path).text.count(COLUMN) == 2


def test_comparison_follows_a_renamed_peer(client, login, make, db, round_with_scores, coordinator):
    round_, towns, city = round_with_scores
    from weltoffen.benchmark import services

    services.set_sharing(towns[3], coordinator, True)
    _commit(db)
    login(make.user(municipality=towns[0], role="lead"))
    path = f"/benchmark/submissions/{_sub(round_, towns[0]).id}"
    assert towns[3].name in client.get(path).text
    network_services.save_municipality(coordinator, towns[3], name="Umbenanntstadt")
    _commit(db)
    assert "Umbenanntstadt" in client.get(path).text


def test_heatmap_follows_reopen_submit_and_rename(client, login, db, round_with_scores, coordinator):
    round_, towns, city = round_with_scores
    login(coordinator)
    path = f"/benchmark/rounds/{round_.id}/heatmap"
    assert "12 Kommunen haben" in client.get(path).text
    fragment = client.get(path + "?sort=overall", headers={"HX-Request": "true"}).text
    assert towns[1].name in fragment
    reopened = _sub(round_, towns[1])
    selfcheck_services.reopen(reopened, coordinator, "Korrektur")
    _commit(db)
    page = client.get(path).text
    assert "11 Kommunen haben" in page and "in Bearbeitung: 1" in page
    assert towns[1].name not in client.get(path + "?sort=overall", headers={"HX-Request": "true"}).text
    selfcheck_services.submit(reopened, coordinator)  # the answers stay through a reopen
    network_services.save_municipality(coordinator, city, name="Neue Großstadt")
    _commit(db)
    page = client.get(path).text
    assert "12 Kommunen haben" in page and "Neue Großstadt" in page


def test_heatmap_filter_follows_named_groups(client, login, db, round_with_scores, coordinator):
    round_, towns, city = round_with_scores
    login(coordinator)
    path = f"/benchmark/rounds/{round_.id}/heatmap"
    assert "Vergleichsgruppe Bench" not in client.get(path).text
    group = named_groups.create(round_.network, coordinator, "Vergleichsgruppe Bench")
    named_groups.add_members(group, coordinator, [towns[0].ags])
    _commit(db)
    assert "Vergleichsgruppe Bench" in client.get(path).text
    fragment = client.get(f"{path}?group=named:{group.id}", headers={"HX-Request": "true"}).text
    assert towns[0].name in fragment and towns[1].name not in fragment


def test_heatmap_counts_follow_a_started_draft_and_an_advice_request(
    client, login, make, db, round_with_scores, coordinator
):
    round_, towns, city = round_with_scores
    login(coordinator)
    path = f"/benchmark/rounds/{round_.id}/heatmap"
    page = client.get(path).text
    assert "Nicht begonnen: 0 · in Bearbeitung: 0" in page and "0 Beratungsanfragen" in page
    late = make.municipality(round_.network)
    sub = Submission(round_id=round_.id, municipality_id=late.id)
    db.session.add(sub)
    _commit(db)
    assert "Nicht begonnen: 1 · in Bearbeitung: 0" in client.get(path).text
    answer(sub, coordinator, "mission", "1")  # marks it started with a bulk UPDATE
    _commit(db)
    assert "Nicht begonnen: 0 · in Bearbeitung: 1" in client.get(path).text
    followup.request_advice(_sub(round_, towns[0]), coordinator, "management", "Wie geht das?")
    _commit(db)
    assert "1 Beratungsanfrage noch nicht beantwortet" in client.get(path).text


@pytest.mark.parametrize(
    "change",
    ["submit", "reopen", "started", "sharing", "rename", "named_group", "round", "forum_topic"],
)
def test_every_relevant_write_replaces_the_stored_version(db, make, round_with_scores, coordinator, change):
    """What another worker relies on: the version is in the database, written in the
    same transaction as the change."""
    round_, towns, city = round_with_scores
    from weltoffen.benchmark import services

    before = versions.current()
    assert before is not None
    if change in ("submit", "reopen"):
        sub = _sub(round_, towns[2])
        selfcheck_services.reopen(sub, coordinator, "Korrektur")
        if change == "submit":
            _commit(db)
            before = versions.current()
            selfcheck_services.submit(sub, coordinator)
    elif change == "started":
        late = Submission(round_id=round_.id, municipality_id=make.municipality(round_.network).id)
        db.session.add(late)
        _commit(db)
        before = versions.current()
        answer(late, coordinator, "mission", "1")
    elif change == "sharing":
        services.set_sharing(towns[2], coordinator, True)
    elif change == "rename":
        network_services.save_municipality(coordinator, towns[2], name="Anders")
    elif change == "named_group":
        named_groups.create(round_.network, coordinator, "Neu")
    elif change == "round":
        round_.title = "Neuer Titel"
    elif change == "forum_topic":  # the comparison page lists practices of the forum
        from weltoffen.forum.models import ForumCategory, Topic

        category = ForumCategory(network_id=round_.network_id, title="Praxis")
        db.session.add(category)
        db.session.flush()
        topic = Topic(category_id=category.id, network_id=round_.network_id, title="Beispiel", kind="practice")
        db.session.add(topic)
        _commit(db)
        before = versions.current()
        topic.hidden = True
    db.session.flush()
    _commit(db)
    assert versions.current() != before


def test_unrelated_writes_keep_the_version(db, make, round_with_scores, coordinator):
    round_, towns, city = round_with_scores
    reopened = _sub(round_, towns[0])
    selfcheck_services.reopen(reopened, coordinator, "Korrektur")
    _commit(db)
    before = versions.current()
    coordinator.name = "Neu benannt"
    make.user()
    answer(reopened, coordinator, "mission", "3")  # a draft already started: no new count
    _commit(db)
    assert versions.current() == before


def test_a_forum_reply_keeps_the_version(db, make, round_with_scores, coordinator):
    """A reply moves its topic's reply count and last activity, which no benchmark page
    shows (bench/load_benchmark.py: every post used to make each gunicorn worker render
    the comparison page and the heatmap anew). Retitling a practice's topic still counts."""
    from weltoffen.forum.discussions import services as forum_services
    from weltoffen.forum.models import ForumCategory, Post, Topic

    round_, towns, _city = round_with_scores
    category = ForumCategory(network_id=round_.network_id, title="Austausch")
    db.session.add(category)
    db.session.flush()
    topics = []
    for kind in ("discussion", "practice"):
        topic = Topic(category_id=category.id, network_id=round_.network_id, title=f"Beispiel {kind}", kind=kind,
                      author_id=coordinator.id)
        db.session.add(topic)
        db.session.flush()
        db.session.add(Post(topic_id=topic.id, author_id=coordinator.id, body="Anfang", body_html="<p>Anfang</p>",
                            is_first=True))
        topics.append(topic)
    _commit(db)
    before = versions.current()
    for i, topic in enumerate(topics):
        member = make.user(municipality=towns[i], role="member")
        forum_services.reply(member, topic, f"Danke für den Hinweis {i}")
        _commit(db)
        assert topic.reply_count == 1
        assert versions.current() == before
    topics[1].title = "Anderer Titel"
    _commit(db)
    assert versions.current() != before


def test_kept_values_are_keyed_by_the_version(app):
    calls = []

    def make():
        calls.append(1)
        return f"value {len(calls)}"

    assert versions.cached("t1", ("test-key",), make) == "value 1"
    assert versions.cached("t1", ("test-key",), make) == "value 1"
    assert versions.cached("t2", ("test-key",), make) == "value 2"
    assert versions.cached(None, ("test-key",), make) == "value 3"  # no version row: never kept
    assert versions.cached(None, ("test-key",), make) == "value 4"


def test_cache_is_bounded_by_entries_and_size():
    cache = versions.Cache(max_entries=3, max_size=100)
    for i in range(5):
        cache.put((i,), "x")
    assert len(cache) == 3 and cache.get((0,)) is None and cache.get((4,)) == "x"
    cache.put(("big",), "y" * 99)
    assert cache.get(("big",)) is not None and len(cache) == 2  # "x" (1) + 99 = 100
    cache.put(("bigger",), "z" * 100)
    assert cache.get(("big",)) is None and len(cache) == 1
