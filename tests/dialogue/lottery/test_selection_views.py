"""Stage 2 through the web with the real job runner (Huey on a SQLite file, a consumer
thread): census shares, targets, a run queued from the page and executed by the worker,
the panel with every registrant's probability for the organiser only; a second start
while one runs is refused."""

from sqlalchemy import select

from weltoffen.dialogue.lottery.models import CensusShare, SelectionRun
from weltoffen.platform import jobs

from .test_panel import pool  # noqa: F401 - the fixture
from .test_registration import opened  # noqa: F401 - the fixture


def url(p, tail=""):
    return f"/dialogue/processes/{p.process.id}/lottery{tail}"


def test_census_targets_and_a_run_through_the_job_runner(client, login, app, db, pool, make):  # noqa: F811
    login(pool.lead)
    page = client.get(url(pool, "/selection"))
    assert page.status_code == 200 and "Sitze" in page.get_data(as_text=True)
    bad = client.post(url(pool, "/census"), data={"census-education-low": "30", "census-education-medium": "45",
                                                  "census-education-high": "5", "source": "Zensus 2022"})
    assert bad.status_code == 422 and "100" in bad.get_data(as_text=True)
    good = client.post(url(pool, "/census"), data={"census-migration-yes": "27,5", "census-migration-no": "72,5",
                                                   "source": "Zensus 2022"})
    assert good.status_code == 302
    assert {c.value: c.percent for c in db.session.scalars(select(CensusShare))} == {"yes": 27.5, "no": 72.5}
    assert client.post(url(pool, "/targets"), data={"panel_size": "8", "reserve_size": "2",
                                                    "propose": "1"}).status_code == 302
    db.session.refresh(pool.lottery)
    assert pool.lottery.targets["migration"]["yes"] == [1, 4]  # 27.5 % of 8 = 2.2 seats, one either side
    assert client.post(url(pool, "/select"), data={"algorithm": "maximin", "seed": "11"}).status_code == 302
    run = db.session.scalars(select(SelectionRun)).one()
    assert run.status == "queued" and run.job_id
    again = client.post(url(pool, "/select"), data={"algorithm": "maximin", "seed": "12"})
    assert again.status_code == 409  # one at a time
    status = client.get(url(pool, "/selection/status"))
    assert 'hx-trigger="every 2s"' in status.get_data(as_text=True)  # polled while it waits
    with jobs.running(app):
        assert jobs.result(run.job_id, timeout=120) == "done"
    db.session.refresh(run)
    assert run.status == "done" and run.quotas["migration"]["yes"][2] in range(1, 5)
    assert client.get(url(pool, "/selection/status")).headers.get("HX-Refresh") == "true"
    html = client.get(url(pool, "/selection")).get_data(as_text=True)
    assert "Person " in html and "Gremium" in html and "%" in html
    outsider = make.user(network_role="admin")
    login(outsider)
    assert client.get(url(pool, "/selection")).status_code == 404


def test_infeasible_targets_can_be_relaxed_as_the_library_suggests(client, login, app, db, pool):  # noqa: F811
    from weltoffen.dialogue.cli import dialogue_cli

    pool.lottery.targets = {"gender": {"female": [7, 8], "male": [7, 8]}}
    db.session.commit()
    app.test_cli_runner().invoke(dialogue_cli, ["select", str(pool.process.id), "--panel", "8", "--reserve", "0",
                                                "--algorithm", "legacy", "--seed", "3"])
    run = db.session.scalars(select(SelectionRun)).one()
    assert run.status == "infeasible"
    login(pool.lead)
    page = client.get(url(pool, "/selection")).get_data(as_text=True)
    assert "nicht zusammen erfüllen" in page
    if not run.explanation.get("relaxation"):  # the counted conflict came first: no suggestion yet
        assert client.post(url(pool, "/targets/relaxation")).status_code == 404
        run.explanation = {**run.explanation, "relaxation": {"gender": {"female": [3, 5], "male": [3, 5]}}}
        db.session.commit()
    page = client.get(url(pool, "/selection")).get_data(as_text=True)
    assert "Vorgeschlagene Vorgaben übernehmen" in page
    assert client.post(url(pool, "/targets/relaxation")).status_code == 302
    db.session.refresh(pool.lottery)
    female, male = pool.lottery.targets["gender"]["female"], pool.lottery.targets["gender"]["male"]
    assert female[0] + male[0] <= 8 <= female[1] + male[1]
