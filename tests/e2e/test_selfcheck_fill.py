"""Self-check journey 1: a team member opens Iserlohn's open self-check from the main
navigation and answers questions of a field of action nobody has touched yet. Every
answer is saved by htmx as it is given ("Gespeichert um …" beside the question, no
page load) and is there again after a reload; a number out of range is refused beside
its question and the typed text stays in the field.

Independence: only Iserlohn's member answers, only in "Engagement und Beteiligung",
which neither the demo data nor the other journeys touch; the submit journey works
on a round of its own (see test_selfcheck_team_submit.py)."""

import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .support import (
    assert_same_document,
    check_page,
    exactly,
    expect_partial,
    follow,
    login,
    mark_document,
    path_of,
    selfcheck_dimension,
)

MEMBER = "team.iserlohn@demo.weltoffen.de"
ROUND = "Selbstcheck 2026"
DIMENSION = "engagement"  # the 5th field of action; the demo answers only the first three


def test_member_answers_questions_with_autosave(page, site):
    t = site.t
    dim = selfcheck_dimension(site, DIMENSION)
    q = dim.questions
    scale, ypn, number = q["migrant_organisations"], q["council_feedback"], q["staff_time_budget"]
    saved = re.compile(re.escape(t("Saved at %(time)s", time="§")).replace("§", r"\d\d:\d\d"))

    login(page, site, MEMBER)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Self-check"), exact=True))
    assert path_of(page) == "/selfcheck/"
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Self-check"))
    iserlohn = page.get_by_role("region", name="Iserlohn")
    follow(page, iserlohn.get_by_role("link", name=ROUND, exact=True))
    assert re.fullmatch(r"/selfcheck/submissions/\d+", path_of(page)), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)

    # A field of action nobody has answered yet.
    progress = page.get_by_role("table", name=t("Progress per field of action"))
    row = progress.get_by_role("row").filter(has=page.get_by_role("link", name=dim.title))
    none_yet = t("%(answered)d of %(total)d", answered=0, total=len(q))
    expect(row.get_by_role("cell").nth(0)).to_contain_text(none_yet)  # yours
    expect(row.get_by_role("cell").nth(1)).to_contain_text(none_yet)  # the team's
    follow(page, row.get_by_role("link", name=dim.title, exact=True))
    fill_path = path_of(page)
    assert fill_path.endswith(f"/dimensions/{DIMENSION}")
    expect(page.get_by_role("heading", level=1)).to_have_text(dim.title)

    scale_group = page.get_by_role("group", name=scale.legend, exact=True)
    ypn_group = page.get_by_role("group", name=ypn.legend, exact=True)
    number_group = page.get_by_role("group", name=number.legend, exact=True)
    for group in (scale_group, ypn_group, number_group):
        expect(group.get_by_role("status")).to_have_text("")
    expect(scale_group.get_by_role("radio", checked=True)).to_have_count(0)
    expect(ypn_group.get_by_role("radio", checked=True)).to_have_count(0)

    # Three answers, each saved on its own while the page stays (given one after the
    # other without waiting: every question has its own autosave).
    mark_document(page)
    scale_step, partly = scale.choices[3], ypn.choices[1]  # "weitgehend umgesetzt", "Teilweise"
    hours = number_group.get_by_label(re.compile(f"^{re.escape(t('Number'))}"))
    evidence = number_group.get_by_label(re.compile(f"^{re.escape(t('Evidence, note or link'))}"))
    note = "Stellenplan 2026, Fachbereich Bürgerengagement"
    # The number and the note go in one save, or in two if the typing pauses: wait for
    # the one with both.
    with autosave(page, number.key, {number.key: "120", f"{number.key}-evidence": note}):
        scale_group.locator("label").filter(has_text=exactly(scale_step)).click()
        ypn_group.locator("label").filter(has_text=exactly(partly)).click()
        hours.fill("120")
        number_group.get_by_text(t("Evidence, note or link"), exact=True).click()  # <summary>
        evidence.fill(note)
    expect(scale_group.get_by_role("radio", name=scale_step, exact=True)).to_be_checked()
    expect(ypn_group.get_by_role("radio", name=partly, exact=True)).to_be_checked()
    for group in (scale_group, ypn_group, number_group):
        expect(group.get_by_role("status")).to_have_text(saved)
    assert_same_document(page)
    check_page(page, f"{fill_path} after autosave")

    # After a reload the answers are there.
    page.reload(wait_until="load")
    check_page(page, f"{fill_path} reloaded")
    expect(scale_group.get_by_role("radio", name=scale_step, exact=True)).to_be_checked()
    expect(ypn_group.get_by_role("radio", name=partly, exact=True)).to_be_checked()
    expect(hours).to_have_value("120")
    expect(evidence).to_be_visible()  # the details are open when there is a note
    expect(evidence).to_have_value(note)

    # A number out of range is refused beside the question; the text stays in the field.
    mark_document(page)
    refusal = t("Enter a number from %(min)s to %(max)s.", min="0", max="20000")
    with expect_partial(page, 422), autosave(page, number.key, {number.key: "25000"}, 422):
        hours.fill("25000")
        expect(number_group.get_by_role("status")).to_have_text(f"{t('Not saved:')} {refusal}")
    expect(hours).to_have_value("25000")
    assert_same_document(page)
    check_page(page, f"{fill_path} with a refused answer")
    # … and the stored answer is still the last good one.
    assert stored_answer(site, MEMBER, number.key) == (120, note)


@contextmanager
def autosave(page, key: str, fields: dict[str, str], status: int = 200):
    """Wait for the autosave request of question `key` that carries `fields`
    (names without the "q-" prefix) and expect `status`."""

    def wanted(response) -> bool:
        request = response.request
        if request.method != "POST" or not urlsplit(request.url).path.endswith(f"/answers/{key}"):
            return False
        posted = parse_qs(request.post_data or "")
        return all(posted.get(f"q-{name}") == [value] for name, value in fields.items())

    with page.expect_response(wanted) as response:
        yield
    assert response.value.status == status, f"autosave of {key}: {response.value.status}"


def stored_answer(site, email: str, question_key: str):
    """(value, evidence) of a person's answer in Iserlohn's self-check of the round."""
    from sqlalchemy import select

    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck.models import Answer, Round, Submission

    with site.app.app_context():
        answer = db.session.scalar(
            select(Answer)
            .join(Submission, Answer.submission_id == Submission.id)
            .join(Round, Submission.round_id == Round.id)
            .join(Municipality, Submission.municipality_id == Municipality.id)
            .join(User, Answer.user_id == User.id)
            .where(
                Round.title == ROUND,
                Municipality.name == "Iserlohn",
                User.email == email,
                Answer.question_key == question_key,
            )
        )
        found = None if answer is None else (answer.value, answer.evidence)
        db.session.remove()
    return found
