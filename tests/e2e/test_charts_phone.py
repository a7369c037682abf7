"""Charts on a phone: on a 390 × 844 screen the result page loads the narrow drawing of
its chart (`size=narrow`, picked by <picture>), 360 px wide, with the image's alt text
(its accessible name) unchanged and the data table below it; a desktop screen loads
the default drawing. axe on every page (follow/visit → check_page)."""

from playwright.sync_api import expect

from .support import check_page, expect_image_loaded, follow, login, visit

LEAD = "leitung.iserlohn@demo.weltoffen.de"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def _open_result(page, site) -> None:
    login(page, site, LEAD)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name="Selbstcheck 2025", exact=True), name="result")


def _chart(page, site) -> dict:
    t = site.t
    alt = t("Bar chart of the scores per field of action; the same figures are in the table below.")
    image = page.get_by_role("img", name=alt, exact=True)
    expect(image).to_be_visible()
    assert image.evaluate("img => img.parentElement.tagName") == "PICTURE"
    natural = expect_image_loaded(image)
    table = page.get_by_role("table", name=t("Scores per field of action"))
    expect(table).to_be_visible()
    check_page(page, "result with its chart loaded")
    return {"src": image.evaluate("img => img.currentSrc"), "natural": natural,
            "shown": image.evaluate("img => img.getBoundingClientRect().width")}


def test_a_phone_loads_the_narrow_chart(open_page, site):
    with open_page(**PHONE) as page:
        _open_result(page, site)
        chart = _chart(page, site)
        assert "size=narrow" in chart["src"], chart
        assert chart["natural"] == 360 and chart["shown"] <= 390, chart
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page is wider than the phone"


def test_a_desktop_loads_the_default_chart(page, site):
    _open_result(page, site)
    chart = _chart(page, site)
    assert "size=" not in chart["src"] and chart["natural"] == 768, chart
