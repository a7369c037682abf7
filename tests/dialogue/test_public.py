"""Public process pages and the feed: readable without an account, no personal data,
one 404 for everything not published, cacheable, rate-limited."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from sqlalchemy import String, Text

from tests.dialogue import public_world
from weltoffen.auth.models import User
from weltoffen.dialogue import services
from weltoffen.dialogue.models import DialogueSession

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def pw(make, db):
    return public_world.build(make, db)


def _url(w, slug=None):
    return f"/beteiligung/{w.m.ags}/{slug or w.process.slug}"


def test_the_process_page_shows_the_accounting(client, pw):
    r = client.get(_url(pw))
    assert r.status_code == 200
    text = r.text
    for expected in ("Bürgerrat Klima", "Wie wird Musterstadt klimaneutral?", "Mehr Radwege", "Tempo 30",
                     "Nur in der Innenstadt", "Kosten werden geprüft", "Tiefbauamt", "Amt für Klimaschutz",
                     "Rathaus, Ratssaal"):
        assert expected in text, expected


def test_no_personal_field_value_appears_on_the_page_or_in_the_feed(client, pw, db):
    pages = client.get(_url(pw)).text + client.get(f"/beteiligung/{pw.m.ags}/feed.atom").text
    pages += client.get(f"/beteiligung/{pw.m.ags}").text
    secrets = set()
    for user in pw.users:  # every text column of the people involved
        for column in User.__table__.columns:
            value = getattr(user, column.key, None)
            if isinstance(column.type, (String, Text)) and isinstance(value, str) and len(value) >= 4:
                secrets.add(value)
    internal = {"safety_plan", "organisations"}
    assert "gesprochen" not in pages  # the minutes stay internal: they may name citizens
    for column in DialogueSession.__table__.columns:
        if column.key in internal and getattr(pw.session, column.key):
            secrets.add(getattr(pw.session, column.key))
    secrets |= {"4711", "8123"}  # attendance counts are not shown
    leaked = sorted(s for s in secrets if s in pages)
    assert not leaked, leaked


def test_everything_not_published_answers_the_same_404(client, pw, db):
    def body(path):  # the page echoes the asked path (its language link); the rest is identical
        r = client.get(path)
        return r.status_code, r.data.replace(path.encode(), b"PATH"), r.headers.get("Cache-Control")

    known = body(f"/beteiligung/{pw.m.ags}/gibt-es-nicht")
    assert known[0] == 404
    cases = [
        _url(pw, pw.unpublished.slug),  # a draft of the same municipality
        f"/beteiligung/{pw.m.ags}/{pw.foreign.slug}",  # another municipality's slug
        f"/beteiligung/99999999/{pw.process.slug}",  # unknown municipality
    ]
    for path in cases:
        assert body(path) == known, path
    services.withdraw(pw.process, None)
    db.session.flush()
    assert body(_url(pw)) == known


def test_a_withdrawn_process_is_gone_from_the_feed(client, pw, db):
    feed = ET.fromstring(client.get(f"/beteiligung/{pw.m.ags}/feed.atom").data)  # noqa: S314 - our own feed
    before = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any("Bürgerrat Klima" in (t or "") for t in before)
    services.withdraw(pw.process, None)
    db.session.flush()
    r = client.get(f"/beteiligung/{pw.m.ags}/feed.atom")
    if r.status_code == 200:
        feed = ET.fromstring(r.data)  # noqa: S314 - our own feed
        assert not any("Bürgerrat Klima" in (e.findtext(f"{ATOM}title") or "") for e in feed.iter(f"{ATOM}entry"))
    else:  # nothing published any more: the municipality's feed is the same 404
        assert r.status_code == 404


def test_pages_are_cacheable_without_a_cookie(client, pw):
    r = client.get(_url(pw))
    assert "public" in r.headers["Cache-Control"] and r.headers.get("ETag")
    assert "Set-Cookie" not in r.headers
    again = client.get(_url(pw), headers={"If-None-Match": r.headers["ETag"]})
    assert again.status_code == 304
    feed = client.get(f"/beteiligung/{pw.m.ags}/feed.atom")
    assert feed.mimetype == "application/atom+xml" and "Set-Cookie" not in feed.headers


def test_a_signed_in_reader_gets_no_cookie_and_stays_signed_in(client, login, pw):
    login(pw.users[0])
    for url in (_url(pw), f"/beteiligung/{pw.m.ags}", f"/beteiligung/{pw.m.ags}/feed.atom",
                _url(pw, "gibt-es-nicht")):
        r = client.get(url)
        assert "Set-Cookie" not in r.headers, url
        assert "Cookie" in r.headers.get("Vary", ""), url
    assert client.get(f"/dialogue/processes/{pw.process.id}").status_code == 200  # still signed in


def test_a_change_gives_a_new_etag(client, pw, db):
    etag = client.get(_url(pw)).headers["ETag"]
    pw.rec2.department = "Straßenverkehrsamt"
    db.session.flush()
    r = client.get(_url(pw), headers={"If-None-Match": etag})
    assert r.status_code == 200 and "Straßenverkehrsamt" in r.text


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    "[klick](javascript:alert(3))",
    '<iframe src="https://evil.example"></iframe>',
    "[bild](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)",
]


def test_markdown_on_the_public_page_is_sanitised(client, make, db):
    w = public_world.build(make, db, minutes="\n\n".join(XSS), text="\n\n".join(XSS))
    tags = _Tags()
    tags.feed(client.get(_url(w)).text)
    assert not [t for t in tags.seen if t[0] in ("iframe", "object", "embed")]
    assert not [t for t in tags.seen if t[0] == "script" and t[1].get("src", "").startswith("http")]
    assert not [t for t in tags.seen for a in t[1] if a.startswith("on")]
    for _tag, attrs in tags.seen:
        for name in ("href", "src"):
            assert not (attrs.get(name) or "").lower().startswith(("javascript:", "data:")), attrs


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.seen = []

    def handle_starttag(self, tag, attrs):
        self.seen.append((tag, dict(attrs)))


def test_english_version(client, pw):
    r = client.get(_url(pw) + "?lang=en")
    assert r.status_code == 200 and 'lang="en"' in r.text


def test_too_many_requests_get_a_german_429(app, client, pw, monkeypatch):
    from weltoffen.extensions import limiter

    monkeypatch.setitem(app.config, "DIALOGUE_PUBLIC_RATE_LIMIT", "3 per minute")
    monkeypatch.setattr(limiter, "enabled", True)
    limiter.reset()
    statuses = [client.get(_url(pw)).status_code for _ in range(5)]
    assert statuses[:3] == [200, 200, 200] and statuses[3] == 429
    assert "Zu viele Anfragen" in client.get(_url(pw)).text


def test_a_page_is_answered_from_memory_for_a_few_seconds_then_anew(client, pw, db, app, monkeypatch):
    from weltoffen.dialogue import public_views

    now = [1000.0]
    monkeypatch.setitem(app.config, "DIALOGUE_PUBLIC_FRESH_SECONDS", 10)
    monkeypatch.setattr(public_views._FRESH, "clock", lambda: now[0])
    monkeypatch.setattr(public_views._FRESH, "cache", type(public_views._FRESH.cache)())  # nothing kept before
    first = client.get(_url(pw))
    pw.rec2.department = "Straßenverkehrsamt"
    db.session.commit()
    now[0] += 9
    kept = client.get(_url(pw))
    assert kept.status_code == 200 and "Straßenverkehrsamt" not in kept.text
    assert kept.headers["ETag"] == first.headers["ETag"]
    assert client.get(_url(pw), headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    now[0] += 2  # older than 10 seconds: the database is asked again
    fresh = client.get(_url(pw))
    assert "Straßenverkehrsamt" in fresh.text and fresh.headers["ETag"] != first.headers["ETag"]
    pw.process.published = False
    db.session.commit()
    now[0] += 11
    assert client.get(_url(pw)).status_code == 404  # withdrawn: gone once the seconds are over
