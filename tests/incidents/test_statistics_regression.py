"""The reproduction of the time-differencing hole in the incident statistics: a member
reads all 16 views of the network statistics, an official records one incident, the
member reads again. Before released figures, 118 shown counts rose by exactly one,
which told that one incident's type, form and channel. This file uses only what the
code before the change had too, so it can be run against it (it fails there)."""

import re
from datetime import date

from weltoffen.incidents import statistics

from .statistics_support import QUARTERS

VIEWS = [(g, d) for g in ("auto", *statistics.GRANULARITIES) for d in statistics.DIMENSIONS]
STAND = re.compile(r'<p class="kern-body release-stand">(.*?)</p>', re.S)


def _figures(page: str) -> str:
    """What the page shows of the statistics (tables, chart addresses) without its
    "As of" line, which counts the waiting changes."""
    body = page[page.index('id="statistics-body"'):page.index("</main>")]
    return STAND.sub("", body)


def _stand(page: str) -> str:
    return " ".join(STAND.search(page).group(1).split())


def _read_all(client, network) -> dict:
    pages = {}
    for granularity, dimension in VIEWS:
        r = client.get(f"/incidents/networks/{network.id}/statistics?granularity={granularity}&dimension={dimension}")
        assert r.status_code == 200
        pages[(granularity, dimension)] = r.get_data(as_text=True)
    return pages


def _report(client, day: date, form="physical_hitting", channel="in_person", severity="4", token="t"):  # noqa: S107
    data = {"date": day.isoformat(), "form": form, "channel": channel, "severity": severity,
            "description": "Angriff nach der Bürgersprechstunde", "action": "save", "form_token": token}
    assert client.post("/incidents/new", data=data).status_code == 302


def test_one_recorded_incident_changes_none_of_the_16_views(client, login, world, app):
    """Before the change, 118 shown counts rose by exactly one after one incident."""
    network, _towns, official, member = world
    assert statistics.k_value() == 5
    login(member)
    before = _read_all(client, network)
    assert len(before) == 16
    login(official)
    closed_day = date.fromisoformat(f"{QUARTERS[-1][:4]}-{3 * int(QUARTERS[-1][-1]) - 2:02d}-10")
    _report(client, closed_day)
    login(member)
    once = _read_all(client, network)
    assert {k: _figures(v) for k, v in once.items()} == {k: _figures(v) for k, v in before.items()}
    assert all("1 Änderung wartet auf die nächste Freigabe" in _stand(page) for page in once.values())
    # up to K-1 = 4 recorded incidents wait
    login(official)
    for i in range(3):
        _report(client, closed_day, token=f"t{i}")
    login(member)
    four = _read_all(client, network)
    assert {k: _figures(v) for k, v in four.items()} == {k: _figures(v) for k, v in before.items()}
    assert all("4 Änderungen warten" in _stand(page) for page in four.values())
    # the K-th is released with the four before it: the figures move by five at once
    login(official)
    _report(client, closed_day, token="t5")
    login(member)
    released = _read_all(client, network)
    assert all(_figures(released[key]) != _figures(before[key]) for key in before)
    assert all("keine Änderung wartet" in _stand(page) for page in released.values())


