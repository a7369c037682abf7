"""A chart whose every count is hidden (under K, or hidden with such a count) would be
empty: the statistics page says so in a sentence instead, and keeps the table."""

import re

from weltoffen.incidents import statistics_release

from .statistics_support import QUARTERS, TODAY, recorded

SENTENCE = "Kein Diagramm: Alle seine Zahlen sind zum Schutz der Betroffenen ausgeblendet"


def section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}".*?</section>', html, re.S).group(0)


def test_a_chart_without_a_single_shown_count_gives_way_to_a_sentence(client, login, make, db):
    network = make.network()
    towns = [make.municipality(network, population=p) for p in (3_000, 8_000, 12_000, 30_000, 60_000, 150_000)]
    official = make.user(municipality=towns[0], role="official")
    for quarter in QUARTERS:  # one incident a quarter: every quarter under K, the whole shown
        recorded(db, network, official, quarter, "insult", "social_media", 1, 1, n=1)
    statistics_release.refresh(network, TODAY)
    login(official)
    html = client.get(f"/incidents/networks/{network.id}/statistics?granularity=quarter&dimension=channel")
    html = html.get_data(as_text=True)

    periods = section(html, "stat-periods")
    assert SENTENCE in periods and "<img" not in periods
    assert periods.count("<tr") == len(QUARTERS) + 2  # the table stays: head, quarters, total
    # the chart of the channels has a shown count (all eight are one channel): it stays
    channels = section(html, "stat-categories")
    assert "<img" in channels and SENTENCE not in channels
