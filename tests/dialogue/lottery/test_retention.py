"""Crypto-shredding of a lottery: after `flask dialogue purge` nothing about a person
can be read any more, the figures about groups are unchanged, and lotteries whose
retention has not passed are left alone."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from weltoffen.dialogue.cli import dialogue_cli
from weltoffen.dialogue.lottery import registration, retention, services
from weltoffen.dialogue.lottery.models import Invitation, LotteryRegister, Registrant
from weltoffen.dialogue.models import DialogueSession

from .test_registration import details, opened  # noqa: F401 - the fixture

TODAY = date.today()


@pytest.fixture
def registered(opened, db, client):  # noqa: F811
    for code in opened.codes[:2]:
        assert client.post("/beteiligung/anmeldung/formular", data=details(code)).status_code == 200
    db.session.add(DialogueSession(process_id=opened.process.id, held_on=TODAY - timedelta(days=100),
                                   place="Rathaus"))
    db.session.commit()
    return opened


def test_purge_shreds_everything_personal_and_keeps_the_figures(app, db, registered):
    lottery = registered.lottery
    before = retention.registered_figures(lottery)
    assert before["people"] == 2 and before["age_band"] == {"18_29": 2}
    result = app.test_cli_runner().invoke(dialogue_cli, ["purge"])
    assert result.exit_code == 0 and "1 lottery(ies) shredded" in result.output
    db.session.expire_all()
    assert lottery.shredded and lottery.shredded_at is not None
    assert lottery.figures["registered"] == before and lottery.figures["register"]["people"] == 12
    for model in (Invitation, Registrant, LotteryRegister):
        assert all(row.sealed is None for row in db.session.scalars(select(model)))
    with pytest.raises(services.LotteryError):
        services.seal_json(lottery, {"x": 1}, "probe")
    registrant = db.session.scalars(select(Registrant)).first()
    assert registration.details_of(lottery, registrant) is None
    again = app.test_cli_runner().invoke(dialogue_cli, ["purge"])
    assert "0 lottery(ies)" in again.output


def test_a_lottery_within_its_retention_is_kept(app, db, registered):
    registered.lottery.retention_days = 120
    db.session.commit()
    result = app.test_cli_runner().invoke(dialogue_cli, ["purge", "--dry-run"])
    assert "0 lottery(ies) due" in result.output
    assert not registered.lottery.shredded
