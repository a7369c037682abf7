"""The field of action about protecting officials on the result page shows the
network's released incident statistics for the municipality's size class, and
officials a link to their own log (selfcheck/incident_figures.py)."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from weltoffen.incidents import statistics_release
from weltoffen.selfcheck import services

from ..incidents.statistics_support import QUARTERS, TODAY, recorded
from .conftest import FULL, MINI, answer

PILLARS = Path(__file__).parent / "data" / "pillars.v1.yaml"


@pytest.fixture
def world(make, db):
    """Five small towns (under 5,000) and five of 30,000, the first of those with a
    team; incidents in both size bands, released."""

    class World:
        pass

    w = World()
    w.network = make.network()
    small = [make.municipality(w.network, population=3_000) for _ in range(5)]
    towns = [make.municipality(w.network, population=30_000) for _ in range(5)]
    w.town = towns[0]
    w.lead = make.user(municipality=w.town, role="lead")
    w.member = make.user(municipality=w.town, role="member")
    w.official = make.user(municipality=w.town, role="official")
    w.coordinator = make.user(network_role="coordinator", network=w.network)
    elsewhere = make.user(municipality=small[0], role="official")
    for quarter in QUARTERS:
        recorded(db, w.network, elsewhere, quarter, "insult", "email", 1, 0, n=2)
        recorded(db, w.network, w.official, quarter, "insult", "social_media", 1, 2, n=1)
    recorded(db, w.network, w.official, QUARTERS[-1], "threat", "letter", 3, 2, n=6)
    statistics_release.refresh(w.network, TODAY)
    w.questionnaire, _ = services.load_questionnaire(PILLARS)
    w.sub = _submitted(w, w.questionnaire)
    return w


def _submitted(w, questionnaire):
    round_ = services.open_round(
        w.coordinator, w.network, questionnaire, f"Runde {questionnaire.slug}",
        date.today() - timedelta(days=1), date.today() + timedelta(days=30), [w.town.id],
    )
    sub = round_.submissions[0]
    if questionnaire.slug == "mini":
        for key, value in FULL.items():
            answer(sub, w.lead, key, value)
    else:
        for dim in questionnaire.dimensions:
            for q in dim["questions"]:
                answer(sub, w.lead, q["key"], "yes" if q["type"] == "yes_partly_no" else "1")
    services.submit(sub, w.lead)
    return sub


def _page(client, login, user, sub) -> str:
    login(user)
    r = client.get(f"/selfcheck/submissions/{sub.id}/result")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def _section(html: str, key: str) -> str:
    start = html.index(f'<section id="dim-{key}"')
    return html[start:_end(html, start)]


def _end(html: str, start: int) -> int:
    """The end of a dimension section (sections nest one level: the incident block)."""
    nxt = html.find('<section id="dim-', start + 1)
    return nxt if nxt != -1 else len(html)


def _block(html: str) -> str:
    start = html.index('aria-labelledby="incident-figures-h"')
    return html[start:html.index("</section>", start)]


def _numbers(block: str) -> list[str]:
    """The count cells of the table (the first numeric cell is its column heading)."""
    return re.findall(r'kern-table__cell--numeric">([^<]*)<', block)[1:]


def test_the_block_shows_the_released_figures_of_the_size_band(client, login, world):
    pub = statistics_release.released(world.network).publication
    shown = pub.severity_by_size()
    band = next(str(i) for i, b in enumerate(pub.bands) if 2 in b)
    j = shown.table.cols.index(band)
    expected = [row[j] for row in shown.cells] + [shown.col_totals[j]]
    block = _block(_page(client, login, world.lead, world.sub))
    assert "über 5.000 Einwohner*innen" in block
    assert [int(v) if v.isdigit() else None for v in _numbers(block)] == expected
    assert shown.col_totals[j] == len(QUARTERS) + 6  # only the band of the town's size class
    assert "Noch keine Statistik freigegeben" not in block
    assert f"/incidents/networks/{world.network.id}/statistics" in block


def test_an_unreleased_new_incident_does_not_change_the_page(client, login, world, db):
    before = _block(_page(client, login, world.lead, world.sub))
    recorded(db, world.network, world.official, QUARTERS[-1], "threat", "letter", 3, 2, n=1)
    statistics_release.refresh(world.network, TODAY)  # one change: below K, no release
    assert statistics_release.released(world.network).pending == 1
    after = _block(_page(client, login, world.lead, world.sub))
    strip = re.compile(r'<p class="kern-body release-stand">.*?</p>', re.S)
    assert strip.sub("", before) == strip.sub("", after)
    assert _numbers(before) == _numbers(after)
    assert "1 Änderung wartet" in after or "1 change waits" in after


def test_officials_see_the_link_to_their_log_members_and_leads_do_not(client, login, world):
    for user, sees in ((world.official, True), (world.member, False), (world.lead, False),
                       (world.coordinator, False)):
        block = _block(_page(client, login, user, world.sub))
        assert ('href="/incidents/"' in block) is sees, user
        assert "Beleidigung" not in block  # never the content of an incident


def test_the_other_fields_of_action_are_unchanged(client, login, world, db, make):
    html = _page(client, login, world.official, world.sub)
    assert html.count('id="incident-figures-h"') == 1
    assert 'id="incident-figures-h"' in _section(html, "protecting_officials")
    for key in ("management", "participation_dialogue"):
        section = _section(html, key)
        assert "incident-figures" not in section and "/incidents/" not in section
    mini, _ = services.load_questionnaire(MINI)
    other = _submitted(world, mini)
    assert "incident-figures" not in _page(client, login, world.official, other)


def test_before_the_first_release_the_page_says_so(client, login, make, db):
    network = make.network()
    town = make.municipality(network, population=30_000)
    lead = make.user(municipality=town, role="lead")

    class W:
        pass

    w = W()
    w.network, w.town, w.lead = network, town, lead
    w.coordinator = make.user(network_role="coordinator", network=network)
    questionnaire, _ = services.load_questionnaire(PILLARS)
    sub = _submitted(w, questionnaire)
    block = _block(_page(client, login, lead, sub))
    assert "Noch keine Statistik freigegeben" in block
    assert "kern-table" not in block
