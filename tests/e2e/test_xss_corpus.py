"""The XSS corpus (tests/support/xss_payloads.py, 209 payloads) through every text
field of the forum that is shown to others — category titles and descriptions, topic
titles, posts (also on behalf of a municipality), practice fields, user and
municipality names, report notes, suspension reasons, search queries — then the real
browser loads every page that shows them. Nothing may run: no dialog opens, the flag
`window.__xss` stays unset, the DOM holds no inline script, event-handler attribute,
javascript: URL or injected frame, and the usual checks (console and CSP errors, axe)
pass on each page."""

from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import quote

import pyotp
import pytest

from tests.support.xss_payloads import ALL, chunks

from . import support
from .support import check_page, login, visit

#: What the DOM of a page must not contain after it loaded (checked in the browser).
DOM_CHECK = """() => {
  const bad = [];
  for (const s of document.querySelectorAll('script')) {
    if (!s.src) bad.push('inline script: ' + s.textContent.slice(0, 60));
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const n = a.name.toLowerCase(), v = (a.value || '').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (n.startsWith('on')) bad.push('handler ' + n + ' on <' + el.tagName + '>');
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(n)
          && (v.startsWith('javascript:') || v.startsWith('vbscript:') || v.startsWith('data:text')))
        bad.push(n + '=' + a.value.slice(0, 40) + ' on <' + el.tagName + '>');
      if (n === 'srcdoc') bad.push('srcdoc on <' + el.tagName + '>');
    }
  }
  for (const el of document.querySelectorAll('#main iframe, #main object, #main embed, #main base, '
      + '#main meta, #main form[action^="javascript" i], #main [hx-get="/auth/logout"], '
      + '#main [data-hx-get], #main [hx-on\\\\:load]')) bad.push('injected <' + el.tagName + '>');
  if (window.__xss !== undefined) bad.push('window.__xss was set');
  return bad;
}"""


@pytest.fixture(scope="module")
def hostile(site):
    """A network of its own, filled with the corpus through the forum's services."""
    from weltoffen.auth import totp
    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db
    from weltoffen.forum.discussions import services
    from weltoffen.forum.models import ForumCategory
    from weltoffen.forum.moderation import services as moderation
    from weltoffen.forum.practices import services as practices
    from weltoffen.network.models import Membership, Municipality, Network
    from weltoffen.platform.db.columns import utcnow

    app = site.app
    saved = {k: app.config[k] for k in ("FORUM_SECONDS_BETWEEN_POSTS", "FORUM_SECONDS_BETWEEN_TOPICS",
                                         "FORUM_DUPLICATE_WINDOW_SECONDS")}
    app.config.update(dict.fromkeys(saved, 0))
    password_hash = hash_password(site.password)
    long_ago = utcnow() - timedelta(days=400)
    with app.app_context():
        network = Network(name="XSS-Prüfnetz", slug="xss-pruefnetz")
        db.session.add(network)
        db.session.flush()

        def person(email, name, municipality=None, role="member", **extra):
            user = User(email=email, name=name[:120], password_hash=password_hash, created_at=long_ago, **extra)
            db.session.add(user)
            db.session.flush()
            if municipality is not None:
                db.session.add(Membership(user_id=user.id, municipality_id=municipality.id, role=role))
                db.session.flush()
                db.session.refresh(user)
            return user

        home = Municipality(network_id=network.id, ags="05999001", name="Prüfstadt", state="05", kind="stadt",
                            population=25_000, foreign_born_share=15.0)
        db.session.add(home)
        db.session.flush()
        reader = person("xss-leser@example.org", "Lea Leserin", home, "lead")
        coordinator = person("xss-koordination@example.org", "Kai Koordination", network_role="coordinator",
                             network_id=network.id)
        secret = pyotp.random_base32()
        totp.store_secret(coordinator, secret)

        # categories: every payload as a title (cut to the column) and as a description
        for i, payload in enumerate(ALL):
            db.session.add(ForumCategory(network_id=network.id, title=payload[:120], description=payload,
                                         position=10 + i))
        main = ForumCategory(network_id=network.id, title="Austausch", position=0)
        db.session.add(main)
        db.session.flush()

        # the reader's topic; every payload as a reply by a person and a municipality named after it
        topic = services.start_topic(reader, main, "Sammlung", "Bitte antworten.")
        for i, payload in enumerate(ALL):
            town = Municipality(network_id=network.id, ags=f"05998{i:03d}", name=payload[:160], state="05",
                                kind="gemeinde", population=3_000 + i, foreign_born_share=5.0)
            db.session.add(town)
            db.session.flush()
            author = person(f"xss-{i}@example.org", payload, town)
            services.reply(author, topic, payload, municipality=town if i % 2 else None,
                           content_warning=(i % 7 == 0))
        # every payload as a topic title (with the payload as its first post)
        for payload in ALL:
            services.start_topic(reader, main, payload[:200], payload)
        # an edited post, so its history shows a payload
        first = topic.posts[0]
        services.edit_post(reader, first, ALL[0] + "\n\n" + ALL[1])
        # practices: the payloads spread over title, summary and every structured field
        practice_ids = []
        fields = ("initial_situation", "approach", "resources", "results", "transfer", "contact")
        for group in chunks(8):
            group = group + ALL[: 8 - len(group)]
            practice = practices.submit(
                reader, home, title=group[0][:200], summary=group[1],
                fields=dict(zip(fields, group[2:], strict=True)), dimension_keys=["management"],
            )
            practice_ids.append(practice.id)
        for practice_id in practice_ids[:-1]:
            from weltoffen.forum.models import Practice

            practices.review(db.session.get(Practice, practice_id), coordinator, "published", ALL[5])
        # reports with payload notes, and a suspension with a payload reason
        replies = topic.posts[1:]
        for i, post in enumerate(replies[:20]):
            moderation.report_post(reader, post, "other", ALL[i])
        moderation.suspend(coordinator, replies[0].author, ALL[3])
        db.session.commit()
        world = SimpleNamespace(network_id=network.id, topic_id=topic.id, category_id=main.id,
                                practice_ids=practice_ids, first_post_id=first.id, reader=reader.email,
                                coordinator=coordinator.email)
    yield world
    app.config.update(saved)


