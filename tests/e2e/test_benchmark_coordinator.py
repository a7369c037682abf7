"""The coordinator's comparison of all municipalities: filter by peer group and sort
without a page reload (htmx), and the exports."""

import re

from playwright.sync_api import expect

from .support import assert_same_document, follow, login, mark_document, visit

COORDINATOR = "koordination@demo.weltoffen.de"


def test_coordinator_filters_and_sorts_the_heatmap(page, site):
    t = site.t
    login(page, site, COORDINATOR)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name=t("Rounds and participation")))
    follow(page, page.get_by_role("link", name="Selbstcheck 2025", exact=True))
    follow(page, page.get_by_role("link", name=t("Comparison of all municipalities")))
    table = page.get_by_role("table", name=t("Scores of every municipality"))
    rows_before = table.get_by_role("row").count()
    assert rows_before > 20
    mark_document(page)
    page.get_by_label(t("Peer group")).select_option("state:05")
    expect(table.get_by_role("row")).not_to_have_count(rows_before)
    expect(page).to_have_url(re.compile(r"[?&]group=state"))  # pushed by htmx, not reloaded
    expect(table.get_by_role("rowheader", name="Bochum")).to_have_count(1)
    expect(table.get_by_role("rowheader", name="München")).to_have_count(0)
    table.get_by_role("link", name=t("Overall")).click()
    expect(table.get_by_role("link", name=t("Overall"))).to_have_attribute("aria-current", "true")
    assert_same_document(page)
    xlsx = page.request.get(page.get_by_role("link", name=t("Export as Excel (XLSX)")).get_attribute("href"))
    assert xlsx.status == 200 and xlsx.body()[:2] == b"PK"
