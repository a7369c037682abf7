"""Practice library journey: Bochum's lead describes a practice for the fields of
action where Iserlohn's 2025 self-check is weakest; the coordinator (second factor)
publishes it from the review queue; Iserlohn's lead finds it in the library with
the htmx filter (no page reload), records "we adopted this" with an outcome, and
sees it on the self-check result under the weakest fields.

Independence: the journey creates its own practice through the pages; the practice
category is created by the first submission if the network has none."""

from playwright.sync_api import expect

from .support import (
    assert_same_document,
    check_page,
    expect_flash,
    follow,
    login,
    logout,
    mark_document,
    visit,
)

AUTHOR = "leitung.bochum@demo.weltoffen.de"
ADOPTER = "leitung.iserlohn@demo.weltoffen.de"
COORDINATOR = "koordination@demo.weltoffen.de"
TITLE = "Stadtteilkonferenzen mit Dolmetschdienst"


def iserlohn_result(site) -> tuple[int, int, list[str]]:
    """(network id, Iserlohn's submitted 2025 self-check, the German titles of its
    three weakest fields of action)."""
    from sqlalchemy import select

    from weltoffen.extensions import db
    from weltoffen.forum.practices.matching import for_weak_dimensions
    from weltoffen.network.models import Municipality
    from weltoffen.selfcheck.models import Round, Submission

    with site.app.app_context():
        sub = db.session.scalar(
            select(Submission)
            .join(Round)
            .join(Municipality)
            .where(Municipality.name == "Iserlohn", Submission.status == "submitted")
            .order_by(Round.opens_on)
            .limit(1)
        )
        weak = [w.definition["title"]["de"] for w in for_weak_dimensions(sub)]
        ids = (sub.municipality.network_id, sub.id)
        db.session.remove()
    return ids[0], ids[1], weak


def test_submit_review_find_adopt(page, site):
    t = site.t
    network_id, submission_id, weak = iserlohn_result(site)
    assert len(weak) == 3

    # Bochum's lead describes a practice.
    login(page, site, AUTHOR)
    visit(page, "/forum/practices")
    follow(page, page.get_by_role("link", name=t("Describe a practice"), exact=True))
    page.get_by_label(t("Title"), exact=True).fill(TITLE)
    page.get_by_label(t("Summary"), exact=True).fill("Vier Konferenzen im Jahr, gedolmetscht in drei Sprachen.")
    page.get_by_label(t("Initial situation"), exact=True).fill("Zu Stadtteilkonferenzen kamen kaum Zugewanderte.")
    page.get_by_label(t("Approach"), exact=True).fill("- Einladung in fünf Sprachen\n- Dolmetschen per Funk")
    page.get_by_label(t("Resources and costs"), exact=True).fill("6.000 Euro im Jahr für Dolmetschen")
    page.get_by_label(t("Results"), exact=True).fill("Anteil Zugewanderter von 5 auf 31 Prozent gestiegen.")
    page.get_by_label(t("What it takes to transfer it"), exact=True).fill("Ein Dolmetschpool.")
    page.get_by_label(t("Contact person"), exact=True).fill("Ben Leitung, Stadt Bochum")
    for title in weak:
        page.get_by_label(title, exact=True).check()
    follow(page, page.get_by_role("button", name=t("Submit for review"), exact=True))
    expect_flash(page, t("Thank you! The network coordination reviews your practice before it is published."))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("status").filter(has_text=t("Awaiting review"))).to_be_visible()
    logout(page, site)

    # The coordinator publishes it from the review queue.
    login(page, site, COORDINATOR)
    visit(page, f"/forum/networks/{network_id}/practices/review")
    follow(page, page.get_by_role("link", name=TITLE, exact=True))
    page.get_by_label(t("Publish"), exact=True).check()
    follow(page, page.get_by_role("button", name=t("Save decision"), exact=True))
    expect_flash(page, t("The practice is published."))
    logout(page, site)

    # Iserlohn's lead filters the library without a reload and adopts the practice.
    login(page, site, ADOPTER)
    visit(page, "/forum/practices")
    mark_document(page)
    page.get_by_label(t("Field of action"), exact=True).select_option(label=weak[0])
    results = page.locator("#practice-list")
    expect(results.get_by_role("link", name=TITLE, exact=True)).to_be_visible()
    expect(page).to_have_url(f"{site.base_url}/forum/practices?dimension={_key(site, weak[0])}&size=")
    assert_same_document(page)
    check_page(page, "/forum/practices (filtered)")
    follow(page, results.get_by_role("link", name=TITLE, exact=True))
    follow(page, page.get_by_role("button", name=t("%(name)s adopted this", name="Iserlohn"), exact=True))
    expect_flash(page, t("Noted: %(name)s adopted this practice. Tell others later how it went.", name="Iserlohn"))
    page.get_by_label(t("How did it go?")).fill("Erste Konferenz mit 14 neuen Teilnehmenden.")
    follow(page, page.get_by_role("button", name=t("Save outcome"), exact=True))
    expect_flash(page, t("Thank you for telling others how it went."))
    expect(page.locator("#adoptions")).to_contain_text("Erste Konferenz mit 14 neuen Teilnehmenden.")

    # The self-check result lists it under the weakest fields of action.
    visit(page, f"/selfcheck/submissions/{submission_id}/result")
    section = page.get_by_role("region", name=t("Practices for your weakest fields of action"))
    expect(section.get_by_role("link", name=TITLE, exact=True).first).to_be_visible()


def _key(site, title: str) -> str:
    from weltoffen.forum.practices.services import dimensions

    with site.app.app_context():
        from weltoffen.extensions import db

        key = next(k for k, d in dimensions().items() if d["title"]["de"] == title)
        db.session.remove()
    return key
