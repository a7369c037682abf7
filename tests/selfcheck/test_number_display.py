"""Numbers on the team view follow the reader's language: 39,0 in German, 39.0 in English."""

from .conftest import answer


def _spread(client, w) -> str:
    page = client.get(f"/selfcheck/submissions/{w.sub.id}/team/management").text
    section = page[page.index('id="q-languages"'):]
    return section[:section.index("</section>")]


def test_the_median_has_a_decimal_comma_in_german(client, login, selfcheck, db):
    w = selfcheck
    answer(w.sub, w.member, "languages", "38")
    answer(w.sub, w.lead, "languages", "40")
    login(w.member)
    section = _spread(client, w)
    assert "Verteilung: 38,0 bis 40,0, Median 39,0" in section and "39.0" not in section
    assert "38 Sprachen" in section


def test_the_median_has_a_decimal_point_in_english(client, login, make, selfcheck, db):
    w = selfcheck
    reader = make.user(municipality=w.m, role="member", language="en")
    answer(w.sub, w.member, "languages", "38")
    answer(w.sub, w.lead, "languages", "40")
    login(reader)
    section = _spread(client, w)
    assert "Spread: 38.0 to 40.0, median 39.0" in section and "39,0" not in section
    assert "38 languages" in section
