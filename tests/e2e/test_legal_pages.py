"""The legal pages from the footer in a real browser, axe on each: Impressum,
Datenschutzerklärung, and the accessibility statement with its feedback form."""

from playwright.sync_api import expect

from tests.e2e.support import check_page, follow, visit


def test_legal_pages_from_the_footer(page, site):
    t = site.t
    visit(page, "/auth/login", name="login")
    for label in ("Legal notice", "Privacy policy", "Accessibility statement"):
        follow(page, page.get_by_role("contentinfo").get_by_role("link", name=t(label), exact=True), name=label)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_label(t("Which barrier did you meet?")).fill("Der Kontrast der Hinweise ist zu schwach.")
    follow(page, page.get_by_role("button", name=t("Send"), exact=True), name="feedback sent")
    expect(page.get_by_role("status").filter(has_text=t("Thank you. Your message has reached the platform "
                                                        "administration."))).to_be_visible()
    check_page(page, "statement after feedback")
