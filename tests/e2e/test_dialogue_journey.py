"""Dialogue journey in a real browser, axe on every page: the demo lead of Bochum
records a process with a session and reach figures, enters a recommendation and a
response, publishes the process; an anonymous citizen then reads the public page on a
phone and finds the recommendation and the response, without any team member's name."""

import re
from datetime import date

from playwright.sync_api import expect

from tests.e2e.support import check_page, follow, login, logout, path_of, visit

LEAD = "leitung.bochum@demo.weltoffen.de"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
TITLE = "Quartiersgespräch Wattenscheid-Mitte"


def label(page, text: str):
    """A field by its label, which optional fields follow with “– optional”."""
    return page.get_by_label(re.compile(f"^{re.escape(text)}( – .*)?$"))


def test_record_publish_and_read_a_process(open_page, site):
    t = site.t
    today = date.today().isoformat()
    with open_page() as page:
        login(page, site, LEAD)
        follow(page, page.get_by_role("link", name=t("Citizen participation"), exact=True).first, name="processes")
        follow(page, page.get_by_role("link", name=t("Record a new process"), exact=True), name="new process")
        label(page, t("Title")).fill(TITLE)
        label(page, t("Question put to citizens")).fill("Wie soll der Marktplatz aussehen?")
        label(page, t("Format")).select_option("neighbourhood_dialogue")
        label(page, t("Responsible office")).fill("Amt für Stadtplanung")
        follow(page, page.get_by_role("button", name=t("Save"), exact=True), name="process page")
        expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
        process_path = path_of(page)

        follow(page, page.get_by_role("link", name=t("Record a session"), exact=True), name="new session")
        label(page, t("Date")).fill(today)
        label(page, t("Place")).fill("Stadtteilzentrum, Saal 1")
        label(page, t("Step-free access")).check()
        follow(page, page.get_by_role("button", name=t("Save"), exact=True), name="session page")
        expect(page.get_by_text("Stadtteilzentrum, Saal 1").first).to_be_visible()

        visit(page, process_path, name="process page again")
        follow(page, page.get_by_role("link", name=t("Reach"), exact=True), name="reach page")
        label(page, t("18 to 29")).first.fill("3")
        label(page, t("45 to 64")).first.fill("27")
        follow(page, page.get_by_role("button", name=t("Save participants"), exact=True), name="reach saved")

        visit(page, process_path, name="process page, third time")
        follow(page, page.get_by_role("link", name=t("Recommendations"), exact=True), name="recommendations")
        follow(page, page.get_by_role("link", name=t("Add a recommendation"), exact=True).first, name="new rec")
        label(page, t("Number")).fill("1")
        label(page, t("Title")).fill("Mehr Schatten auf dem Marktplatz")
        label(page, t("Votes for")).fill("25")
        label(page, t("Votes against")).fill("3")
        label(page, t("Abstentions")).fill("2")
        label(page, t("Date of the vote")).fill(today)
        follow(page, page.get_by_role("button", name=t("Save"), exact=True), name="recommendation saved")
        link = page.get_by_role("link", name=re.compile("Mehr Schatten auf dem Marktplatz"))
        if link.count():
            follow(page, link.first, name="recommendation page")
        label(page, t("Response")).select_option("rejected")
        follow(page, page.get_by_role("button", name=t("Record response"), exact=True), status=422,
               name="response without a reason")
        label(page, t("Response")).select_option("adopted_in_part")
        label(page, t("Reason")).fill("Bäume ja, ein Sonnensegel ist zu teuer.")
        label(page, t("Date of the decision")).fill(today)
        follow(page, page.get_by_role("button", name=t("Record response"), exact=True), name="response saved")

        visit(page, process_path, name="process page before publishing")
        follow(page, page.get_by_role("button", name=t("Publish"), exact=True), name="published")
        public = page.locator('main a[href*="/beteiligung/"]').first
        public_url = public.get_attribute("href")
        logout(page, site)

    with open_page(**PHONE) as phone:
        visit(phone, public_url, name="public page on a phone")
        expect(phone.get_by_role("heading", level=1)).to_contain_text(TITLE)
        expect(phone.get_by_text("Mehr Schatten auf dem Marktplatz").first).to_be_visible()
        expect(phone.get_by_text("Bäume ja, ein Sonnensegel ist zu teuer.").first).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the public page scrolls sideways"
        body = phone.content()
        assert "Ben Leitung" not in body and "@demo.weltoffen.de" not in body
        check_page(phone, "public page, checked")
