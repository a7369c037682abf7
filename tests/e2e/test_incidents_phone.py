"""Incident journey on a phone-sized screen: the demo official reports an incident with
a screenshot in under 10 interactions, adds the criminal complaint to the timeline and
shares the incident with the trust person, who then reads it; axe on every page.

The interactions from "Report an incident" to the saved report are counted; a
screenshot of the filled form is kept (INCIDENT_SCREENSHOT_DIR or the test's tmp dir)."""

import hashlib
import os
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e import support
from tests.e2e.support import expect_flash, follow, login, open_menu, path_of, visit
from tests.incidents.evidence_support import png

OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"
TRUST_PERSON = "vertrauen.iserlohn@demo.weltoffen.de"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
#: The report's interactions, for the note.
INTERACTIONS: list[str] = []


class Counter:
    """Counts clicks, fills, checks and file choices from "new report" to saved."""

    def __init__(self):
        self.steps: list[str] = []

    def __call__(self, what: str):
        self.steps.append(what)


def test_report_timeline_and_grant_on_a_phone(open_page, site, tmp_path):
    t = site.t
    with open_page(accept_downloads=True, **PHONE) as page:
        login(page, site, OFFICIAL)
        open_menu(page)  # folded on the phone
        follow(page, page.get_by_role("link", name=t("Incidents"), exact=True), name="my incidents")

        count = Counter()
        count("tap: report an incident")
        follow(page, page.get_by_role("link", name=t("Report an incident"), exact=True), name="report form")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the form is wider than the phone"
        page.get_by_label(t("Insult"), exact=True).check()
        count("tap: insult")
        page.get_by_label(t("Social media"), exact=True).check()
        count("tap: social media")
        page.get_by_label(t("Hurtful behaviour"), exact=True).check()
        count("tap: hurtful behaviour")
        page.get_by_label(t("What happened, in your words"), exact=True).fill(
            "Unter dem Beitrag der Stadt zum Haushalt nennt mich ein Konto „Volksverräterin“.")
        count("type: what happened")
        page.get_by_label(t("Files"), exact=True).set_input_files(
            {"name": "kommentar.png", "mimeType": "image/png", "buffer": png((120, 200))})
        count("choose: screenshot")
        shots = Path(os.environ.get("INCIDENT_SCREENSHOT_DIR") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "incident-report-phone.png"), full_page=True)
        count("tap: save report")
        follow(page, page.get_by_role("button", name=t("Save report"), exact=True), name="saved incident")
        INTERACTIONS[:] = count.steps
        print(f"\ninteractions to a saved report on a phone: {len(count.steps)}: {count.steps}")
        assert len(count.steps) < 10, count.steps
        expect_flash(page, t("The incident is saved. Only you can see it."))
        incident_path = path_of(page)
        assert incident_path.startswith("/incidents/")
        main = page.locator("main")
        expect(main.get_by_role("heading", name=t("Insult"), exact=True)).to_be_visible()
        expect(main).to_contain_text("kommentar.png")
        expect(main).to_contain_text(t("suggested automatically"))  # the complaint deadline, 3 months
        expect(page.get_by_role("complementary")).to_contain_text("0800 300 99 44")

        follow(page, page.get_by_role("link", name=t("Add to the timeline"), exact=True), name="timeline entry")
        page.get_by_label(t("What do you want to add?"), exact=True).select_option("complaint_filed")
        page.locator("#text").fill("Strafantrag online bei der Polizei gestellt.")
        page.get_by_text(t("Police, complaint and proceedings"), exact=True).click()
        page.get_by_label(t("Case number")).fill("ST/4711/2026")
        follow(page, page.get_by_role("button", name=t("Add entry"), exact=True), name="incident with entry")
        expect_flash(page, t("The entry was added to the timeline."))
        expect(page.locator("#timeline").locator("..")).to_contain_text("ST/4711/2026")

        follow(page, page.get_by_role("link", name=t("Share with a trust person or stop sharing"), exact=True),
               name="grants")
        page.get_by_label("Vera Vertrauensperson", exact=True).check()
        page.get_by_label(t("Read"), exact=True).check()
        follow(page, page.get_by_role("button", name=t("Share"), exact=True), name="grants after sharing")
        expect_flash(page, t("%(name)s can now see this incident.", name="Vera Vertrauensperson"))
        visit(page, incident_path + "/log", name="who looked")
        expect(page.locator("main")).to_contain_text(t("Shared with a trust person"))
        visit(page, incident_path, name="incident before the dossier")
        expect(page.locator("#evidence")).to_contain_text(hashlib.sha256(png((120, 200))).hexdigest())
        with page.expect_download() as download:
            page.get_by_role("link", name=t("Dossier (PDF)"), exact=True).click()
        dossier = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages).replace("\n", "")
        assert hashlib.sha256(png((120, 200))).hexdigest() in dossier and "§ 185 StGB" in dossier
        support.assert_no_browser_errors(page, "the official's journey")

    with open_page(**PHONE) as page:
        login(page, site, TRUST_PERSON)
        open_menu(page)
        follow(page, page.get_by_role("link", name=t("Incidents"), exact=True), name="trust person's incidents")
        follow(page, page.get_by_role("link", name=t("Insult"), exact=False).first, name="shared incident")
        expect(page.locator("main")).to_contain_text("Volksverräterin")
        expect(page.locator("main")).to_contain_text(t("Shared with you: %(right)s", right=t("Read")))
        expect(page.get_by_role("link", name=t("Add to the timeline"), exact=True)).to_have_count(0)
        support.assert_no_browser_errors(page, "the trust person's journey")
