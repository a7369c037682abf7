from datetime import date, timedelta

import pytest

from weltoffen.selfcheck import services

from ..selfcheck.conftest import FULL, answer, questionnaire, selfcheck, submitted  # noqa: F401 - shared fixtures

#: The answer to "mission" of the city, then of each town, in the order they submit.
STEPS = ["1", "0", "1", "2", "3", "3", "2", "1", "0", "1", "2", "3"]


def build_round(app, make, questionnaire, monkeypatch, k: int):  # noqa: F811 - the fixture imported above
    """A round of one big city and 11 towns of one size class, submitted one after the
    other (the city first) with BENCHMARK_K = k, so the releases fall as they would:
    with K = 5 the network is released at the 5th and the 10th submission, and the two
    last ones wait."""
    monkeypatch.setitem(app.config, "BENCHMARK_K", k)
    network = make.network()
    lead = make.user(network_role="coordinator", network=network)
    towns = [make.municipality(network, population=30000 + i, foreign_born_share=12.0) for i in range(11)]
    city = make.municipality(
        network, population=600000, foreign_born_share=31.0, kind="kreisfreie_stadt", ags="05911000"
    )
    order = [city, *towns]
    round_ = services.open_round(
        lead, network, questionnaire, "R", date.today(), date.today() + timedelta(days=9), [m.id for m in order]
    )
    by_mun = {s.municipality_id: s for s in round_.submissions}
    for m, step in zip(order, STEPS, strict=True):
        sub = by_mun[m.id]
        for key, value in {**FULL, "mission": step}.items():
            answer(sub, lead, key, value)
        services.submit(sub, lead)
    return round_, towns, city


@pytest.fixture
def round_with_scores(app, db, make, questionnaire, monkeypatch):  # noqa: F811
    return build_round(app, make, questionnaire, monkeypatch, 5)


@pytest.fixture
def round_k1(app, db, make, questionnaire, monkeypatch):  # noqa: F811
    """The same round with K = 1: every submission is released at once (the control)."""
    return build_round(app, make, questionnaire, monkeypatch, 1)
