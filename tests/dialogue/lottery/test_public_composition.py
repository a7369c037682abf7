"""The process's public page tells how the assembly was chosen – invited, registered,
selected, the algorithm, the seed and the library's version, the composition against
the population – and never names a person; a finished selection changes the page."""

from weltoffen.dialogue.cli import dialogue_cli

from .test_panel import pool  # noqa: F401 - the fixture
from .test_registration import opened  # noqa: F401 - the fixture


def test_the_public_page_shows_the_composition_without_anyone(app, client, db, pool):  # noqa: F811
    process = pool.process
    process.published = True
    db.session.commit()
    address = f"/beteiligung/{process.municipality.ags}/{process.slug}"
    before = client.get(address)
    assert before.status_code == 200 and "Per Los" not in before.text
    result = app.test_cli_runner().invoke(dialogue_cli, ["select", str(process.id), "--panel", "8", "--reserve", "0",
                                                         "--algorithm", "maximin", "--seed", "99"])
    assert result.exit_code == 0, result.output
    after = client.get(address)
    html = after.text.replace("\xa0", " ")
    assert after.headers["ETag"] != before.headers["ETag"]
    assert "Per Los" in html and "maximin" in html and "99" in html
    assert "3 Einwohner*innen" in html and "40 haben sich angemeldet" in html and "8 wurden" in html
    for secret in ("Person 1", "p1@example.org", "Weg 1", "Xaverine"):
        assert secret not in html, secret


def test_the_composition_outlives_shredding(app, client, db, pool):  # noqa: F811
    from weltoffen.dialogue.lottery import public_figures, retention

    args = ["select", str(pool.process.id), "--panel", "8", "--reserve", "0", "--algorithm", "legacy", "--seed", "7"]
    result = app.test_cli_runner().invoke(dialogue_cli, args)
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        before = public_figures.composition(pool.process)
        retention.shred(pool.lottery)
        db.session.commit()
        after = public_figures.composition(pool.process)
    assert pool.lottery.shredded and after == before and after.registered == 40
