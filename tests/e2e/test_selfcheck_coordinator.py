"""Self-check journey 3: the network coordinator (password and second factor) follows
the rounds and the participation, reads a submitted result, answers an advice request
and opens the blank questionnaire of one field of action for printing.

Independence: the journey reads the demo data and changes one thing, Bochum's open
advice request on "Arbeit und wirtschaftliche Entwicklung" from the demo data, which
no other journey touches (the submit journey asks about another field of action, in a
round of its own). Participation counts are compared with the database, not with
fixed numbers."""

import re

from playwright.sync_api import expect

from .support import expect_flash, follow, login, path_of, selfcheck_dimension, visit

COORDINATOR = "koordination@demo.weltoffen.de"
NETWORK = "Weltoffene Kommune"
ROUND = "Selbstcheck 2026"
ADVICE_ON = "work_economy"  # Bochum's open demo request
PRINTED = "engagement"


def demo_facts(site) -> dict:
    """Participation per round title, and the id of the questionnaire of ROUND."""
    from sqlalchemy import select

    from weltoffen.extensions import db
    from weltoffen.selfcheck import services
    from weltoffen.selfcheck.models import Round

    with site.app.app_context():
        rounds = db.session.scalars(select(Round)).all()
        facts = {
            "participation": {r.title: services.participation(r) for r in rounds},
            "questionnaire": next(r.questionnaire_id for r in rounds if r.title == ROUND),
        }
        db.session.remove()
    return facts


def test_coordinator_follows_rounds_and_answers_advice(page, site):
    t = site.t
    facts = demo_facts(site)

    login(page, site, COORDINATOR)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Self-check"), exact=True))
    assert path_of(page) == "/selfcheck/"
    staff = page.get_by_role("region", name=NETWORK)
    follow(page, staff.get_by_role("link", name=t("Rounds and participation"), exact=True))
    assert re.fullmatch(r"/selfcheck/networks/\d+/rounds", path_of(page)), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Self-check rounds"))

    # Participation per round: not started, in progress, submitted.
    rounds = page.get_by_role("table", name=t("Self-check rounds"))
    for title in ("Selbstcheck 2025", ROUND):
        p = facts["participation"][title]
        row = rounds.get_by_role("row").filter(
            has=page.get_by_role("link", name=title, exact=True)
        )
        cells = row.get_by_role("cell")
        expect(cells.nth(3)).to_have_text(str(p["not_started"]))
        expect(cells.nth(4)).to_have_text(str(p["draft"]))
        expect(cells.nth(5)).to_have_text(str(p["submitted"]))
    p = facts["participation"][ROUND]
    assert p["submitted"] > 0 and p["draft"] > 0, p

    # The open round, and Bochum's submitted result in it.
    follow(page, rounds.get_by_role("link", name=ROUND, exact=True))
    assert re.fullmatch(r"/selfcheck/rounds/\d+", path_of(page)), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(ROUND)
    expect(page.get_by_role("main")).to_contain_text(
        t(
            "Not started: %(a)d · in progress: %(b)d · submitted: %(c)d",
            a=p["not_started"],
            b=p["draft"],
            c=p["submitted"],
        )
    )
    participation = page.get_by_role("table", name=t("Participation"))
    bochum = participation.get_by_role("row").filter(has_text="Bochum")
    expect(bochum).to_contain_text(t("Submitted"))
    iserlohn = participation.get_by_role("row").filter(has_text="Iserlohn")
    expect(iserlohn).to_contain_text(t("In progress"))
    expect(iserlohn.get_by_role("link")).to_have_count(0)  # drafts stay with the team
    follow(page, bochum.get_by_role("link", name=f"{t('Result')} Bochum", exact=True))
    assert re.fullmatch(r"/selfcheck/submissions/\d+/result", path_of(page)), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{t('Result')}: {ROUND}")
    expect(page.get_by_role("table", name=t("Scores per field of action"))).to_be_visible()
    # Requesting advice and planning measures are the team's.
    expect(page.get_by_role("button", name=t("Send request"))).to_have_count(0)
    expect(page.get_by_role("button", name=t("Add measure"))).to_have_count(0)

    # The advice inbox, and Bochum's open request on work and economy.
    follow(page, nav.get_by_role("link", name=t("Self-check"), exact=True))
    follow(page, staff.get_by_role("link", name=t("Advice requests"), exact=True))
    assert re.fullmatch(r"/selfcheck/networks/\d+/advice", path_of(page)), page.url
    topic = selfcheck_dimension(site, ADVICE_ON).title
    inbox = page.get_by_role("table", name=t("Advice requests"))
    request_row = (
        inbox.get_by_role("row")
        .filter(has_text="Bochum")
        .filter(has_text=topic)
        .filter(has_text=t("Open"))
    )
    expect(request_row).to_have_count(1)
    follow(page, request_row.get_by_role("link", name=re.compile(r", Bochum$")))
    advice_path = path_of(page)
    assert re.fullmatch(r"/selfcheck/advice/\d+", advice_path), page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{t('Advice request')}: {topic}")
    expect(page.get_by_role("main")).to_contain_text("migrantische Unternehmen")

    answer = (
        "Gute Erfahrungen gibt es in Dortmund mit einer Lotsenstelle in der "
        "Wirtschaftsförderung; wir stellen gern den Kontakt her."
    )
    page.get_by_label(re.compile(f"^{re.escape(t('Answer to the municipality'))}")).fill(answer)
    follow(page, page.get_by_role("button", name=t("Save"), exact=True))
    assert path_of(page) == advice_path
    expect_flash(page, t("Saved."))
    expect(page.get_by_role("main")).to_contain_text(t("Answered"))
    expect(page.get_by_role("main")).to_contain_text(t("Answer of the network coordination"))
    expect(page.get_by_role("main")).to_contain_text(answer)

    # The blank questionnaire of one field of action, to print.
    printed = selfcheck_dimension(site, PRINTED)
    visit(page, f"/selfcheck/questionnaires/{facts['questionnaire']}/print?dimension={PRINTED}")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(f": {re.escape(printed.title)}$")
    )
    questions = page.get_by_role("heading", level=3)
    expect(questions).to_have_count(len(printed.questions))
    expect(questions.first).to_have_text(next(iter(printed.questions.values())).legend)
