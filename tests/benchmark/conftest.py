from datetime import date, timedelta

import pytest

from weltoffen.selfcheck import services

from ..selfcheck.conftest import FULL, answer, questionnaire, selfcheck, submitted  # noqa: F401 - shared fixtures


@pytest.fixture
def round_with_scores(db, make, questionnaire):  # noqa: F811 - the fixture imported above
    network = make.network()
    lead = make.user(network_role="coordinator", network=network)
    towns = [make.municipality(network, population=30000 + i, foreign_born_share=12.0) for i in range(6)]
    city = make.municipality(
        network, population=600000, foreign_born_share=31.0, kind="kreisfreie_stadt", ags="05911000"
    )
    round_ = services.open_round(
        lead,
        network,
        questionnaire,
        "R",
        date.today(),
        date.today() + timedelta(days=9),
        [m.id for m in towns + [city]],
    )
    by_mun = {s.municipality_id: s for s in round_.submissions}
    steps = ["0", "1", "2", "3", "3", "2", "1"]
    for m, step in zip(towns + [city], steps, strict=True):
        sub = by_mun[m.id]
        for key, value in {**FULL, "mission": step}.items():
            answer(sub, lead, key, value)
        services.submit(sub, lead)
    return round_, towns, city
