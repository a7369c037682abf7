import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.selfcheck import answers, services
from weltoffen.selfcheck.models import Answer, DimensionScore

from .conftest import FULL, answer


def test_save_updates_in_place_and_blank_removes(selfcheck, db):
    w = selfcheck
    answer(w.sub, w.member, "mission", "1", evidence="Entwurf liegt vor")
    answer(w.sub, w.member, "mission", "3")
    rows = db.session.scalars(sa.select(Answer).where(Answer.submission_id == w.sub.id)).all()
    assert len(rows) == 1 and rows[0].value == 3 and rows[0].evidence == ""
    assert w.sub.status == "draft" or db.session.get(type(w.sub), w.sub.id).status == "draft"
    answer(w.sub, w.member, "mission")
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_members_keep_their_own_answers(selfcheck, db):
    w = selfcheck
    answer(w.sub, w.member, "budget", "partly")
    answer(w.sub, w.lead, "budget", "yes")
    by_q = answers.answers_by_question(w.sub)
    assert sorted(a.value for a in by_q["budget"]) == ["partly", "yes"]


def test_effective_answer_agreed_conflict_and_team(selfcheck):
    w = selfcheck
    answer(w.sub, w.member, "budget", "yes")
    answer(w.sub, w.lead, "budget", "yes")
    answer(w.sub, w.member, "mission", "1")
    answer(w.sub, w.lead, "mission", "3")
    answer(w.sub, w.member, "languages", "3")
    eff = answers.effective_answers(w.sub)
    assert eff["budget"].source == "agreed" and eff["budget"].value == "yes" and eff["budget"].answers == 2
    # one answer is not agreement: it counts until others answer, and says so
    assert eff["languages"].source == "single" and eff["languages"].answered and eff["languages"].answers == 1
    assert eff["mission"].conflict and not eff["mission"].answered
    q = w.questionnaire.question("mission")
    from werkzeug.datastructures import MultiDict

    answers.set_team_answer(
        w.sub, w.lead, q, answers.raw_from_form(MultiDict({"team-mission": "2"}), "mission", "team")
    )
    eff = answers.effective_answers(w.sub)
    assert eff["mission"].source == "team" and eff["mission"].value == 2


def test_submit_refused_while_required_answers_missing(selfcheck, db):
    w = selfcheck
    answer(w.sub, w.lead, "mission", "2")
    try:
        services.submit(w.sub, w.lead)
    except services.SubmitProblem as problem:
        keys = {q["key"] for _, q in problem.missing}
    assert keys == {
        "budget",
        "languages",
        "formats",
    }  # text and optional questions are not required
    assert w.sub.status != "submitted"


def test_dont_know_counts_as_answered_for_submit(selfcheck):
    w = selfcheck
    answer(w.sub, w.lead, "mission", special=None, value="dk")
    answer(w.sub, w.lead, "budget", "na")
    answer(w.sub, w.lead, "languages", special="dk")
    answer(w.sub, w.lead, "formats", special="na")
    result = services.submit(w.sub, w.lead)
    assert result.overall is None and w.sub.status == "submitted"


def test_submit_stores_scores_and_reopen_clears_them(submitted, db):
    w = submitted
    scores = {s.dimension_key: s for s in db.session.scalars(sa.select(DimensionScore))}
    assert scores["management"].score == round((2 * 200 / 3 + 100 + 50) / 4)
    assert scores["participation"].score == 80
    assert w.sub.overall_score is not None
    services.reopen(w.sub, w.coordinator, "Tippfehler bei Frage 2")
    assert w.sub.status == "draft" and w.sub.overall_score is None
    assert db.session.scalar(sa.select(sa.func.count(DimensionScore.id))) == 0
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "submission.reopened")
    ).one()
    assert entry.details["reason"] == "Tippfehler bei Frage 2"


def test_progress_counts(selfcheck):
    w = selfcheck
    for key, value in list(FULL.items())[:2]:
        answer(w.sub, w.member, key, value)
    per_dim, total = answers.progress(
        w.questionnaire.definition, set(answers.member_answers(w.sub, w.member))
    )
    assert per_dim["management"].answered == 2 and per_dim["management"].total == 4
    assert total.answered == 2 and total.total == 6 and total.percent == 33


def test_invalid_answers_are_refused(selfcheck):
    w = selfcheck
    from werkzeug.datastructures import MultiDict

    q = w.questionnaire.question("languages")
    for raw in (
        {"q-languages": "viele"},
        {"q-languages": "99"},
        {"q-languages": "3", "q-languages-special": "dk"},
    ):
        parsed = answers.save_answer(
            w.sub, w.member, q, answers.raw_from_form(MultiDict(raw), "languages")
        )
        assert parsed.error
    parsed = answers.save_answer(
        w.sub, w.member, q, answers.raw_from_form(MultiDict({"q-languages": "1.000"}), "languages")
    )
    assert parsed.error  # 1000 is above max 50
    parsed = answers.save_answer(
        w.sub, w.member, q, answers.raw_from_form(MultiDict({"q-languages": "2,5"}), "languages")
    )
    assert parsed.value == 2.5
    scale = w.questionnaire.question("mission")
    assert answers.save_answer(
        w.sub, w.member, scale, {"value": "9", "special": None, "evidence": ""}
    ).error
    assert answers.save_answer(
        w.sub, w.member, scale, {"value": "1", "special": None, "evidence": "x" * 2001}
    ).error
