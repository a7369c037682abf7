"""The statistics as released figures: the reproduction of the time-differencing hole
(a member reads all 16 views, an official records one incident, the member reads
again) and the rules of the release - K changes, closed quarters only, the page's
"As of" line."""

import re
from datetime import date

import pytest

from weltoffen.incidents import statistics, statistics_release

from .statistics_support import QUARTERS, TODAY, network_with_incidents, recorded

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


def _report(client, day: date, form="physical_hitting", channel="in_person", severity="4", token="t"):
    data = {"date": day.isoformat(), "form": form, "channel": channel, "severity": severity,
            "description": "Angriff nach der Bürgersprechstunde", "action": "save", "form_token": token}
    assert client.post("/incidents/new", data=data).status_code == 302


@pytest.fixture
def world(make, db):
    network, towns, official = network_with_incidents(make, db)
    member = make.user(municipality=towns[1], role="member")
    return network, towns, official, member


def test_one_recorded_incident_changes_none_of_the_16_views(client, login, world, app):
    """Before the change, 118 shown counts rose by exactly one after one incident."""
    network, _towns, official, member = world
    app.config["BENCHMARK_K"] = 5
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


def test_the_waiting_count_and_the_date_of_the_release_are_shown(client, login, world, db):
    network, _towns, official, member = world
    release = statistics_release.released(network)
    assert release.n == 37 and release.pending == 0 and release.taken_at is not None
    recorded(db, network, official, QUARTERS[2], n=2)
    statistics_release.refresh(network, TODAY)
    login(member)
    page = client.get(f"/incidents/networks/{network.id}/statistics").get_data(as_text=True)
    assert "Stand:" in page and "37 erfasste Vorfälle" in page and "2 Änderungen warten" in page


def test_the_running_quarter_is_never_counted(make, db):
    network, _towns, official = network_with_incidents(make, db)
    running = statistics.quarters_until(TODAY, 1)[0]
    assert running not in QUARTERS
    recorded(db, network, official, running, n=10)
    after = statistics_release.refresh(network, TODAY)
    assert after.pending == 0 and statistics_release.released(network).n == 37
    assert running not in statistics_release.released(network).publication.quarters
    # once that quarter has closed, its ten incidents are released together
    next_quarter = date(int(running[:4]) + (running[-1] == "4"), 1 if running[-1] == "4" else 3 * int(running[-1]) + 1, 5)
    later = statistics_release.refresh(network, next_quarter)
    assert running in statistics_release.released(network).publication.quarters
    assert later.n == 37 + 10 - _left_out(db, network, next_quarter) and later.pending == 0


def _left_out(db, network, day: date) -> int:
    """Incidents of the fixture in the quarter that left the window on `day`."""
    from sqlalchemy import func, select

    from weltoffen.incidents.models import Incident

    window = statistics.closed_quarters(day)
    return db.session.scalar(
        select(func.count()).select_from(Incident).where(
            Incident.network_id == network.id, Incident.quarter.in_(QUARTERS), Incident.quarter.not_in(window)
        )
    )


def test_fewer_than_k_incidents_show_no_figures_and_say_why(client, login, make, db):
    network = make.network()
    town = make.municipality(network)
    official = make.user(municipality=town, role="official")
    recorded(db, network, official, QUARTERS[0], n=4)
    statistics_release.refresh(network, TODAY)
    login(make.user(municipality=town, role="member"))
    r = client.get(f"/incidents/networks/{network.id}/statistics")
    assert r.status_code == 200
    text = r.get_data(as_text=True)
    assert "Noch keine Statistik freigegeben" in text and "4 Änderungen warten" in text
    assert client.get(f"/incidents/networks/{network.id}/statistics/charts/periods.svg").status_code == 404
    assert client.get(f"/incidents/networks/{network.id}/statistics?granularity=evil").status_code == 400


def test_flask_incidents_release_takes_the_release_a_closed_quarter_allows(app, make, db):
    network = make.network()
    official = make.user(municipality=make.municipality(network), role="official")
    recorded(db, network, official, QUARTERS[-1], n=6)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["incidents", "release"])
    assert result.exit_code == 0 and "1 network statistics released anew." in result.output
    assert statistics_release.released(network).n == 6
    again = app.test_cli_runner().invoke(args=["incidents", "release"])
    assert "0 network statistics released anew." in again.output
