"""@handles kept per process (forum/handle_cache.py): every write that can change a
handle - a join, a rename, a namesake deactivated, a membership removed or moved, bulk
statements - shows in the next handles(); writes that cannot keep the cache."""

import pytest
from sqlalchemy import update

from weltoffen.auth.models import User
from weltoffen.forum.discussions import handle_cache, mentions, services
from weltoffen.network.models import Membership, Municipality

from .test_discussions_services import forum


@pytest.fixture
def f(make, db):
    return forum(make, db)


@pytest.fixture
def computed(monkeypatch):
    """How often the handles were computed from the database."""
    calls = []
    real = mentions.compute_handles

    def counting(network_id):
        calls.append(network_id)
        return real(network_id)

    monkeypatch.setattr(mentions, "compute_handles", counting)
    return calls


def test_kept_until_people_change(f, make, db, computed):
    first = mentions.handles(f.network.id)
    assert mentions.handles(f.network.id) is first and computed == [f.network.id]
    token = handle_cache.current()
    # Writes that cannot change a handle keep the token: a login, a forum post.
    f.anna.last_login_at = f.anna.created_at
    services.start_topic(f.anna, f.category, "Frage", "Hallo @ben.oeztuerk")
    db.session.flush()
    assert handle_cache.current() == token
    assert mentions.handles(f.network.id) is first and len(computed) == 1
    with pytest.raises(TypeError):
        first[f.anna.id] = "someone.else"  # shared by requests: read-only


def test_a_namesake_joining_gets_the_next_number(f, make, computed):
    assert mentions.handles(f.network.id)[f.anna.id] == "anna.schmidt"
    twin = make.user(name="Anna Schmidt", municipality=f.m, role="member")
    coordinator = make.user(name="Anna Schmidt", network_role="coordinator", network=f.network)
    handles = mentions.handles(f.network.id)
    assert handles[f.anna.id] == "anna.schmidt"
    assert handles[twin.id] == "anna.schmidt2" and handles[coordinator.id] == "anna.schmidt3"
    assert mentions.resolve(["anna.schmidt3"], f.network.id) == [coordinator]


def test_an_existing_person_joining_the_network(f, make, db):
    outsider = make.user(name="Dora Fremd", municipality=make.municipality(), role="member")
    assert outsider.id not in mentions.handles(f.network.id)
    db.session.add(Membership(user_id=outsider.id, municipality_id=f.m.id, role="member"))
    db.session.flush()
    assert mentions.handles(f.network.id)[outsider.id] == "dora.fremd"
    assert mentions.resolve(["dora.fremd"], f.network.id) == [outsider]


def test_rename(f, make, db):
    twin = make.user(name="Anna Schmidt", municipality=f.m, role="member")
    assert mentions.handles(f.network.id)[twin.id] == "anna.schmidt2"
    f.anna.name = "Anna Weber"
    db.session.flush()
    handles = mentions.handles(f.network.id)
    assert handles[f.anna.id] == "anna.weber" and handles[twin.id] == "anna.schmidt"
    assert mentions.resolve(["anna.schmidt", "anna.weber"], f.network.id) == [twin, f.anna]
    topic = services.start_topic(f.ben, f.category, "Frage", "Hallo @anna.weber und @anna.schmidt2")
    assert '<span class="mention">@anna.weber</span>' in topic.posts[0].body_html
    assert "@anna.schmidt2" in topic.posts[0].body_html and "mention\">@anna.schmidt2" not in topic.posts[0].body_html


def test_deactivated_or_removed_namesakes(f, make, db):
    twin = make.user(name="Anna Schmidt", municipality=f.m, role="member")
    third = make.user(name="Anna Schmidt", municipality=f.m, role="member")
    assert mentions.handles(f.network.id)[third.id] == "anna.schmidt3"
    f.anna.active = False
    db.session.flush()
    handles = mentions.handles(f.network.id)
    assert f.anna.id not in handles and handles[twin.id] == "anna.schmidt" and handles[third.id] == "anna.schmidt2"
    db.session.delete(db.session.query(Membership).filter_by(user_id=twin.id).one())
    db.session.flush()
    assert mentions.handles(f.network.id) == {f.ben.id: "ben.oeztuerk", f.coordinator.id: "carla.koordinatorin",
                                              third.id: "anna.schmidt"}


def test_moved_to_another_network(f, make, db):
    other = make.network()
    assert f.ben.id in mentions.handles(f.network.id)
    assert mentions.handles(other.id) == {}
    f.ben.memberships[0].municipality.network_id = other.id
    db.session.flush()
    assert f.ben.id not in mentions.handles(f.network.id)
    assert mentions.handles(other.id) == {f.ben.id: "ben.oeztuerk"}


def test_bulk_statements_and_core_writes(f, db):
    assert mentions.handles(f.network.id)[f.ben.id] == "ben.oeztuerk"
    db.session.execute(update(User).where(User.id == f.ben.id).values(name="Ben Neu"))
    assert mentions.handles(f.network.id)[f.ben.id] == "ben.neu"
    # A Core statement on the table passes by the session: the writer must bump().
    db.session.execute(update(User.__table__).where(User.__table__.c.id == f.ben.id).values(name="Ben Kern"))
    assert mentions.handles(f.network.id)[f.ben.id] == "ben.neu"
    handle_cache.bump()
    assert mentions.handles(f.network.id)[f.ben.id] == "ben.kern"


def test_a_rolled_back_change_is_never_seen(f, db):
    before = handle_cache.current()
    savepoint = db.session.begin_nested()
    f.anna.name = "Anna Weber"
    db.session.flush()
    assert mentions.handles(f.network.id)[f.anna.id] == "anna.weber"
    savepoint.rollback()
    assert handle_cache.current() == before
    assert mentions.handles(f.network.id)[f.anna.id] == "anna.schmidt"


def test_bulk_move_with_the_benchmark_version_listening_too(f, make, db):
    """Municipality is watched by benchmark/versions.py as well: both listeners see the
    one ORM bulk statement, which runs once."""
    other = make.network()
    assert f.anna.id in mentions.handles(f.network.id)
    moved = db.session.execute(update(Municipality).where(Municipality.id == f.m.id).values(network_id=other.id))
    assert moved.rowcount == 1
    assert f.anna.id not in mentions.handles(f.network.id)
    assert mentions.handles(other.id) == {f.anna.id: "anna.schmidt"}
