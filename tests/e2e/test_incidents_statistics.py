"""The network's anonymous incident statistics in the browser: a member and a
coordinator open the page from the forum and the network overview, switch the
periods and the breakdown without a page reload (htmx), and see the same figures."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from weltoffen.incidents import statistics

from .support import assert_same_document, follow, login, logout, mark_document, path_of, visit

MEMBER = "team.bochum@demo.weltoffen.de"
LINK = "Statistics of hostility toward officials in the network (anonymous)"
COORDINATOR = "koordination@demo.weltoffen.de"


@pytest.fixture(scope="module", autouse=True)
def demo_incidents(site):
    """The demo's recorded incidents (as `flask demo` loads them), released."""
    from weltoffen.extensions import db
    from weltoffen.incidents import demo_statistics
    from weltoffen.network.demo import load_network

    with site.app.app_context():
        demo_statistics.load(load_network())
        db.session.commit()


def _switch_and_read(page, t) -> list[str]:
    heading = page.get_by_role("heading", name=t("Hostility toward officials: statistics of the network"))
    expect(heading).to_be_visible()
    periods = page.get_by_role("table", name=t("Incidents per period"))
    mark_document(page)
    page.get_by_label(t("Periods")).select_option("quarter")
    expect(periods.get_by_role("rowheader")).to_have_count(9)  # eight quarters and the total
    expect(page).to_have_url(re.compile("granularity=quarter"))
    page.get_by_label(t("Periods")).select_option("year")
    years = statistics.periods(statistics.closed_quarters(date.today()), "year")
    expect(periods.get_by_role("rowheader")).to_have_count(len(years) + 1)
    page.get_by_label(t("Broken down by")).select_option("channel")
    channels = page.get_by_role("table", name=t("Incidents by %(dimension)s", dimension=t("Channel")))
    expect(channels).to_be_visible()
    assert_same_document(page)
    footnote = t("Not shown: fewer than %(k)s cases, or hidden together with such a count so that it cannot be "
                 "worked out from the totals – to protect the people affected.", k=5)
    expect(page.get_by_text(footnote)).to_be_visible()
    for img in page.locator("figure.chart img").all():
        response = page.request.get(img.get_attribute("src"))
        assert response.status == 200 and b"<title>" in response.body()
    return channels.inner_text().split()


def test_member_and_coordinator_see_the_same_statistics(page, site):
    t = site.t
    login(page, site, MEMBER)
    visit(page, "/forum/")
    follow(page, page.get_by_role("link", name=t(LINK)))
    seen_by_member = _switch_and_read(page, t)
    visit(page, path_of(page), name="statistics after htmx")  # the pushed URL works without JS too
    expect(page.get_by_label(t("Periods"))).to_have_value("year")
    logout(page, site)

    login(page, site, COORDINATOR)
    visit(page, "/")
    follow(page, page.get_by_role("link", name=t("Network"), exact=True))
    follow(page, page.get_by_role("link", name=t(LINK)))
    assert _switch_and_read(page, t) == seen_by_member
