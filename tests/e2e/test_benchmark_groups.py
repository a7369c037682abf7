"""A coordinator defines a named peer group and adds municipalities by pasting AGS, or
by searching them by name with the keyboard (the combobox of name_search.js)."""

import re

from playwright.sync_api import expect

from .support import check_page, expect_flash, follow, login, path_of, visit

COORDINATOR = "koordination@demo.weltoffen.de"


def _state_ags(site, state: str) -> list[str]:
    from sqlalchemy import select

    from weltoffen.extensions import db
    from weltoffen.network.demo import DEMO_SLUG
    from weltoffen.network.models import Municipality, Network

    with site.app.app_context():
        try:
            return list(db.session.scalars(
                select(Municipality.ags).join(Network).where(Network.slug == DEMO_SLUG, Municipality.state == state)
                .order_by(Municipality.ags)))
        finally:
            db.session.remove()


def test_coordinator_defines_a_named_group(page, site):
    t = site.t
    login(page, site, COORDINATOR)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name=t("Rounds and participation")))
    follow(page, page.get_by_role("link", name=t("Named peer groups")))
    page.get_by_label(t("Name"), exact=True).fill("Ruhrgebiet")
    follow(page, page.get_by_role("button", name=t("Create group")))
    # the network's NRW municipalities but one: one away from "Nordrhein-Westfalen", too
    # close to be shown beside it - refused with that group's name, the text kept (read
    # now: other journeys add NRW municipalities to the demo network)
    nrw = _state_ags(site, "05")
    field = page.get_by_label(t("Official municipality keys (AGS)"))
    field.fill("\n".join(nrw[1:]))
    follow(page, page.get_by_role("button", name=t("Add"), exact=True), status=400, name="group too close")
    expect(page.get_by_text(re.compile("Nordrhein-Westfalen"))).to_be_visible()
    expect(field).to_contain_text(nrw[-1])
    expect(page.get_by_role("heading", name="0 Kommunen")).to_be_visible()
    pasted = "14612000\n14713000, 16051000\n15002000 13003000\n99999999"
    field.fill(pasted)
    follow(page, page.get_by_role("button", name=t("Add"), exact=True))
    expect_flash(page, t("%(n)d municipalities added.", n=5))
    # the key that is not in the network is named, and the pasted text stays in the field
    expect(page.get_by_text(t("Not in this network: %(list)s", list="99999999"))).to_be_visible()
    expect(page.get_by_label(t("Official municipality keys (AGS)"))).to_contain_text("99999999")
    expect(page.get_by_role("heading", name="5 Kommunen")).to_be_visible()


def _new_group(page, site, name: str) -> None:
    t = site.t
    login(page, site, COORDINATOR)
    visit(page, "/selfcheck/")
    follow(page, page.get_by_role("link", name=t("Rounds and participation")))
    follow(page, page.get_by_role("link", name=t("Named peer groups")))
    page.get_by_label(t("Name"), exact=True).fill(name)
    follow(page, page.get_by_role("button", name=t("Create group")))


def test_coordinator_adds_a_municipality_by_name_with_the_keyboard(page, site):
    t = site.t
    _new_group(page, site, "Am Main")
    group_path = path_of(page)
    box = page.get_by_role("combobox", name=t("Search by name"))
    listbox = page.get_by_role("listbox", name=t("Municipalities found"))
    status = page.locator("#name-search-status")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.focus()
    page.keyboard.type("am mai")
    # the options arrive as one types, and the live region tells how many
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(options.nth(0)).to_contain_text("Frankfurt am Main")
    expect(options.nth(0)).to_contain_text("Hessen")
    expect(options.nth(0)).to_contain_text("06412000")
    expect(status).to_have_text("2 Treffer")
    # Escape closes the list, the arrow keys open it again and move the active option
    page.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("am mai")
    page.keyboard.press("ArrowDown")
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # past the last one: back to the first
    page.keyboard.press("ArrowUp")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("ArrowUp")
    expect(options.nth(0)).to_have_attribute("aria-selected", "true")
    expect(options.nth(1)).to_have_attribute("aria-selected", "false")
    active = options.nth(0).get_attribute("id")
    expect(box).to_have_attribute("aria-activedescendant", active)
    expect(box).to_be_focused()
    check_page(page, "group page with the name search open")
    # Enter adds the active option's municipality; back on the page, the search has the focus
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert path_of(page) == group_path
    check_page(page, "group page after adding by name")
    expect_flash(page, t("%(n)d municipalities added.", n=1))
    expect(page.get_by_role("heading", name="1 Kommune")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Frankfurt am Main (06412000)")).to_be_visible()
    expect(box).to_be_focused()
    # a member is not offered again
    page.keyboard.type("am mai")
    expect(options).to_have_count(1)
    expect(options.nth(0)).to_contain_text("Offenbach am Main")
    expect(status).to_have_text("1 Treffer")
