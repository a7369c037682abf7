"""Practice library pages through the client: submit (errors keep the text), the
status for the author, review with notes, resubmission, the library and its htmx
filter, adoptions with outcomes, replies, and the weakest-field list on the
self-check result page."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from weltoffen.forum.models import Adoption, Practice
from weltoffen.forum.practices import services as practices
from weltoffen.platform.db.columns import utcnow

from .test_practices_services import FIELDS, _submission, build_world, submit


@pytest.fixture(autouse=True)
def no_posting_limits(monkeypatch):
    monkeypatch.setattr(practices.limits, "check_post", lambda *a, **k: None)


@pytest.fixture
def pw(db, make):
    return build_world(db, make)


FORM = {
    "title": "Sprachcafé im Rathaus",
    "summary": "Jeden Mittwoch Deutsch üben mit Ehrenamtlichen.",
    **FIELDS,
    "dimensions": ["engagement", "cohesion"],
}


def _count(db) -> int:
    return db.session.scalar(select(func.count(Practice.id)))


def test_submit_form_and_status_for_the_author(client, login, pw, db):
    login(pw.leads[2])
    page = client.get("/forum/practices/new")
    assert page.status_code == 200 and 'name="dimensions"' in page.text
    r = client.post("/forum/practices/new", data={**FORM, "municipality": pw.ms[2].id})
    assert r.status_code == 302
    p = db.session.scalar(select(Practice).order_by(Practice.id.desc()).limit(1))
    assert r.headers["Location"].endswith(f"/forum/practices/{p.id}")
    assert p.status == "submitted" and p.topic.title == "Sprachcafé im Rathaus" and p.municipality_id == pw.ms[2].id
    assert sorted(p.dimension_keys) == ["cohesion", "engagement"]
    shown = client.get(f"/forum/practices/{p.id}").text
    assert "<strong>gelost</strong>" in shown  # Markdown rendered
    assert "status" in shown and p.topic.title in shown
    assert p.topic.title in client.get("/forum/practices/mine").text
    # not yet in the library, and not visible to another municipality's lead
    assert p.topic.title not in client.get("/forum/practices").text
    login(pw.leads[3])
    assert client.get(f"/forum/practices/{p.id}").status_code == 403


def test_submit_errors_keep_the_text_and_write_nothing(client, login, pw, db):
    login(pw.leads[2])
    before = _count(db)
    r = client.post("/forum/practices/new", data={**FORM, "municipality": pw.ms[2].id, "dimensions": [],
                                                  "title": ""})
    assert r.status_code == 422
    assert "Jeden Mittwoch Deutsch üben mit Ehrenamtlichen." in r.text and "Frau Beispiel, Bürgerbüro" in r.text
    assert _count(db) == before
    # a municipality the user is not in the team of is refused as a choice
    r = client.post("/forum/practices/new", data={**FORM, "municipality": pw.ms[3].id})
    assert r.status_code == 422 and _count(db) == before


def test_people_outside_a_team_cannot_submit(client, login, pw, make):
    login(pw.coordinator)
    assert client.get("/forum/practices/new").status_code == 403


def test_review_send_back_resubmit_publish(client, login, pw, db):
    p = submit(pw, 2, "Fonds", publish=False)
    login(pw.coordinator)
    queue = client.get(f"/forum/networks/{pw.network.id}/practices/review").text
    assert "Fonds" in queue
    r = client.post(f"/forum/practices/{p.id}/review", data={"decision": "changes_requested", "note": ""})
    assert r.status_code == 422 and p.status == "submitted"
    r = client.post(f"/forum/practices/{p.id}/review",
                    data={"decision": "changes_requested", "note": "Bitte <b>Kosten</b> ergänzen."})
    assert r.status_code == 302 and p.status == "changes_requested"

    login(pw.leads[2])
    page = client.get(f"/forum/practices/{p.id}").text
    assert "Bitte &lt;b&gt;Kosten&lt;/b&gt; ergänzen." in page  # the note, escaped
    edit = client.get(f"/forum/practices/{p.id}/edit")
    assert edit.status_code == 200 and "Wir haben **gelost** und eingeladen." in edit.text
    r = client.post(f"/forum/practices/{p.id}/edit", data={**FORM, "resources": "12.000 Euro"})
    assert r.status_code == 302 and p.status == "submitted" and p.resources == "12.000 Euro"

    login(pw.coordinator)
    r = client.post(f"/forum/practices/{p.id}/review", data={"decision": "published", "note": ""})
    assert r.status_code == 302 and p.status == "published"
    again = client.post(f"/forum/practices/{p.id}/review", data={"decision": "rejected", "note": "x"})
    assert again.status_code == 303 and p.status == "published"
    login(pw.leads[2])
    assert client.get(f"/forum/practices/{p.id}/edit").status_code == 403  # published: staff only


def test_library_filters_with_htmx(client, login, pw, db):
    submit(pw, 0, "Kleine Gemeinde", dims=("engagement",))
    submit(pw, 3, "Großstadt", dims=("management",))
    login(pw.member)
    page = client.get("/forum/practices")
    assert page.status_code == 200 and "Kleine Gemeinde" in page.text and "Großstadt" in page.text
    assert 'hx-get="/forum/practices"' in page.text
    fragment = client.get("/forum/practices?dimension=management", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert "Großstadt" in fragment.text and "Kleine Gemeinde" not in fragment.text
    by_size = client.get("/forum/practices?size=0").text
    assert "Kleine Gemeinde" in by_size and "Großstadt" not in by_size
    # unknown filter values are ignored, not an error
    assert client.get("/forum/practices?dimension=nope&size=99").status_code == 200


def test_adoption_and_outcome(client, login, pw, db):
    p = submit(pw, 2, "Bürgerrat")
    login(pw.leads[2])  # its own municipality: nothing to adopt
    assert f"forum/practices/{p.id}/adopt" not in client.get(f"/forum/practices/{p.id}").text
    assert client.post(f"/forum/practices/{p.id}/adopt", data={"municipality": pw.ms[2].id}).status_code == 403
    login(pw.leads[1])
    r = client.post(f"/forum/practices/{p.id}/adopt", data={"municipality": pw.ms[1].id})
    assert r.status_code == 302
    adoption = db.session.scalar(select(Adoption).where(Adoption.practice_id == p.id))
    assert adoption.municipality_id == pw.ms[1].id
    r = client.post(f"/forum/adoptions/{adoption.id}/outcome",
                    data={f"a{adoption.id}-outcome": "Läuft: 12 Projekte <script>x</script>"})
    assert r.status_code == 302 and adoption.outcome.startswith("Läuft")
    page = client.get(f"/forum/practices/{p.id}").text
    assert "Läuft: 12 Projekte &lt;script&gt;" in page
    login(pw.leads[3])
    assert client.post(f"/forum/adoptions/{adoption.id}/outcome",
                       data={f"a{adoption.id}-outcome": "fremd"}).status_code == 403
    assert "adopted by 1 municipality" in client.get("/forum/practices").text or "1 Kommune" in client.get(
        "/forum/practices").text


def test_practice_fields_are_sanitised(client, login, pw, db):
    p = practices.submit(pw.leads[2], pw.ms[2], title="<img src=x onerror=alert(1)>",
                         summary="<script>alert(1)</script>",
                         fields={**FIELDS, "approach": "[klick](javascript:alert(1)) <iframe></iframe>"},
                         dimension_keys=["management"])
    practices.review(p, pw.coordinator, "published", "")
    login(pw.member)
    page = client.get(f"/forum/practices/{p.id}").text
    assert "<script>alert" not in page and "<iframe" not in page and "href=\"javascript" not in page
    assert "<img src=x" not in page


def test_replies_under_a_practice(client, login, pw, db):
    p = submit(pw, 2, "Mit Diskussion")
    login(pw.leads[1])
    page = client.get(f"/forum/practices/{p.id}").text
    assert f'action="/forum/topics/{p.topic_id}/reply"' in page
    r = client.post(f"/forum/topics/{p.topic_id}/reply", data={"body": "Wie lange hat die **Planung** gedauert?"})
    assert r.status_code == 302
    follow = client.get(f"/forum/practices/{p.id}").text
    assert "Wie lange hat die <strong>Planung</strong> gedauert?" in follow


def test_result_page_lists_practices_for_weak_fields(client, login, pw, db):
    sub = _submission(db, pw, "own", {"management": 20, "engagement": 30, "cohesion": 90})
    sub.submitted_at = utcnow() - timedelta(days=1)
    sub.overall_score = 40
    db.session.flush()
    submit(pw, 2, "Passt zur Größe", dims=("management",))
    submit(pw, 4, "Metropole", dims=("management", "cohesion"))
    login(pw.leads["own"])
    page = client.get(f"/selfcheck/submissions/{sub.id}/result")
    assert page.status_code == 200
    text = page.text
    assert "weak-practices-heading" in text
    assert text.index("Passt zur Größe") < text.index("Metropole")
    assert "/forum/practices?dimension=management" in text


def test_peer_comparison_lists_practices_for_weak_fields(client, login, pw, db):
    sub = _submission(db, pw, "own", {"management": 20, "engagement": 30, "cohesion": 90})
    sub.submitted_at = utcnow() - timedelta(days=1)
    sub.overall_score = 40
    db.session.flush()
    submit(pw, 3, "Nachbarklasse", dims=("engagement",))
    login(pw.leads["own"])
    first = client.get(f"/benchmark/submissions/{sub.id}")
    assert first.status_code == 200 and "Nachbarklasse" in first.text
    # a practice published later shows at once (the list is not part of the benchmark's kept page)
    submit(pw, 2, "Später veröffentlicht", dims=("engagement",))
    again = client.get(f"/benchmark/submissions/{sub.id}").text
    assert again.index("Später veröffentlicht") < again.index("Nachbarklasse")
