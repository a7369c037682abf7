"""Self-check journey 2: the municipal lead settles a question on which the team
differs, submits the self-check and works with the result: scores table and chart,
recommendations, the PDF report, an advice request to the network coordination and
measures for the action plan (one for a department, one owned by a team member).

Independence: submitting locks a self-check for good, and the other journeys rely on
the demo data as loaded (Iserlohn's draft of "Selbstcheck 2026" for the fill journey;
Bochum's submitted result and its open advice request for the coordinator). So this
journey gets a self-check of its own: the fixture below opens a round with Bochum
alone and lets Bochum's lead and member answer the first field of action, differing
on one question. Nothing the other journeys look at changes; they may run before or
after this one, or alone."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from .support import exactly, expect_flash, expect_image_loaded, follow, login, path_of, selfcheck_dimension

LEAD = "leitung.bochum@demo.weltoffen.de"
MEMBER = "team.bochum@demo.weltoffen.de"
COORDINATOR = "koordination@demo.weltoffen.de"
ROUND = "Selbstcheck 2026 – Probelauf"
FIRST = "management"
#: The question of the first field where lead and member differ (a scale: 2 against 0).
DIFFERING = "budget"


def sample_answer(q: dict, lead: bool = True) -> dict:
    """A valid form answer for any question type (as posted by the fill page)."""
    qtype = q["type"]
    if qtype == "scale":
        value = "2" if lead or q["key"] != DIFFERING else "0"
    elif qtype == "yes_partly_no":
        value = "partly"
    elif qtype == "single_choice":
        value = q["options"][-1]["key"]
    elif qtype == "multiple_choice":
        value = [o["key"] for o in q["options"] if not o.get("exclusive")][:2]
    elif qtype == "number":
        value = f"{q['min']:g}"
    else:
        value = "Siehe Konzept"
    return {"value": value, "special": None, "evidence": ""}


def _user(email):
    from sqlalchemy import select

    from weltoffen.auth.models import User
    from weltoffen.extensions import db

    return db.session.scalar(select(User).where(User.email == email))


@pytest.fixture(scope="module")
def bochum_trial(site) -> int:
    """A round of its own for Bochum, with lead and member through the first field of
    action (differing on DIFFERING). Returns the id of Bochum's submission."""
    from sqlalchemy import select

    from weltoffen.extensions import db
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck import answers, services
    from weltoffen.selfcheck.models import Round

    with site.app.app_context():
        bochum = db.session.scalar(select(Municipality).where(Municipality.name == "Bochum"))
        template = db.session.scalar(select(Round).where(Round.title == "Selbstcheck 2026"))
        today = date.today()
        round_ = services.open_round(
            _user(COORDINATOR),
            bochum.network,
            template.questionnaire,
            ROUND,
            today - timedelta(days=1),
            today + timedelta(days=30),
            [bochum.id],
        )
        (sub,) = round_.submissions
        lead, member = _user(LEAD), _user(MEMBER)
        for q in sub.questionnaire.dimension(FIRST)["questions"]:
            for user, is_lead in ((lead, True), (member, False)):
                parsed = answers.save_answer(sub, user, q, sample_answer(q, is_lead))
                assert parsed.error is None, (q["key"], parsed.error)
        db.session.commit()
        submission_id = sub.id
        db.session.remove()
    return submission_id


def give_remaining_team_answers(site, submission_id: int) -> int:
    """What the lead would otherwise click through for some 80 questions: a team
    answer for every required question still without one. Returns how many were set."""
    from weltoffen.extensions import db
    from weltoffen.selfcheck import answers
    from weltoffen.selfcheck.models import Submission

    with site.app.app_context():
        sub = db.session.get(Submission, submission_id)
        definition = sub.questionnaire.definition
        missing = answers.missing_for_submit(definition, answers.effective_answers(sub))
        lead = _user(LEAD)
        for _dim, q in missing:
            parsed = answers.set_team_answer(sub, lead, q, sample_answer(q))
            assert parsed.error is None, (q["key"], parsed.error)
        db.session.commit()
        db.session.remove()
    return len(missing)


