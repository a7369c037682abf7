"""Forum notifications and search journey: Vera (trust person, Iserlohn) watches a
topic with the follow control (htmx, same page); Bea replies; Vera sees the unread
count in the header, opens the notification (it leads to the reply and is marked
read), chooses a daily e-mail summary, and finds the topic by searching an inflected
form, with the match highlighted; a hostile query gets a friendly answer.

Independence: the category, topic and reply are created through the services with
Bea Bürgermeisterin and Vera Vertrauensperson, whom no other forum journey uses."""

import uuid
from datetime import timedelta

from playwright.sync_api import expect

from .support import assert_same_document, follow, login, mark_document, path_of, visit

READER = "vertrauen.iserlohn@demo.weltoffen.de"
AUTHOR = "buergermeisterin.iserlohn@demo.weltoffen.de"


def _setup(site):
    """A category and Bea's topic (services, in the app's own database)."""
    from sqlalchemy import select

    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.forum.discussions import services
    from weltoffen.network.models import Network

    with site.app.app_context():
        bea = db.session.scalar(select(User).where(User.email == AUTHOR))
        network = db.session.scalar(select(Network).order_by(Network.id))
        category = services.create_category(None, network, title=f"Nachbarschaft {uuid.uuid4().hex[:6]}")
        topic = services.start_topic(bea, category, "Nachbarschaftsfeste im Quartier",
                                     "Wer hat Erfahrung mit **Nachbarschaftsfesten**?")
        for post in topic.posts:  # written a minute ago: Bea may reply at once (posting pace)
            post.created_at -= timedelta(minutes=1)
        db.session.commit()
        ids = topic.id, bea.id
        db.session.remove()
    return ids


def _reply(site, topic_id, author_id, text):
    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.forum.discussions import services
    from weltoffen.forum.models import Topic

    with site.app.app_context():
        post = services.reply(db.session.get(User, author_id), db.session.get(Topic, topic_id), text)
        db.session.commit()
        post_id = post.id
        db.session.remove()
    return post_id


def test_follow_notify_open_settings_and_search(page, site):
    t = site.t
    topic_id, bea_id = _setup(site)

    login(page, site, READER)
    visit(page, f"/forum/topics/{topic_id}")
    control = page.get_by_label(t("Notifications for this topic"), exact=True)
    control.select_option("watching")
    mark_document(page)
    page.get_by_role("button", name=t("Save"), exact=True).first.click()
    status = page.locator(f"#follow-topic-{topic_id}-status")
    expect(status).to_have_text(t("Saved: %(level)s", level=t("Watching: tell me about every reply")))
    assert_same_document(page)

    post_id = _reply(site, topic_id, bea_id, "Wir feiern jedes Jahr im Juni, mit Musik und Kuchen.")

    visit(page, "/")
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    expect(nav.get_by_text("1 ungelesene Benachrichtigung", exact=True)).to_be_attached()
    follow(page, nav.get_by_role("link", name=t("Notifications"), exact=True))
    item = page.get_by_role("link", name="Bea Bürgermeisterin hat in „Nachbarschaftsfeste im Quartier“ geantwortet")
    follow(page, item)
    assert path_of(page).startswith(f"/forum/topics/{topic_id}")
    assert page.url.endswith(f"#post-{post_id}")

    follow(page, page.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name=t("Notifications"), exact=True))
    expect(page.get_by_role("heading", name="0 ungelesen")).to_be_visible()
    page.get_by_label(t("E-mail summary"), exact=True).select_option("daily")
    follow(page, page.get_by_role("button", name=t("Save e-mail setting"), exact=True))
    expect(page.locator("#alerts")).to_contain_text(t("Your e-mail summary setting is saved."))
    expect(page.get_by_label(t("E-mail summary"), exact=True)).to_have_value("daily")

    follow(page, page.get_by_role("navigation", name=t("Main navigation")).get_by_role(
        "link", name="Suchen", exact=True))
    page.get_by_label(t("Search term"), exact=True).fill("Nachbarschaftsfest")
    follow(page, page.get_by_role("main").get_by_role("button", name="Suchen", exact=True))
    results = page.locator(".search-results")
    expect(results.locator("mark").first).to_have_text("Nachbarschaftsfeste")
    expect(page.get_by_label(t("Search term"), exact=True)).to_have_value("Nachbarschaftsfest")

    page.get_by_label(t("Search term"), exact=True).fill('"NEAR( OR *')
    follow(page, page.get_by_role("main").get_by_role("button", name="Suchen", exact=True))
    expect(page.get_by_role("status").filter(has_text="Nichts gefunden")).to_have_count(1)
