"""Journey d: a network coordinator filters the member municipalities (htmx swaps the
table and pushes the URL, without reloading the page) and opens a municipality."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from .support import check_page, follow, login, path_of, visit

COORDINATOR = "koordination@demo.weltoffen.de"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_coordinator_filters_the_municipalities_of_the_network(page, site):
    t = site.t
    login(page, site, COORDINATOR)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Network"), exact=True))
    assert path_of(page).startswith("/networks/")
    overview_path = path_of(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Weltoffene Kommune")

    table = page.locator("#municipality-table")
    rows = table.locator("tbody tr")
    all_rows = rows.count()
    assert all_rows > 2, f"the demo network should list its municipalities, got {all_rows} rows"
    expect(table.get_by_role("link", name="Iserlohn", exact=True)).to_be_visible()

    documents = []
    page.on(
        "request",
        lambda r: documents.append(r.url) if r.is_navigation_request() else None,
    )
    page.evaluate("window.__e2eSamePage = true")
    partials = []
    page.on(
        "response", lambda r: partials.append(r) if r.request.headers.get("hx-request") else None
    )

    page.get_by_role("searchbox", name=t("Name or AGS")).press_sequentially("Boch")
    expect(rows).to_have_count(1)
    expect(table.get_by_role("link", name="Bochum", exact=True)).to_be_visible()
    expect(table.get_by_role("link", name="Iserlohn", exact=True)).to_have_count(0)
    page.wait_for_url(
        lambda url: urlsplit(url).path == overview_path and query_of(url).get("q") == ["Boch"]
    )

    assert page.evaluate("window.__e2eSamePage") is True, "the page was reloaded"
    assert documents == [], f"filtering loaded whole documents: {documents}"
    assert partials and all(r.status == 200 for r in partials)
    expect(page.locator("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    check_page(page, f"{overview_path} filtered")

    # The pushed address shows the same result when opened afresh.
    visit(page, path_of(page))
    expect(rows).to_have_count(1)
    expect(page.get_by_role("searchbox", name=t("Name or AGS"))).to_have_value("Boch")

    follow(page, table.get_by_role("link", name="Bochum", exact=True))
    assert path_of(page).startswith("/municipalities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bochum")
    expect(page.locator("#team")).to_contain_text("Ben Leitung")
