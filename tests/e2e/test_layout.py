"""The layout in the browser: the folded menu on a phone (keyboard only, and without
JavaScript), the incident statistics at 320 and 1,280 px, the help panel first on the
incident form, the same focus ring on the skip link and the brand link as on KERN's own
links, and printed result pages without banner, navigation, footer and buttons.

check_page (support.py) checks every page for sideways scrolling at 320 and 1,280 px;
the tests here look at the pages the review found cut off."""

import re

import pytest
from playwright.sync_api import Page, expect

from .support import check_page, follow, login, open_menu, visit

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
LEAD = "leitung.iserlohn@demo.weltoffen.de"
MEMBER = "team.bochum@demo.weltoffen.de"
OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"


def _toggle(page: Page, site):
    return page.get_by_role("button", name=site.t("Menu"), exact=True)


def _nav(page: Page, site):
    return page.get_by_role("navigation", name=site.t("Main navigation"))


def test_phone_menu_is_folded_and_works_with_the_keyboard(open_page, site):
    t = site.t
    with open_page(**PHONE) as page:
        login(page, site, LEAD)
        toggle, nav = _toggle(page, site), _nav(page, site)
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(toggle).to_have_attribute("aria-controls", "site-menu")
        expect(nav).to_be_hidden()
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 160, f"the folded header takes {header['height']} of 844 px"

        # keyboard only: skip link, brand, the menu button
        page.keyboard.press("Tab")
        expect(page.get_by_role("link", name=t("Skip to content"))).to_be_focused()
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(toggle).to_be_focused()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        check_page(page, "start page, menu open")
        page.keyboard.press("Tab")
        expect(nav.get_by_role("link", name=t("Start"), exact=True)).to_be_focused()
        page.keyboard.press("Escape")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(nav).to_be_hidden()
        expect(toggle).to_be_focused()
        page.keyboard.press("Space")
        expect(nav).to_be_visible()
        page.keyboard.press("Space")  # the second press folds it again
        expect(nav).to_be_hidden()
        expect(toggle).to_have_attribute("aria-expanded", "false")

        # a tap opens it, and a link in it leads on
        toggle.click()
        follow(page, nav.get_by_role("link", name=t("Self-check"), exact=True))
        expect(_nav(page, site)).to_be_hidden()  # folded again on the new page

        # on a wide screen there is no button, the navigation is shown
        page.set_viewport_size({"width": 1280, "height": 900})
        expect(toggle).to_be_hidden()
        expect(_nav(page, site)).to_be_visible()


def test_phone_menu_without_javascript_is_open(page, site):
    """As sent, before menu.js runs: the button is hidden and the menu not foldable."""
    html = page.request.get("/auth/login").text()
    button = re.search(r"<button[^>]*data-menu-toggle[^>]*>", html).group(0)
    assert " hidden" in button and 'aria-controls="site-menu"' in button, button
    assert '<div class="site-menu" id="site-menu">' in html


@pytest.fixture(scope="module")
def demo_incidents(site):
    """The demo's recorded incidents (as `flask demo` loads them), released (idempotent)."""
    from weltoffen.extensions import db
    from weltoffen.incidents import demo_statistics
    from weltoffen.network.demo import load_network

    with site.app.app_context():
        demo_statistics.load(load_network())
        db.session.commit()


