"""Forum moderation journey: a team member reports a post and is slowed down when
posting twice in a row (the text stays in the form); the coordinator (second factor)
works the queue, hides the post with a reason, locks the topic, suspends the author
and reinstates them.

Independence: the journey creates its own category and topic (by Bo Team of Bochum)
directly in the database and touches nothing else; the suspension is lifted at the end."""

from datetime import timedelta

from playwright.sync_api import expect

from .support import expect_flash, follow, login, logout, path_of, visit

MEMBER = "team.iserlohn@demo.weltoffen.de"
COORDINATOR = "koordination@demo.weltoffen.de"
AUTHOR = "team.bochum@demo.weltoffen.de"
TOPIC = "Angebot für Ihre Kommune"
SPAM = "Billige Uhren für alle Rathäuser, nur heute!"


def create_topic(site) -> dict:
    from sqlalchemy import select

    from weltoffen import permissions
    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.forum.discussions import rendering
    from weltoffen.forum.models import ForumCategory, Post, Topic
    from weltoffen.platform.db.columns import utcnow

    with site.app.app_context():
        author = db.session.scalar(select(User).where(User.email == AUTHOR))
        network_id = next(iter(permissions.network_ids(author)))
        category = ForumCategory(network_id=network_id, title="Marktplatz (Moderation)", position=90)
        db.session.add(category)
        db.session.flush()
        earlier = utcnow() - timedelta(hours=1)
        topic = Topic(category_id=category.id, network_id=network_id, title=TOPIC, author_id=author.id,
                      created_at=earlier, last_post_at=earlier, reply_count=1)
        db.session.add(topic)
        db.session.flush()
        first = Post(topic_id=topic.id, author_id=author.id, body="Wir haben etwas für Sie.",
                     body_html=rendering.render("Wir haben etwas für Sie."), is_first=True, created_at=earlier)
        reply = Post(topic_id=topic.id, author_id=author.id, body=SPAM, body_html=rendering.render(SPAM),
                     created_at=earlier)
        db.session.add_all([first, reply])
        db.session.commit()
        ids = {"network": network_id, "topic": topic.id, "first": first.id, "reply": reply.id}
        db.session.remove()
    return ids


def test_report_queue_hide_lock_and_suspend(page, site):
    t = site.t
    ids = create_topic(site)
    topic_path = f"/forum/topics/{ids['topic']}"

    # A team member of another municipality reports the reply.
    login(page, site, MEMBER)
    visit(page, topic_path)
    reply = page.locator(f"#post-{ids['reply']}")
    follow(page, reply.get_by_role("link", name=t("Report")))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Report a post"))
    follow(page, page.get_by_role("button", name=t("Send report")), status=422)
    expect(page.get_by_text(t("Please choose a reason."), exact=True).first).to_be_visible()
    page.get_by_label(t("Spam or advertising")).check()
    page.get_by_label(t("Note for the moderators")).fill("Reine Werbung, bitte entfernen.")
    follow(page, page.get_by_role("button", name=t("Send report")))
    assert path_of(page).startswith(topic_path)
    expect_flash(page, t("Thank you. The network coordination will look at your report."), role="status")

    # Two replies in a row: the second is refused with the seconds to wait, the text kept.
    page.get_by_label(t("Your text"), exact=True).fill("Wir hatten ähnliche Angebote im Postfach.")
    follow(page, page.get_by_role("button", name=t("Send reply")))
    second = "Und noch ein Gedanke, der nicht verloren gehen soll."
    page.get_by_label(t("Your text"), exact=True).fill(second)
    follow(page, page.get_by_role("button", name=t("Send reply")), status=422)
    expect(page.get_by_role("alert").filter(has_text="Bitte warten Sie noch")).to_have_count(1)
    expect(page.get_by_label(t("Your text"), exact=True)).to_have_value(second)
    logout(page, site)

    # The coordinator works the queue.
    login(page, site, COORDINATOR)
    visit(page, f"/forum/networks/{ids['network']}/moderation")
    expect(page.locator("#pending-count")).to_contain_text("1")
    item = page.get_by_role("region", name=TOPIC)
    expect(item).to_contain_text("Reine Werbung, bitte entfernen.")
    expect(item).to_contain_text(t("Spam or advertising"))
    item.get_by_label(t("Reason for your decision")).fill("Werbung gehört nicht ins Netzwerkforum.")
    follow(page, item.get_by_role("button", name=t("Hide the post")))
    expect_flash(page, t("The post is hidden."), role="status")
    expect(page.get_by_text(t("Nothing to review. Reports from the network will appear here."))).to_be_visible()

    # Lock the topic and suspend its author from the first post's footer.
    visit(page, topic_path)
    first = page.locator(f"#post-{ids['first']}")
    follow(page, first.get_by_role("button", name=t("Lock topic")))
    expect_flash(page, t("The topic is locked."), role="status")
    first = page.locator(f"#post-{ids['first']}")
    follow(page, first.get_by_role("link", name=t("Suspend the author")))
    page.get_by_label(t("Reason for the suspension")).fill("Wiederholt Werbung trotz Hinweis.")
    follow(page, page.get_by_role("button", name=t("Suspend"), exact=True))
    assert path_of(page) == f"/forum/networks/{ids['network']}/suspensions"
    row = page.get_by_role("row").filter(has_text="Bo Team")
    expect(row).to_contain_text("Wiederholt Werbung trotz Hinweis.")
    follow(page, row.get_by_role("button", name=t("Reinstate")))
    expect(page.get_by_text(t("Nobody is suspended."))).to_be_visible()


def test_posting_faster_than_the_rate_limit_keeps_the_text(page, site):
    t = site.t
    ids = create_topic(site)
    site.app.config["FORUM_POST_RATE_LIMIT"] = "1 per minute"
    try:
        login(page, site, MEMBER)
        visit(page, f"/forum/topics/{ids['topic']}")
        page.get_by_label(t("Your text"), exact=True).fill("Eine erste Antwort.")
        follow(page, page.get_by_role("button", name=t("Send reply")))
        text = "Diese zweite Antwort kommt zu schnell, soll aber nicht verloren gehen."
        page.get_by_label(t("Your text"), exact=True).fill(text)
        follow(page, page.get_by_role("button", name=t("Send reply")), status=429)
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Too many posts in a short time"))
        expect(page.get_by_label(t("Your text, so that nothing is lost"))).to_have_value(text)
        follow(page, page.get_by_role("link", name=t("Back to the form")))
        assert path_of(page).startswith(f"/forum/topics/{ids['topic']}")
    finally:
        site.app.config["FORUM_POST_RATE_LIMIT"] = "20 per minute;200 per day"
