"""Practice library services: submit, edit and resubmit, review with audit entries,
the library filters, adoptions, and practices matched to a self-check's weakest
fields of action (same size class first, then neighbours, then the rest)."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from weltoffen.audit import AuditEntry
from weltoffen.forum.models import Practice, Topic
from weltoffen.forum.practices import matching as practice_matching
from weltoffen.forum.practices import services as practices
from weltoffen.selfcheck.models import DimensionScore, Questionnaire, Round, Submission

DIMS = ("management", "engagement", "participation_dialogue", "cohesion", "protecting_officials")

FIELDS = {
    "initial_situation": "Wenig Beteiligung in den Stadtteilen.",
    "approach": "Wir haben **gelost** und eingeladen.",
    "resources": "0,5 Stellen, 20.000 Euro",
    "results": "- 48 Teilnehmende\n- 12 Empfehlungen",
    "transfer": "Ratsbeschluss und Meldeamt",
    "contact": "Frau Beispiel, Bürgerbüro",
}


def _questionnaire(db) -> Questionnaire:
    existing = db.session.scalar(select(Questionnaire).where(Questionnaire.slug == "practice-test"))
    if existing:
        return existing
    definition = {
        "title": {"de": "Test", "en": "Test"},
        "score_bands": [{"key": "beginning", "min": 0, "label": {"de": "Anfang", "en": "Start"}}],
        "dimensions": [
            {"key": k, "title": {"de": f"Feld {k}", "en": f"Field {k}"}, "questions": [], "recommendations": {}}
            for k in DIMS
        ],
    }
    q = Questionnaire(slug="practice-test", version=1, title_de="Test", title_en="Test",
                      definition=definition, content_hash="x" * 64)
    db.session.add(q)
    db.session.flush()
    return q


@pytest.fixture(autouse=True)
def no_posting_limits(monkeypatch):
    """Several practices by one lead within seconds: the posting limits (tested by the
    moderation part) would refuse them; test_posting_limits_apply checks they are asked."""
    monkeypatch.setattr(practices.limits, "check_post", lambda *a, **k: None)


@pytest.fixture
def pw(db, make):
    return build_world(db, make)


def build_world(db, make) -> SimpleNamespace:
    """A network with municipalities of size classes 0–4 and "own" (class 2), each
    with a lead; a member, a coordinator, and a municipality of another network."""
    network = make.network()
    sizes = {0: 3_000, 1: 12_000, 2: 50_000, 3: 200_000, 4: 900_000}
    ms = {c: make.municipality(network, name=f"Stadt {c}", population=p) for c, p in sizes.items()}
    leads = {c: make.user(municipality=m, role="lead") for c, m in ms.items()}
    other_network = make.network()
    ms["own"] = make.municipality(network, name="Eigene", population=60_000)
    leads["own"] = make.user(municipality=ms["own"], role="lead")
    return SimpleNamespace(
        network=network,
        ms=ms,
        leads=leads,
        member=make.user(municipality=ms[2], role="member"),
        coordinator=make.user(network_role="coordinator", network=network),
        other_m=make.municipality(other_network, name="Fern", population=50_000),
        questionnaire=_questionnaire(db),
    )


def submit(pw, size: int, title: str, dims=("management",), publish=True) -> Practice:
    p = practices.submit(pw.leads[size], pw.ms[size], title=title, summary="Kurz gesagt: **gut**.",
                         fields=FIELDS, dimension_keys=list(dims))
    if publish:
        practices.review(p, pw.coordinator, "published", "")
    return p


def test_submit_creates_topic_first_post_and_fields(pw, db):
    p = submit(pw, 2, "Bürgerrat per Los", dims=("engagement", "management", "engagement"), publish=False)
    assert p.status == "submitted" and p.size_class == 2
    assert p.topic.kind == "practice" and p.topic.title == "Bürgerrat per Los"
    assert p.topic.category.title == practices.PRACTICE_CATEGORY
    assert p.topic.municipality_id == pw.ms[2].id and p.topic.author_id == pw.leads[2].id
    first = p.topic.posts[0]
    assert first.is_first and first.body_html == "<p>Kurz gesagt: <strong>gut</strong>.</p>\n"
    assert p.dimension_keys == ["engagement", "management"]
    assert p.results.startswith("- 48")
    # the second practice reuses the category
    assert submit(pw, 3, "Zweite", publish=False).topic.category_id == p.topic.category_id


def test_review_publish_records_audit_and_notifies(pw, db, monkeypatch):
    told = []
    monkeypatch.setattr(practices.notifications, "notify_practice_published", told.append)
    p = submit(pw, 2, "Bürgerhaushalt", publish=False)
    practices.review(p, pw.coordinator, "published", "Sehr anschaulich.")
    assert p.status == "published" and p.published_at and p.reviewed_by_id == pw.coordinator.id
    assert told == [p]
    entry = db.session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert entry.action == "practice.published" and entry.object_id == p.id
    assert entry.details["note"] == "Sehr anschaulich."
    with pytest.raises(practices.PracticeError):
        practices.review(p, pw.coordinator, "rejected", "zu spät")


def test_changes_requested_then_author_edit_resubmits(pw, db, monkeypatch):
    told = []
    monkeypatch.setattr(practices.notifications, "notify_practice_published", told.append)
    p = submit(pw, 1, "Nachbarschaftshaus", publish=False)
    practices.review(p, pw.coordinator, "changes_requested", "Bitte Kosten ergänzen.")
    assert p.status == "changes_requested" and not told
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id.desc()).limit(1)).all()
    assert actions == ["practice.changes_requested"]
    practices.update(p, pw.leads[1], title="Nachbarschaftshaus Nord", summary="Neu",
                     fields={**FIELDS, "resources": "35.000 Euro im Jahr"}, dimension_keys=["cohesion"])
    assert p.status == "submitted" and p.topic.title == "Nachbarschaftshaus Nord"
    assert p.resources == "35.000 Euro im Jahr" and p.dimension_keys == ["cohesion"]
    assert p.topic.posts[0].body_html == "<p>Neu</p>\n"


def test_staff_edit_keeps_status(pw, db):
    p = submit(pw, 1, "Fonds", publish=False)
    practices.review(p, pw.coordinator, "changes_requested", "Bitte Ergebnisse messbar machen.")
    practices.update(p, pw.coordinator, title="Fonds", summary="x", fields=FIELDS, dimension_keys=["management"])
    assert p.status == "changes_requested"


def test_library_filters_and_counts_adoptions(pw, db):
    a = submit(pw, 0, "A", dims=("engagement",))
    b = submit(pw, 2, "B", dims=("management", "engagement"))
    submit(pw, 2, "C (submitted)", dims=("engagement",), publish=False)
    practices.record_adoption(b, pw.ms[1], pw.leads[1])
    practices.record_adoption(b, pw.ms[1], pw.leads[1])  # once only
    practices.record_adoption(b, pw.ms[3], pw.leads[3])
    all_ = practices.library({pw.network.id})
    assert [(e.practice.topic.title, e.adoptions) for e in all_] == [("B", 2), ("A", 0)]
    assert [e.practice for e in practices.library({pw.network.id}, dimension="management")] == [b]
    assert [e.practice for e in practices.library({pw.network.id}, size=0)] == [a]
    assert practices.library({pw.other_m.network_id}) == []
    with pytest.raises(practices.PracticeError):
        practices.record_adoption(b, pw.ms[2], pw.leads[2])  # its own practice


def test_outcome_and_queue_and_mine(pw, db):
    b = submit(pw, 2, "B")
    adoption = practices.record_adoption(b, pw.ms[1], pw.leads[1])
    practices.set_outcome(adoption, pw.leads[1], "  Läuft gut: 30 Anträge im ersten Jahr.  ")
    assert adoption.outcome == "Läuft gut: 30 Anträge im ersten Jahr." and adoption.outcome_at
    waiting = submit(pw, 3, "Wartet", publish=False)
    assert practices.review_queue(pw.network.id) == [waiting]
    assert practices.pending_count(pw.network.id) == 1
    assert practices.mine(pw.leads[3]) == [waiting]
    assert practices.mine(pw.member) == []


def test_led_municipalities_are_those_with_the_lead_role(pw):
    from weltoffen import permissions

    assert permissions.led_municipality_ids(pw.leads[3]) == [pw.ms[3].id]
    assert permissions.led_municipality_ids(pw.member) == []


def _submission(db, pw, size, scores: dict) -> Submission:
    round_ = Round(network_id=pw.network.id, questionnaire_id=pw.questionnaire.id, title="R",
                   opens_on=date.today() - timedelta(days=5), deadline=date.today())
    db.session.add(round_)
    db.session.flush()
    sub = Submission(round_id=round_.id, municipality_id=pw.ms[size].id, status="submitted")
    db.session.add(sub)
    db.session.flush()
    for key, score in scores.items():
        db.session.add(DimensionScore(submission_id=sub.id, dimension_key=key, score=score,
                                      confidence=100, answered=1, total=1))
    db.session.flush()
    db.session.refresh(sub)
    return sub


def test_weak_dimensions_match_by_size_class(pw, db):
    sub = _submission(db, pw, "own", {"management": 20, "engagement": 35, "participation_dialogue": 10,
                                  "cohesion": 80, "protecting_officials": None})
    far = submit(pw, 4, "Groß, neu", dims=("management",))
    same = submit(pw, 2, "Gleich groß", dims=("management",))
    near = submit(pw, 1, "Nachbar", dims=("management", "participation_dialogue"))
    nearer = submit(pw, 3, "Nachbar oben", dims=("management",))
    submit(pw, 2, "Zusammenhalt", dims=("cohesion",))  # a strength: not listed
    submit(pw, 2, "Nicht geprüft", dims=("management",), publish=False)
    submit(pw, "own", "Eigene Praxis", dims=("management",))  # its own: not listed
    # newest publications first within a size rank
    far.published_at = far.published_at.replace(year=far.published_at.year + 1)
    db.session.flush()
    weak = practice_matching.for_weak_dimensions(sub)
    assert [w.key for w in weak] == ["participation_dialogue", "management", "engagement"]
    assert [m.title for m in weak[0].practices] == ["Nachbar"]
    management = weak[1]
    assert [m.title for m in management.practices] == ["Gleich groß", "Nachbar oben", "Nachbar"]
    assert management.total == 4 and weak[2].practices == []
    assert [m.title for m in practice_matching.for_weak_dimensions(sub, limit=4)[1].practices][-1] == "Groß, neu"
    assert {far.id, same.id, near.id, nearer.id} >= {m.practice_id for m in management.practices}


def test_weak_dimensions_one_query_and_nothing_without_scores(pw, db):
    from sqlalchemy import event

    sub = _submission(db, pw, 0, {"management": 20, "engagement": 30, "cohesion": 40})
    submit(pw, 1, "Nachbar", dims=("management", "engagement", "cohesion"))
    db.session.expire_all()
    sub.questionnaire.dimensions, sub.municipality  # noqa: B018 - loaded by the result page and its permission check
    statements = []
    engine = db.session.get_bind()
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        weak = practice_matching.for_weak_dimensions(sub)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(statements) == 1 and all(w.practices for w in weak)
    empty = _submission(db, pw, 0, {})
    assert practice_matching.for_weak_dimensions(empty) == []


def test_dimensions_come_from_the_loaded_questionnaires(pw, db):
    dims = practices.dimensions()
    assert set(DIMS) <= set(dims)
    assert dims["management"]["title"]["de"]


def test_topics_of_practices_are_kind_practice(pw, db):
    submit(pw, 2, "X")
    kinds = set(db.session.scalars(select(Topic.kind).where(Topic.network_id == pw.network.id)))
    assert kinds == {"practice"}


def test_posting_limits_apply(pw, db, monkeypatch):
    def refuse(user, body, *, network_id, new_topic):
        assert new_topic and network_id == pw.network.id and body == "Kurz gesagt: **gut**."
        raise practices.limits.PostingRefused("Bitte warten.")

    monkeypatch.setattr(practices.limits, "check_post", refuse)
    with pytest.raises(practices.PracticeError, match="Bitte warten."):
        submit(pw, 2, "Zu schnell", publish=False)