def _document_width(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")


def _expect_chart_or_sentence(page: Page, site, heading: str):
    """A section's chart is shown unless every count of its table is hidden; then a sentence is."""
    t = site.t
    section = page.get_by_role("region", name=heading, exact=True)
    table = section.get_by_role("table")
    cells = table.locator("tbody tr:not(.statistics-total) td")
    expect(cells.first).to_be_visible()
    every = cells.filter(has_text=t("not shown")).count() == cells.count()
    if every:
        expect(section.locator("img")).to_have_count(0)
        expect(section.get_by_text(t("No chart: every count of it is hidden to protect the people affected "
                                     "(see the note below the tables)."))).to_be_visible()
    else:
        expect(section.locator("figure.chart img")).to_have_count(1)
    return every


@pytest.mark.parametrize("width", [320, 1280])
def test_statistics_page_fits_the_window(open_page, site, demo_incidents, width):
    t = site.t
    with open_page(viewport={"width": width, "height": 900}) as page:
        login(page, site, MEMBER)
        visit(page, "/forum/")
        open_menu(page)
        link = t("Statistics of hostility toward officials in the network (anonymous)")
        follow(page, page.get_by_role("link", name=link))
        scroll, client = _document_width(page)
        assert scroll <= client, f"the statistics page is {scroll} px wide in a {client} px window"
        shown = set()
        for granularity in ("quarter", "half", "year"):
            page.get_by_label(t("Periods")).select_option(granularity)
            expect(page).to_have_url(re.compile(f"granularity={granularity}"))
            shown.add(_expect_chart_or_sentence(page, site, t("Incidents per period")))
            check_page(page, f"statistics by {granularity} at {width} px")
        # every table is whole: inside the window, or inside a region that scrolls
        for region in page.locator(".table-scroll").all():
            expect(region).to_have_attribute("tabindex", "0")
            expect(region).to_have_attribute("role", "region")
            box = region.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= client + 0.5, box


def test_help_panel_comes_before_the_incident_form(open_page, site):
    t = site.t
    with open_page(**PHONE) as page:
        login(page, site, OFFICIAL)
        visit(page, "/incidents/new", name="report form")
        police = page.get_by_role("link", name="110", exact=True)
        first_field = page.locator("form.incident-form").locator("input:not([type=hidden]), select, textarea").first
        assert police.evaluate(
            "(a, field) => !!(a.compareDocumentPosition(field) & Node.DOCUMENT_POSITION_FOLLOWING)",
            first_field.element_handle(),
        ), "the help panel comes after the form's first field"
        # on the phone it is on the first screen
        box = police.bounding_box()
        assert box["y"] + box["height"] <= 844, f"the 110 link is at {box['y']} px"
        # and in the tab order before the first field
        for _ in range(30):
            page.keyboard.press("Tab")
            focused = page.evaluate("document.activeElement.getAttribute('href') || document.activeElement.id")
            if focused == "tel:110":
                break
            assert focused != first_field.get_attribute("id"), "the first field is reached before the 110 link"
        else:
            pytest.fail("the 110 link is not reached with the Tab key")
        expect(page.get_by_role("heading", level=1)).to_have_text(t("Report an incident"))


def _outline(page: Page) -> str:
    return page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineOffset}`; }"
    )


def test_skip_link_and_brand_have_kerns_focus_ring(page, site):
    t = site.t
    visit(page, "/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name=t("Skip to content"))).to_be_focused()
    ring = _outline(page)
    page.keyboard.press("Tab")
    expect(page.locator(".site-brand")).to_be_focused()
    assert _outline(page) == ring == "solid 4px 2px", ring
    # the same as KERN's own on its buttons and links (here the language button)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="English", exact=True)).to_be_focused()
    assert _outline(page) == ring


def test_date_picker_button_has_the_fields_focus_ring(page, site):
    login(page, site, OFFICIAL)
    visit(page, "/incidents/new", name="report form")
    date = page.locator("#date")
    date.focus()
    ring = _outline(page)
    assert ring.startswith("solid 4px"), ring
    for _ in range(5):
        page.keyboard.press("Tab")
        if date.evaluate("d => document.activeElement === d && !d.matches(':focus')"):
            break  # the focus is on the picker button inside the field
    else:
        pytest.fail("the date field's picker button is not reached with the Tab key")
    assert _outline(page) == ring


def _expect_printed_without_chrome(page: Page, site, what: str):
    page.emulate_media(media="print")
    try:
        for locator in (page.locator(".site-header"), page.locator(".demo-banner"),
                        page.get_by_role("navigation", name=site.t("Main navigation")),
                        page.locator(".site-footer")):
            expect(locator).to_be_hidden()
        visible_buttons = page.locator("button:visible, .kern-btn:visible")
        expect(visible_buttons).to_have_count(0)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    finally:
        page.emulate_media(media="screen")
    expect(page.locator(".site-header")).to_be_visible()


def test_result_plan_and_comparison_print_without_banner_navigation_and_buttons(page, site):
    t = site.t
    login(page, site, LEAD)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name="Selbstcheck 2025", exact=True))
    assert re.fullmatch(r"/selfcheck/submissions/\d+/result", page.url.split(site.base_url)[1]), page.url
    _expect_printed_without_chrome(page, site, "result")
    result = page.url
    follow(page, page.get_by_role("link", name=t("Action plan"), exact=True))
    _expect_printed_without_chrome(page, site, "action plan")
    page.goto(result)
    follow(page, page.get_by_role("link", name=t("Compare with peers"), exact=True))
    _expect_printed_without_chrome(page, site, "peer comparison")
