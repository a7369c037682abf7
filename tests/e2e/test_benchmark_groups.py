"""A coordinator defines a named peer group and adds municipalities by pasting AGS."""

import re

from playwright.sync_api import expect

from .support import expect_flash, follow, login, visit

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
