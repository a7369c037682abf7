"""Journey g: an unknown address and a forbidden page show the error page (and pass axe)."""

from playwright.sync_api import expect

from .support import follow, login, path_of, visit

LEAD = "leitung.bochum@demo.weltoffen.de"


def test_not_found_and_forbidden_pages(page, site):
    t = site.t
    heading = page.get_by_role("heading", level=1)

    visit(page, "/gibt-es-nicht", status=404)
    expect(heading).to_have_text(t("Page not found"))
    expect(page).to_have_title(f"{t('Page not found')} · weltoffen")
    follow(page, page.get_by_role("link", name=t("Back to the start page"), exact=True))
    assert path_of(page) == "/"

    login(page, site, LEAD)
    visit(page, "/admin/", status=403)
    expect(heading).to_have_text(t("Access denied"))
    expect(page.get_by_role("main")).to_contain_text(
        t(
            "You do not have permission for this page or action. If you think you should, "
            "ask your municipal lead or the network coordination."
        )
    )
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    expect(nav.get_by_role("link", name=t("Administration"))).to_have_count(0)

    visit(page, "/municipalities/999999", status=404)
    expect(heading).to_have_text(t("Page not found"))
