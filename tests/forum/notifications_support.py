"""Small forum worlds for the notification, digest and search tests, built from the
models (no posting limits involved)."""

from types import SimpleNamespace

from weltoffen.extensions import db
from weltoffen.forum.discussions import rendering
from weltoffen.forum.models import ForumCategory, Post, Practice, PracticeDimension, Topic


def world(make) -> SimpleNamespace:
    """A network with two municipalities: anna (author), ben and carla (members),
    a coordinator, and an outsider of another network; a network category and a
    staff-only one."""
    network = make.network()
    m, m2 = make.municipality(network), make.municipality(network)
    w = SimpleNamespace(
        network=network,
        m=m,
        anna=make.user(municipality=m, role="lead", name="Anna Autorin"),
        ben=make.user(municipality=m, role="member", name="Ben Beispiel", language="en"),
        carla=make.user(municipality=m2, role="member", name="Carla Czerny"),
        coordinator=make.user(network_role="coordinator", network=network, name="Kora Koordination"),
        outsider=make.user(municipality=make.municipality(make.network()), role="lead", name="Otto Außen"),
    )
    w.category = ForumCategory(network_id=network.id, title="Austausch")
    w.staff_category = ForumCategory(network_id=network.id, title="Koordination", audience="staff")
    db.session.add_all([w.category, w.staff_category])
    db.session.flush()
    return w


def topic(category, author, title: str, body: str = "Erster Beitrag", kind: str = "discussion") -> Topic:
    t = Topic(category_id=category.id, network_id=category.network_id, title=title, author_id=author.id, kind=kind)
    db.session.add(t)
    db.session.flush()
    post(t, author, body, first=True)
    return t


def post(t: Topic, author, body: str, first: bool = False) -> Post:
    p = Post(topic_id=t.id, author_id=author.id, body=body, body_html=rendering.render(body), is_first=first)
    db.session.add(p)
    db.session.flush()
    db.session.refresh(t)
    return p


def practice(category, author, municipality, title: str, status: str = "published", dims=("management",),
             **fields) -> Practice:
    t = topic(category, author, title, "Kurzbeschreibung", kind="practice")
    p = Practice(topic_id=t.id, municipality_id=municipality.id, status=status, **fields)
    db.session.add(p)
    db.session.flush()
    for key in dims:
        db.session.add(PracticeDimension(practice_id=p.id, dimension_key=key))
    db.session.flush()
    db.session.refresh(p)
    return p
