"""Stage 2 through the services and the command line: targets proposed from the
register's counts and census shares; a run selects a panel within the targets with its
probabilities sealed; infeasible targets are explained and select nobody; a second run
cannot start while one is running."""

import random

import pytest
from sqlalchemy import select

from weltoffen.dialogue.cli import dialogue_cli
from weltoffen.dialogue.lottery import panel, registration, services
from weltoffen.dialogue.lottery.models import CensusShare, SelectionRun

from .test_registration import opened  # noqa: F401 - the fixture

FEATURES = {"age_band": ["18_29", "30_44", "45_64", "65_plus"], "gender": ["female", "male"],
            "district": ["Nord", "Süd"], "education": ["low", "medium", "high"], "migration": ["yes", "no"]}


@pytest.fixture
def pool(opened, db, app):  # noqa: F811
    rng = random.Random(7)
    lottery = opened.lottery
    with app.test_request_context():
        for i in range(40):
            features = {f: rng.choice(values) for f, values in FEATURES.items()}
            registration.register(lottery, None, {"name": f"Person {i}", "email": f"p{i}@example.org",
                                                  "phone": "", "features": features, "needs": [],
                                                  "street": f"Weg {i}", "postcode": "58636"}, source="paper")
    db.session.add_all([CensusShare(lottery_id=lottery.id, feature="education", value=v, percent=p,
                                    source="Zensus 2022") for v, p in (("low", 30), ("medium", 45), ("high", 25))])
    db.session.commit()
    return opened


def test_targets_follow_the_register_and_the_census(app, db, pool):
    with app.test_request_context():
        candidates = panel.candidates(pool.lottery)
        targets = panel.propose_targets(pool.lottery, 8, candidates)
    assert len(candidates) == 40
    assert targets["district"] == {"Nord": [3, 5], "Süd": [3, 5]}  # the register: 6 and 6 of 12
    assert targets["education"]["medium"] == [2, 5]  # 45 % of 8 = 3.6 seats
    assert targets["migration"] == {"no": [0, 8], "yes": [0, 8]}  # no population share: no limits


def test_a_run_selects_within_the_targets_and_seals_the_panel(app, db, pool):
    lottery = pool.lottery
    result = app.test_cli_runner().invoke(dialogue_cli, ["select", str(pool.process.id), "--panel", "8",
                                                         "--reserve", "2", "--algorithm", "maximin", "--seed", "42"])
    assert result.exit_code == 0, result.output
    run = db.session.scalars(select(SelectionRun)).one()
    assert run.status == "done" and run.library_version and run.seed == 42
    for feature, values in run.quotas.items():
        assert sum(q[2] for q in values.values()) == 8
        assert all(q[0] <= q[2] <= q[1] for q in values.values()), feature
    with app.test_request_context():
        stored = panel.result_of(lottery, run)
    assert len(stored["panel"]) == 8 and len(stored["reserve"]) == 2
    assert abs(sum(stored["probabilities"].values()) - 8) < 1e-6
    assert b"Person" not in (run.sealed or b"") and "Person" not in repr(run.quotas)


def test_infeasible_targets_are_explained_and_select_nobody(app, db, pool):
    pool.lottery.targets = {"gender": {"female": [7, 8], "male": [7, 8]}}
    db.session.commit()
    result = app.test_cli_runner().invoke(dialogue_cli, ["select", str(pool.process.id), "--panel", "8",
                                                         "--reserve", "0", "--algorithm", "legacy", "--seed", "3"])
    assert result.exit_code != 0 and "cannot be met" in result.output
    run = db.session.scalars(select(SelectionRun)).one()
    assert run.status == "infeasible" and run.sealed is None and run.explanation["conflicts"]


def test_a_second_run_cannot_start_while_one_is_queued(app, db, pool):
    kwargs = {"algorithm": "legacy", "seed": 5, "panel_size": 8, "reserve_size": 0, "one_per_household": True,
              "targets": {}}
    panel.start(pool.lottery, None, **kwargs)
    db.session.commit()
    with pytest.raises(services.LotteryError):
        panel.start(pool.lottery, None, **kwargs)
    db.session.commit()
    assert db.session.query(SelectionRun).count() == 1


def test_a_run_left_by_a_stopped_worker_does_not_block_the_lottery(app, db, pool):
    from datetime import timedelta

    kwargs = {"algorithm": "legacy", "seed": 5, "panel_size": 8, "reserve_size": 0, "one_per_household": True,
              "targets": {}}
    stuck = panel.start(pool.lottery, None, **kwargs)
    stuck.status = "running"
    stuck.created_at = stuck.created_at - panel.STALE - timedelta(minutes=1)
    db.session.commit()
    fresh = panel.start(pool.lottery, None, **kwargs)
    db.session.commit()
    db.session.refresh(stuck)
    assert stuck.status == "failed" and "interrupted" in stuck.error and fresh.status == "queued"
