"""The statistics as released figures: the rules of the release - K changes, closed
quarters only, the page's "As of" line, the cron command (the reproduction of the
time-differencing hole is in test_statistics_regression.py)."""

from datetime import date

from weltoffen.incidents import statistics, statistics_release

from .statistics_support import QUARTERS, TODAY, network_with_incidents, recorded


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
    year, q = int(running[:4]), int(running[-1])
    next_quarter = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 5)
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
