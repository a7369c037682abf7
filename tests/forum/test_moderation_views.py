"""Moderation through HTTP: reporting, the queue, decisions with reasons, moderator
edits, lock and pin, suspensions, the post-footer controls and the e-mail to the author."""

import pytest
from flask import render_template
from sqlalchemy import func, select

from tests.forum.test_moderation_services import add_post, build
from weltoffen.audit import AuditEntry
from weltoffen.forum.models import ForumProfile, PostRevision, Report
from weltoffen.forum.moderation import services as moderation


@pytest.fixture
def w(make, db):
    return build(make, db)


def report_count(db) -> int:
    return db.session.scalar(select(func.count(Report.id)))


def test_report_form_asks_for_a_reason_and_keeps_the_note(client, login, w, db):
    login(w.reporters[0])
    page = client.get(f"/forum/posts/{w.reply.id}/report")
    assert page.status_code == 200 and "Warum melden Sie diesen Beitrag?" in page.text
    r = client.post(f"/forum/posts/{w.reply.id}/report", data={"note": "Das ist Werbung für Uhren"})
    assert r.status_code == 422
    assert "Bitte wählen Sie einen Grund." in r.text and "Das ist Werbung für Uhren" in r.text
    assert report_count(db) == 0


def test_one_report_per_person_the_second_says_so(client, login, w, db):
    login(w.reporters[0])
    r = client.post(f"/forum/posts/{w.reply.id}/report", data={"reason": "spam", "note": "Werbung"})
    assert r.status_code == 302
    report = db.session.scalar(select(Report))
    assert (report.reporter_id, report.reason, report.note) == (w.reporters[0].id, "spam", "Werbung")
    again = client.post(f"/forum/posts/{w.reply.id}/report", data={"reason": "offensive", "note": "anders"},
                        follow_redirects=True)
    assert "Sie haben diesen Beitrag bereits gemeldet" in again.text
    assert report_count(db) == 1 and db.session.scalar(select(Report.reason)) == "spam"
    page = client.get(f"/forum/posts/{w.reply.id}/report")
    assert "Sie haben diesen Beitrag am" in page.text and "Meldung senden" not in page.text


def test_authors_cannot_report_their_own_posts(client, login, w):
    login(w.author)
    assert client.get(f"/forum/posts/{w.reply.id}/report").status_code == 403


def test_the_third_report_hides_the_post_and_mails_the_author_in_english(client, login, w, db, inbox):
    for reporter in w.reporters:
        login(reporter)
        assert client.post(f"/forum/posts/{w.reply.id}/report", data={"reason": "spam"}).status_code == 302
    assert w.reply.hidden_reason == "reports"
    mail = inbox.wait_for(w.author.email)
    assert mail["Subject"] == "Your forum post has been hidden"
    body = inbox.body(mail)
    assert "Hello Ada Author," in body and "reported by several people" in body
    assert "Erfahrungen mit Bürgerräten" in body and "Kauft billige Uhren" in body
    assert f"/forum/posts/{w.reply.id}" in body


def test_the_queue_shows_reports_flags_and_the_pending_count(client, login, w, make, db):
    w.reply.content_warning = True
    moderation.report_post(w.reporters[0], w.reply, "offensive", "Sehr <b>verletzend</b>")
    moderation.report_post(w.reporters[1], w.first, "off_topic")
    login(w.coordinator)
    page = client.get(f"/forum/networks/{w.network.id}/moderation")
    assert page.status_code == 200
    assert "2 Beiträge warten auf Ihre Entscheidung." in page.text
    assert "Reporter 0" in page.text and "Beleidigend oder verletzend" in page.text
    assert "Sehr &lt;b&gt;verletzend&lt;/b&gt;" in page.text
    assert "Inhaltswarnung: wird nicht automatisch verborgen" in page.text
    assert "Gehört nicht hierher" in page.text
    login(w.reporters[0])
    assert client.get(f"/forum/networks/{w.network.id}/moderation").status_code == 403
    other = make.user(network_role="coordinator", network=make.network())
    login(other)
    assert client.get(f"/forum/networks/{w.network.id}/moderation").status_code == 403