def _check(page, fired, name):
    check_page(page, name)
    bad = page.evaluate(DOM_CHECK)
    assert not bad, f"{name}: {bad[:5]}"
    assert not fired, f"{name}: a dialog opened: {fired}"


def _pages(page, fired, paths):
    for path in paths:
        visit(page, path)
        _check(page, fired, path)


def test_no_payload_runs_for_a_member(page, site, hostile):
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    login(page, site, hostile.reader)
    per_page_topics, per_page_posts = 25, 30
    n = len(ALL)
    paths = ["/forum/", f"/forum/categories/{hostile.category_id}"]
    paths += [f"/forum/categories/{hostile.category_id}?page={p}" for p in range(2, n // per_page_topics + 2)]
    paths += [f"/forum/topics/{hostile.topic_id}?page={p}" for p in range(1, n // per_page_posts + 2)]
    paths += [f"/forum/posts/{hostile.first_post_id}/history", "/forum/practices", "/forum/practices/mine",
              "/forum/notifications"]
    paths += [f"/forum/practices/{pid}" for pid in hostile.practice_ids]
    paths += ["/forum/search?q=" + quote(" ".join(group)) for group in chunks(10)]
    paths += ["/forum/search?q=" + quote(word) for word in ("alert", "script", "klick", "bild", "Sammlung")]
    _pages(page, fired, paths)
    visit(page, f"/forum/topics/{hostile.topic_id}")
    shown = page.locator("#main").inner_text()
    assert "<script>alert(1)</script>" in shown, "the payloads are shown as text"


def test_the_check_sees_an_injection(page, site, hostile):
    """The checks above are not blind: an injected handler and a dialog are caught (a
    handler that fires is also caught by the page's CSP-violation watch)."""
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    login(page, site, hostile.reader)
    # The handler is refused by the CSP when it fires; the console line about it is
    # waited for, not assumed to have arrived.
    with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
        page.evaluate("""() => { const i = document.createElement('div');
            i.setAttribute('onclick', 'window.__xss=1'); document.getElementById('main').append(i);
            i.click(); }""")
    bad = page.evaluate(DOM_CHECK)
    assert any("handler onclick" in b for b in bad)
    page.evaluate("() => window.alert('x')")
    assert fired == ["x"]
    watch = support._watches[id(page)]
    assert any("Content Security Policy" in e for e in watch.errors), "the CSP watch saw the handler"
    watch.errors.clear()


def test_no_payload_runs_for_the_coordinator(page, site, hostile):
    fired = []
    page.on("dialog", lambda d: (fired.append(d.message), d.dismiss()))
    login(page, site, hostile.coordinator)
    nid = hostile.network_id
    paths = [f"/forum/networks/{nid}/moderation", f"/forum/networks/{nid}/practices/review",
             f"/forum/networks/{nid}/suspensions", f"/forum/networks/{nid}/categories",
             f"/forum/topics/{hostile.topic_id}", f"/networks/{nid}"]
    _pages(page, fired, paths)
