"""Forum objects for the route walk (tests/core/test_routes.py): built directly from
the models so the walk does not depend on the forum's services."""

from types import SimpleNamespace

from weltoffen.forum.models import (
    Adoption,
    Attachment,
    ForumCategory,
    Notification,
    Post,
    Practice,
    PracticeDimension,
    Report,
    Topic,
)


def build(w, db) -> SimpleNamespace:
    """Adds to world `w`: a network category and a staff-only one, a topic by the
    member with a first post and a reply by the other lead, a published practice by
    the lead (with a submitted one), an attachment, a report and a notification."""
    s = db.session
    category = ForumCategory(network_id=w.network.id, title="Austausch", position=1)
    staff_category = ForumCategory(
        network_id=w.network.id, title="Koordination", position=2, audience="staff"
    )
    practice_category = ForumCategory(network_id=w.network.id, title="Praxisbeispiele", position=3)
    s.add_all([category, staff_category, practice_category])
    s.flush()
    topic = Topic(category_id=category.id, network_id=w.network.id, title="Wer hat Erfahrung?",
                  author_id=w.member.id)
    s.add(topic)
    s.flush()
    post = Post(topic_id=topic.id, author_id=w.member.id, body="Hallo", body_html="<p>Hallo</p>",
                is_first=True)
    reply = Post(topic_id=topic.id, author_id=w.other_lead.id, body="Wir!", body_html="<p>Wir!</p>")
    s.add_all([post, reply])
    s.flush()
    topic.reply_count = 1

    def practice(title, status):
        t = Topic(category_id=practice_category.id, network_id=w.network.id, kind="practice",
                  title=title, author_id=w.lead.id, municipality_id=w.m.id)
        s.add(t)
        s.flush()
        s.add(Post(topic_id=t.id, author_id=w.lead.id, body="Kurz", body_html="<p>Kurz</p>",
                   is_first=True))
        p = Practice(topic_id=t.id, municipality_id=w.m.id, status=status, approach="Los",
                     size_class=2)
        s.add(p)
        s.flush()
        s.add(PracticeDimension(practice_id=p.id, dimension_key="management"))
        return p

    published = practice("Bürgerrat", "published")
    submitted = practice("Bürgerhaushalt", "submitted")
    adoption = Adoption(practice_id=published.id, municipality_id=w.other_m.id, user_id=w.other_lead.id)
    attachment = Attachment(post_id=post.id, uploader_id=w.member.id, filename="plan.pdf",
                            content_type="application/pdf", size=4, sha256="0" * 64,
                            storage_name="f" * 32)
    report = Report(post_id=reply.id, reporter_id=w.member.id, reason="spam")
    notification = Notification(user_id=w.member.id, kind="reply", topic_id=topic.id, post_id=reply.id,
                                actor_id=w.other_lead.id)
    s.add_all([adoption, attachment, report, notification])
    s.flush()
    return SimpleNamespace(
        category=category, staff_category=staff_category, practice_category=practice_category,
        topic=topic, post=post, reply=reply, practice=published, submitted_practice=submitted,
        adoption=adoption, attachment=attachment, report=report, notification=notification,
    )