def test_a_decision_needs_a_reason_and_changes_nothing_without(client, login, w, db):
    moderation.report_post(w.reporters[0], w.reply, "spam")
    login(w.coordinator)
    r = client.post(f"/forum/posts/{w.reply.id}/moderate", data={"action": "hide", "reason": " "})
    assert r.status_code == 422 and "Bitte geben Sie einen Grund an." in r.text
    assert w.reply.hidden_reason is None and moderation.pending_count(w.network.id) == 1
    wrong = client.post(f"/forum/posts/{w.reply.id}/moderate", data={"action": "delete", "reason": "x"})
    assert wrong.status_code == 400


def test_keep_from_the_queue_returns_to_the_queue(client, login, w, db):
    for reporter in w.reporters:
        moderation.report_post(reporter, w.reply, "spam")
    login(w.coordinator)
    r = client.post(f"/forum/posts/{w.reply.id}/moderate",
                    data={"action": "keep", "reason": "Ein legitimer Hinweis", "next": "queue"})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/forum/networks/{w.network.id}/moderation")
    assert w.reply.hidden_reason is None and moderation.pending_count(w.network.id) == 0
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "forum.post_kept"))
    assert entry.details["reason"] == "Ein legitimer Hinweis" and entry.actor_id == w.coordinator.id


def test_hide_tells_the_author_with_the_reason(client, login, w, inbox):
    login(w.coordinator)
    r = client.post(f"/forum/posts/{w.reply.id}/moderate",
                    data={"action": "hide", "reason": "Werbung ist hier fehl am Platz"})
    assert r.status_code == 302 and w.reply.hidden_reason == "moderator"
    body = inbox.body(inbox.wait_for(w.author.email))
    assert "the network coordination has hidden your post" in body and "Reason: Werbung ist hier fehl am Platz" in body
    unhide = client.post(f"/forum/posts/{w.reply.id}/moderate", data={"action": "unhide", "reason": "Irrtum"})
    assert unhide.status_code == 302 and w.reply.hidden_reason is None


def test_moderator_edit_keeps_the_text_on_error_and_history_on_success(client, login, w, db):
    login(w.coordinator)
    page = client.get(f"/forum/posts/{w.reply.id}/moderator-edit")
    assert page.status_code == 200 and "Kauft billige Uhren bei example.com!" in page.text
    r = client.post(f"/forum/posts/{w.reply.id}/moderator-edit", data={"body": "Ohne Link", "reason": ""})
    assert r.status_code == 422 and "Ohne Link" in r.text
    assert w.reply.body.startswith("Kauft") and db.session.scalar(select(func.count(PostRevision.id))) == 0
    r = client.post(f"/forum/posts/{w.reply.id}/moderator-edit", data={"body": "Ohne Link", "reason": "Werbelink"})
    assert r.status_code == 302 and w.reply.body == "Ohne Link"
    revision = db.session.scalar(select(PostRevision))
    assert revision.reason == "Werbelink" and revision.body.startswith("Kauft")


def test_lock_and_pin(client, login, w):
    login(w.coordinator)
    assert client.post(f"/forum/topics/{w.topic.id}/lock", data={"locked": "1"}).status_code == 302
    assert client.post(f"/forum/topics/{w.topic.id}/pin", data={"pinned": "1"}).status_code == 302
    assert w.topic.locked and w.topic.pinned
    assert client.post(f"/forum/topics/{w.topic.id}/lock", data={"locked": "maybe"}).status_code == 400
    assert client.post(f"/forum/topics/{w.topic.id}/lock", data={"locked": "0"}).status_code == 302
    assert not w.topic.locked
    login(w.author)
    assert client.post(f"/forum/topics/{w.topic.id}/pin", data={"pinned": "0"}).status_code == 403
    assert w.topic.pinned


