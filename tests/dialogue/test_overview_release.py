"""The coordinators' overview shows unpublished processes only from released figures
(network_release.py): nothing before K municipalities have drafts, the same figures
for a coordinator who looks before and after one municipality changes something, a
new release once K have changed, cells under the K rule inside a release, and the
evaluation after a team's change through the web and by `flask dialogue release`."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from weltoffen.dialogue import network_figures, network_release
from weltoffen.dialogue.accountability_models import Recommendation
from weltoffen.dialogue.models import DialogueProcess
from weltoffen.platform.release_models import FigureRelease

K = 3
TODAY = date.today()
GOOD = {"title": "Bürgerrat Verkehr", "format_key": "round_table", "status": "planned",
        "threshold_percent": "80", "response_months": "3", "contact_id": ""}


@pytest.fixture
def net(make, app, monkeypatch):
    monkeypatch.setitem(app.config, "BENCHMARK_K", K)
    network = make.network()
    towns = [make.municipality(network) for _ in range(6)]
    leads = [make.user(municipality=t, role="lead") for t in towns]
    coordinator = make.user(network_role="coordinator", network=network)
    return network, towns, leads, coordinator


def _draft(db, town, slug, fmt="planning_cell", recommendations=0):
    process = DialogueProcess(municipality_id=town.id, slug=slug, title=f"Entwurf {slug}", format_key=fmt,
                              status="planned")
    db.session.add(process)
    db.session.flush()
    for n in range(recommendations):
        db.session.add(Recommendation(process_id=process.id, number=n + 1, title=f"Empfehlung {n + 1}",
                                      votes_for=30, votes_against=5, votes_abstain=5,
                                      voted_on=TODAY - timedelta(days=200), due_on=TODAY - timedelta(days=10)))
    db.session.flush()
    return process


def _section(html: str) -> str:
    """The unpublished section of the overview page."""
    return html.split('id="unpublished-heading"')[1].split('id="flagged-heading"')[0]


def _overview(client, login, coordinator, network) -> str:
    login(coordinator)
    r = client.get(f"/dialogue/networks/{network.id}/overview")
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_nothing_is_shown_before_k_municipalities_have_drafts(net, db, client, login):
    network, towns, _leads, coordinator = net
    for i in range(K - 1):
        _draft(db, towns[i], f"e{i}")
    released = network_release.refresh(network.id)
    assert not released.shown
    result = network_figures.overview(network)
    assert result.unpublished == {} and result.formats == []  # not even the format is named
    html = _overview(client, login, coordinator, network)
    assert "Noch keine Zahlen freigegeben" in html or "No figures have been released" in html
    assert "Planungszelle" not in html


def test_two_looks_around_one_change_show_the_same_figures(net, db, client, login):
    network, towns, _leads, coordinator = net
    for i in range(K):
        _draft(db, towns[i], f"e{i}")
    network_release.refresh(network.id)
    db.session.commit()
    first = _overview(client, login, coordinator, network)
    assert network_figures.overview(network).unpublished["processes"].value == K

    _draft(db, towns[K], "neu")  # one more municipality records a draft
    network_release.refresh(network.id)
    db.session.commit()
    second = _overview(client, login, coordinator, network)
    strip = re.compile(r"<p class=\"kern-body\">Freigegeben am.*?</p>|<p class=\"kern-body\">As released.*?</p>", re.S)
    assert strip.sub("", _section(first)) == strip.sub("", _section(second))
    assert network_figures.overview(network).pending == 1

    for i in (K + 1, K + 2):  # K municipalities differ from the shown release now
        _draft(db, towns[i], f"neu{i}")
    network_release.refresh(network.id)
    db.session.commit()
    result = network_figures.overview(network)
    assert result.unpublished["processes"].value == K + 3 and result.pending == 0


def test_cells_with_fewer_than_k_contributors_are_suppressed_in_the_release(net, db):
    network, towns, _leads, _c = net
    for i in range(K):
        _draft(db, towns[i], f"e{i}", recommendations=4 if i == 0 else 0)
    _draft(db, towns[0], "zweiter", fmt="youth_forum")
    network_release.refresh(network.id)
    result = network_figures.overview(network)
    cells = result.unpublished
    assert cells["municipalities"].value == K and cells["processes"].value == K + 1
    assert cells["recommendations"].suppressed and cells["overdue"].suppressed  # one municipality only
    formats = {key: cell for key, _p, _m, cell in result.formats}
    assert formats["planning_cell"].value == K and formats["youth_forum"].suppressed
    stored = db.session.scalars(select(FigureRelease.figures).where(FigureRelease.shown.is_(True))).all()
    assert all(f["cells"]["recommendations"][0] is None for f in stored)  # never stored, not just hidden


def test_a_change_through_the_team_pages_is_evaluated(net, db, client, login):
    network, towns, leads, _c = net
    for i in range(K - 1):
        _draft(db, towns[i], f"e{i}")
    db.session.commit()
    login(leads[K - 1])
    r = client.post(f"/dialogue/municipalities/{towns[K - 1].id}/processes/new", data=GOOD)
    assert r.status_code == 302
    released = network_release.released(network.id)
    assert released.shown and released.cells["municipalities"].value == K


def test_a_refused_change_evaluates_nothing(net, db, client, login):
    network, towns, leads, _c = net
    for i in range(K - 1):
        _draft(db, towns[i], f"e{i}")
    db.session.commit()
    login(leads[K - 1])
    r = client.post(f"/dialogue/municipalities/{towns[K - 1].id}/processes/new", data={**GOOD, "title": ""})
    assert r.status_code in (200, 422)
    assert network_release.released(network.id).taken_at is None


def test_the_daily_command_releases_when_time_changed_k_municipalities(net, db, app):
    network, towns, _leads, _c = net
    for i in range(K):
        process = _draft(db, towns[i], f"e{i}", recommendations=1)
        db.session.execute(Recommendation.__table__.update().where(Recommendation.process_id == process.id)
                           .values(due_on=TODAY + timedelta(days=5)))
    network_release.refresh(network.id, today=TODAY)
    db.session.commit()
    assert network_figures.overview(network).unpublished["overdue"].value == 0
    result = app.test_cli_runner().invoke(args=["dialogue", "release"])
    assert result.exit_code == 0 and "0 network(s)" in result.output  # nothing changed yet
    later = network_release.refresh(network.id, today=TODAY + timedelta(days=6))  # all three became overdue
    db.session.commit()
    assert later.shown and network_figures.overview(network).unpublished["overdue"].value == K


def test_the_overview_pages_its_municipalities_and_shows_a_change_at_once(make, db, client, login, app):
    from weltoffen.dialogue import network_views

    network = make.network()
    towns = [make.municipality(network, name=f"Ort {i:03d}") for i in range(network_views.PAGE_SIZE + 3)]
    for i, town in enumerate(towns):
        db.session.add(DialogueProcess(municipality_id=town.id, slug=f"p{i}", title=f"Forum {i}",
                                       format_key="citizens_forum", published=True))
    coordinator = make.user(network_role="coordinator", network=network)
    db.session.commit()
    login(coordinator)
    first = client.get(f"/dialogue/networks/{network.id}/overview").get_data(as_text=True)
    assert "Ort 000" in first and "Ort 052" not in first and "Seite 1 von 2" in first
    second = client.get(f"/dialogue/networks/{network.id}/overview?page=2").get_data(as_text=True)
    assert "Ort 052" in second and "Ort 000" not in second
    assert client.get(f"/dialogue/networks/{network.id}/overview?page=99").status_code == 200  # the last page
    db.session.add(DialogueProcess(municipality_id=towns[0].id, slug="neu", title="Runder Tisch",
                                   format_key="round_table", published=True))
    db.session.commit()
    again = client.get(f"/dialogue/networks/{network.id}/overview").get_data(as_text=True)
    assert "Runder Tisch: 1" in again  # the kept figures gave way to the new version


def test_the_overview_is_kept_ten_seconds_but_the_right_to_see_it_is_checked_each_time(
        make, db, client, login, app, monkeypatch):
    from weltoffen.dialogue import network_views

    now = [500.0]
    monkeypatch.setitem(app.config, "DIALOGUE_OVERVIEW_FRESH_SECONDS", 10)
    monkeypatch.setattr(network_views._FRESH, "clock", lambda: now[0])
    monkeypatch.setattr(network_views._FRESH, "cache", type(network_views._FRESH.cache)())  # nothing kept before
    network = make.network()
    town = make.municipality(network, name="Kleinstadt")
    coordinator = make.user(network_role="coordinator", network=network)
    outsider = make.user(network_role="coordinator", network=make.network())
    db.session.add(DialogueProcess(municipality_id=town.id, slug="a", title="A", format_key="citizens_forum",
                                   published=True))
    db.session.commit()
    login(coordinator)
    assert "Kleinstadt" in client.get(f"/dialogue/networks/{network.id}/overview").get_data(as_text=True)
    login(outsider)
    assert client.get(f"/dialogue/networks/{network.id}/overview").status_code == 403  # kept, still refused
    db.session.add(DialogueProcess(municipality_id=town.id, slug="b", title="B", format_key="round_table",
                                   published=True))
    db.session.commit()
    login(coordinator)
    now[0] += 5
    assert "Runder Tisch: 1" not in client.get(f"/dialogue/networks/{network.id}/overview").get_data(as_text=True)
    now[0] += 6
    assert "Runder Tisch: 1" in client.get(f"/dialogue/networks/{network.id}/overview").get_data(as_text=True)