def test_lead_settles_a_difference_submits_and_follows_up(page, site, bochum_trial):
    t = site.t
    first = selfcheck_dimension(site, FIRST)
    differing = first.questions[DIFFERING]

    login(page, site, LEAD)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Self-check"), exact=True))
    bochum = page.get_by_role("region", name="Bochum")
    follow(page, bochum.get_by_role("link", name=ROUND, exact=True))
    overview_path = path_of(page)
    assert overview_path == f"/selfcheck/submissions/{bochum_trial}"
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)

    # The team view of the first field of action: one question where answers differ.
    progress = page.get_by_role("table", name=t("Progress per field of action"))
    row = progress.get_by_role("row").filter(
        has=page.get_by_role("link", name=first.title, exact=True)
    )
    expect(row).to_contain_text(t("%(num)d difference", num=1))
    follow(page, row.get_by_role("link", name=t("Team view"), exact=True))
    assert path_of(page) == f"/selfcheck/submissions/{bochum_trial}/team/{FIRST}"
    differ = t("Answers differ")
    expect(page.get_by_text(differ, exact=True)).to_have_count(1)
    question = page.get_by_role("region", name=differing.legend, exact=True)
    expect(question.get_by_text(differ, exact=True)).to_be_visible()

    # "Teamantwort festlegen": open already where answers differ; choose and save.
    accordion = question.locator("details").filter(
        has=page.locator("summary", has_text=t("Set the team answer"))
    )
    expect(accordion).to_have_count(1)
    if accordion.get_attribute("open") is None:
        accordion.locator(":scope > summary").click()
    expect(accordion).to_have_attribute("open", "")
    team_group = accordion.get_by_role("group", name=differing.legend, exact=True)
    step = differing.choices[1]  # "in Planung": between the two answers
    team_group.locator("label").filter(has_text=exactly(step)).click()
    expect(team_group.get_by_role("radio", name=step, exact=True)).to_be_checked()
    follow(page, accordion.get_by_role("button", name=t("Save team answer"), exact=True))
    assert path_of(page) == f"/selfcheck/submissions/{bochum_trial}/team/{FIRST}"
    expect_flash(page, t("The team answer is saved."))
    expect(page.get_by_text(differ, exact=True)).to_have_count(0)
    expect(question).to_contain_text(f"{t('Team answer set')} {step}")

    # The remaining required questions get their team answers directly in the database.
    assert give_remaining_team_answers(site, bochum_trial) > 50

    follow(page, page.get_by_role("link", name=f"{ROUND} · Bochum", exact=True))
    assert path_of(page) == overview_path
    # submitting is final: without the confirmation it is refused, with it done
    follow(page, page.get_by_role("button", name=t("Submit self-check"), exact=True), status=422,
           name="submit refused without confirmation")
    expect(page.get_by_text(t("Confirm that you want to submit the self-check for good."))).not_to_have_count(0)
    page.get_by_label(t("I understand: once submitted, the answers are locked, and only the network "
                        "coordination can reopen the self-check."), exact=True).check()
    follow(page, page.get_by_role("button", name=t("Submit self-check"), exact=True))
    result_path = f"/selfcheck/submissions/{bochum_trial}/result"
    assert path_of(page) == result_path
    expect_flash(page, t("The self-check is submitted. Here is your result."))

    # The result: scores per field of action as a table and as a chart, recommendations.
    scores = page.get_by_role("table", name=t("Scores per field of action"))
    expect(scores.locator("tbody tr")).to_have_count(9)
    expect(scores.get_by_role("link", name=first.title, exact=True)).to_be_visible()
    chart = page.get_by_role(
        "img",
        name=t("Bar chart of the scores per field of action; the same figures are in the table below."),
    )
    assert expect_image_loaded(chart) > 0, "the score chart did not load"
    expect(page.get_by_text(t("Recommendation"), exact=True).first).to_be_visible()

    # The report as PDF.
    pdf_link = page.get_by_role("link", name=t("Report as PDF"), exact=True)
    report = page.request.get(pdf_link.get_attribute("href"))
    assert report.status == 200
    assert report.headers["content-type"] == "application/pdf"
    assert report.body()[:5] == b"%PDF-"

    # Advice on the first field of action, from the link in its section.
    section = page.locator(f"#dim-{FIRST}")
    since = site.mail_count()
    follow(
        page,
        section.get_by_role("link", name=t("Request advice on this field"), exact=True),
        name=f"{result_path}?dimension={FIRST}",
    )
    advice = page.get_by_role("region", name=t("Request advice"), exact=True)
    expect(advice.get_by_label(t("Field of action"), exact=True)).to_have_value(FIRST)
    message = "Wie haben andere Kommunen ein eigenes Integrationsbudget durchgesetzt?"
    advice.get_by_label(t("What would you like advice on?"), exact=True).fill(message)
    follow(page, advice.get_by_role("button", name=t("Send request"), exact=True))
    assert path_of(page) == result_path
    expect_flash(page, t("Your request was sent to the network coordination."))
    expect(section).to_contain_text(message)  # the question itself, with its state
    expect(section).to_contain_text(t("Open"))
    expect(section.get_by_role("link", name=re.compile(re.escape(t("Open the request"))))).to_have_count(1)
    link = site.mail_link(COORDINATOR, "/selfcheck/advice/", since)
    assert re.search(r"/selfcheck/advice/\d+$", link), link

    # A measure for the action plan, from the form on the result page.
    plan_form = page.get_by_role("region", name=t("Add a measure to the action plan"))
    # Its own "Handlungsfeld" list, labelled as such (not the one of the advice form).
    plan_dimension = plan_form.get_by_role("combobox", name=t("Field of action"), exact=True)
    expect(plan_dimension).to_be_visible()
    plan_dimension.select_option(FIRST)
    title = "Eigenes Budget für Integrationsarbeit im Haushalt 2027 beantragen"
    plan_form.get_by_label(t("Measure"), exact=True).fill(title)
    plan_form.get_by_label(re.compile(f"^{t('Or a department')}")).fill("Kämmerei")
    plan_form.get_by_label(re.compile(f"^{t('Due date')}")).fill(
        (date.today() + timedelta(days=120)).isoformat()
    )
    plan_form.get_by_label(t("Status"), exact=True).select_option(label=t("Planned"))
    follow(page, plan_form.get_by_role("button", name=t("Add measure"), exact=True))
    assert path_of(page).startswith("/selfcheck/municipalities/")
    assert "/plan" in path_of(page)
    expect_flash(page, t("Measure added to the action plan."))
    measures = page.get_by_role("table", name=t("Measures: %(title)s", title=first.title))
    expect(measures.get_by_role("row").filter(has_text=title)).to_contain_text("Kämmerei")

    # On the plan page the owner is chosen from the team; the plan goes out as PDF,
    # XLSX and a calendar file.
    for name in ("Action plan as PDF (for the council committee)", "Action plan as spreadsheet (XLSX)",
                 "Due dates of open measures for your calendar (ICS)"):
        expect(page.get_by_role("link", name=t(name), exact=True)).to_have_count(1)
    add = page.get_by_role("region", name=t("Add a measure"), exact=True)
    owner = add.get_by_label(re.compile(f"^{t('Responsible person')}"))
    expect(owner.locator("option", has_text="Bo Team")).to_have_count(1)
    add.get_by_label(t("Field of action"), exact=True).select_option(FIRST)
    second = "Budgetvorlage für den Ausschuss vorbereiten"
    add.get_by_label(t("Measure"), exact=True).fill(second)
    owner.select_option(label="Bo Team")
    add.get_by_label(re.compile(f"^{t('Due date')}")).fill((date.today() + timedelta(days=60)).isoformat())
    follow(page, add.get_by_role("button", name=t("Add measure"), exact=True))
    expect_flash(page, t("Measure added to the action plan."))
    expect(measures.get_by_role("row").filter(has_text=second)).to_contain_text("Bo Team")