def test_suspend_list_and_reinstate(client, login, w, db):
    login(w.coordinator)
    url = f"/forum/networks/{w.network.id}/users/{w.author.id}/suspend"
    assert "Ada Author für das Forum sperren" in client.get(url).text
    r = client.post(url, data={"reason": ""})
    assert r.status_code == 422 and db.session.get(ForumProfile, w.author.id) is None
    r = client.post(url, data={"reason": "Wiederholt Werbung"}, follow_redirects=True)
    assert "Ada Author ist für das Forum gesperrt; 2 Beiträge sind verborgen." in r.text
    assert "Wiederholt Werbung" in r.text and "1 Person ist für das Forum gesperrt" in r.text
    assert w.reply.hidden_reason == "suspended" and w.topic.hidden
    again = client.post(url, data={"reason": "nochmal"})
    assert again.status_code == 422 and "bereits gesperrt" in again.text
    r = client.post(f"/forum/networks/{w.network.id}/users/{w.author.id}/reinstate", data={"reason": "Gespräch"},
                    follow_redirects=True)
    assert "Ada Author darf wieder schreiben; 2 Beiträge sind wieder sichtbar." in r.text
    assert w.reply.hidden_reason is None and not w.topic.hidden
    assert "Niemand ist gesperrt." in r.text


def test_people_of_another_network_cannot_be_suspended_there(client, login, w, make):
    stranger = make.user(municipality=make.municipality(make.network()), role="member")
    login(w.coordinator)
    assert client.get(f"/forum/networks/{w.network.id}/users/{stranger.id}/suspend").status_code == 404


def render_controls(app, user, post, topic):
    from flask_login import login_user

    with app.test_request_context():
        login_user(user)
        return render_template("forum/_moderation_controls.html", post=post, topic=topic)


def test_footer_controls_for_members_and_staff(app, w):
    member = render_controls(app, w.reporters[0], w.first, w.topic)
    assert f"/forum/posts/{w.first.id}/report" in member and "Thema sperren" not in member
    assert render_controls(app, w.author, w.first, w.topic).strip() == ""
    staff = render_controls(app, w.coordinator, w.first, w.topic)
    for text in ("Verbergen", "Mit Begründung bearbeiten", "Thema sperren", "Thema anheften",
                 "Verfassende Person sperren"):
        assert text in staff, text
    reply = render_controls(app, w.coordinator, w.reply, w.topic)
    assert "Thema sperren" not in reply and "Verbergen" in reply


def test_no_suspend_link_under_a_topic_of_the_staff(app, w, db):
    from tests.forum.test_moderation_services import add_topic
    from weltoffen import permissions

    topic, first = add_topic(db, w.category, w.coordinator, title="Netzwerktreffen")
    staff = render_controls(app, w.coordinator, first, topic)
    assert "Thema sperren" in staff and "Verfassende Person sperren" not in staff
    assert permissions.can_be_suspended(w.author) and not permissions.can_be_suspended(w.coordinator)


def test_staff_can_show_a_hidden_post_again(app, w):
    moderation.hide(w.coordinator, w.reply, "Werbung")
    staff = render_controls(app, w.coordinator, w.reply, w.topic)
    assert "Wieder anzeigen" in staff and "Verbergen" not in staff


def test_pending_count_in_the_forum_navigation(app, w):
    from flask_login import login_user

    moderation.report_post(w.reporters[0], w.reply, "spam")
    with app.test_request_context():
        login_user(w.coordinator)
        nav = render_template("forum/moderation_nav.html", network_id=w.network.id)
        assert "1 Beitrag zu prüfen" in nav and f"/forum/networks/{w.network.id}/moderation" in nav
    with app.test_request_context():
        login_user(w.reporters[0])
        assert render_template("forum/moderation_nav.html", network_id=w.network.id).strip() == ""


def test_hidden_posts_on_the_topic_page(app, client, login, w):
    add_post(app.extensions["sqlalchemy"], w.topic, w.reporters[1], "Eine harmlose Antwort")
    moderation.hide(w.coordinator, w.reply, "Werbung")
    login(w.reporters[0])
    page = client.get(f"/forum/topics/{w.topic.id}")
    assert page.status_code == 200 and "Kauft billige Uhren" not in page.text
    login(w.coordinator)
    page = client.get(f"/forum/topics/{w.topic.id}")
    assert "Kauft billige Uhren" in page.text and "Wieder anzeigen" in page.text
