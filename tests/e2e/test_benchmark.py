"""Peer comparison: the lead of Iserlohn opens the comparison of the closed 2025
round from the result page, sees the groups shown (with the reason where one falls
back to the network), and opts in to share named results and out again."""

from playwright.sync_api import expect

from .support import expect_flash, follow, login, visit

LEAD = "leitung.iserlohn@demo.weltoffen.de"


def test_lead_compares_with_peers_and_toggles_sharing(page, site):
    t = site.t
    login(page, site, LEAD)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name="Selbstcheck 2025", exact=True))
    follow(page, page.get_by_role("link", name=t("Compare with peers"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Peer comparison"))
    table = page.get_by_role("table", name=t("Your scores and those of your peer groups"))
    expect(table.get_by_role("columnheader").first).to_have_text(t("Field of action"))
    expect(table.get_by_role("columnheader", name="Iserlohn")).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(1 + 9 + 1)  # heading, 9 fields of action, overall

    follow(page, page.get_by_role("button", name=t("Share our named results")))
    expect_flash(page, t("%(name)s now shares its named results with the network.", name="Iserlohn"))
    follow(page, page.get_by_role("button", name=t("Stop sharing")))
    expect_flash(page, t("%(name)s no longer shares its named results.", name="Iserlohn"))
