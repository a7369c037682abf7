"""Evidence journey on a phone-sized screen: the official adds a screenshot with its
link and capture time to an incident, sees the preview (without metadata) and the
SHA-256, links a second incident, and downloads the dossier; axe on every page."""

import hashlib
import io
import os
from pathlib import Path

from playwright.sync_api import expect
from pypdf import PdfReader
from sqlalchemy import select

from tests.e2e import support
from tests.e2e.support import expect_image_loaded, follow, login, visit
from tests.incidents.evidence_support import jpeg_with_gps

OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"


def _incidents(site, count: int) -> list[int]:
    """Saved incidents of the demo official, made with the services (the report form
    has its own journey)."""
    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.incidents import services

    with site.app.test_request_context("/"):
        user = db.session.scalar(select(User).where(User.email == OFFICIAL))
        ids = []
        for n, (form, severity) in enumerate([("insult", 1), ("threat", 2)][:count]):
            item = services.new_draft(user)
            services.record(item, user, {
                "date": f"2026-0{7 + n}-1{n}", "time": "", "form": form, "channel": "social_media",
                "platform": "X", "link": "", "targets": ["official"], "home_address": False,
                "perpetrator_known": "known", "perpetrator": "Konto @beispiel", "motives": ["local_issues"],
                "description": f"Beitrag Nummer {n + 1} desselben Kontos.", "severity": severity,
            })
            ids.append(item.id)
        db.session.commit()
        db.session.remove()
    return ids


def test_screenshot_preview_link_and_dossier_on_a_phone(open_page, site, tmp_path):
    first, second = _incidents(site, 2)
    with open_page(viewport={"width": 390, "height": 844}, accept_downloads=True) as page:
        t = site.t
        login(page, site, OFFICIAL)
        visit(page, f"/incidents/{first}", name="incident page")
        follow(page, page.get_by_role("link", name=t("Add evidence"), exact=True), name="add evidence")
        photo = jpeg_with_gps()
        page.get_by_label(t("File"), exact=True).first.set_input_files(
            {"name": "screenshot.jpg", "mimeType": "image/jpeg", "buffer": photo})
        page.get_by_label(t("Link where you saw it")).first.fill("https://social.example/@beispiel/1")
        page.get_by_label(t("Captured at")).first.fill("2026-07-10T20:15")
        follow(page, page.get_by_role("button", name=t("Add evidence"), exact=True), name="incident with evidence")
        section = page.locator("#evidence")
        expect(section).to_contain_text(hashlib.sha256(photo).hexdigest())
        expect(section).to_contain_text("https://social.example/@beispiel/1")
        preview = section.get_by_role("img", name=t("Preview of %(name)s", name="screenshot.jpg"))
        assert expect_image_loaded(preview) > 0  # lazy: visible is not yet loaded
        response = page.request.get(preview.get_attribute("src"))
        assert response.headers["cache-control"] == "private, no-store"
        assert b"Phone X Secret" not in response.body()

        # link the second incident: the escalation chart and its table appear
        page.get_by_label(t("Link with another of your incidents")).select_option(str(second))
        follow(page, page.get_by_role("button", name=t("Link the incidents"), exact=True), name="linked incidents")
        links = page.locator("#links")
        expect(links.get_by_role("table")).to_contain_text("2")
        chart = links.get_by_role("img", name=t("Escalation chart; the same data is in the table below."))
        assert expect_image_loaded(chart) > 0
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page is wider than the phone"
        shots = Path(os.environ.get("INCIDENT_SCREENSHOT_DIR") or tmp_path)
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "incident-evidence-phone.png"), full_page=True)

        with page.expect_download() as download_info:
            page.get_by_role("link", name=t("Dossier (PDF)"), exact=True).click()
        pdf = PdfReader(io.BytesIO(download_info.value.path().read_bytes()))
        text = "".join(p.extract_text() for p in pdf.pages)
        assert hashlib.sha256(photo).hexdigest() in text.replace("\n", "") and "§ 185 StGB" in text
        support.assert_no_browser_errors(page, "the dossier download")
