"""The municipality's population shares: saved with source and year, every error at
its field with nothing saved and every value kept, and who is refused."""

import pytest
from sqlalchemy import select

from weltoffen.dialogue import population
from weltoffen.dialogue.models import PopulationShare

from .reach_support import reach_world, refused


@pytest.fixture
def w(make, db):
    return reach_world(make, db)


def url(w):
    return f"/dialogue/municipalities/{w.m.id}/population"


VALID = {
    "age_band_under_18": "16", "age_band_18_29": "17", "age_band_30_44": "19,5", "age_band_45_64": "27,5",
    "age_band_65_plus": "20", "age_band_source": "Melderegister, Stichtag 31.12.2025", "age_band_year": "2025",
    "gender_female": "51", "gender_male": "48,8", "gender_diverse": "0,2", "gender_source": "Zensus 2022",
    "gender_year": "2022",
    "districts-0-name": "Nord", "districts-0-percent": "60", "districts-1-name": "Süd", "districts-1-percent": "40",
    "districts-2-name": "", "districts-2-percent": "", "district_source": "Statistikstelle", "district_year": "2025",
}


def stored(db, w) -> dict:
    rows = db.session.scalars(select(PopulationShare).where(PopulationShare.municipality_id == w.m.id))
    return {(r.feature, r.value): (r.percent, r.source, r.year) for r in rows}


def test_shares_are_saved_with_source_and_year(client, login, w, db):
    login(w.member)
    r = client.post(url(w), data=VALID)
    assert r.status_code == 302
    shares = stored(db, w)
    assert shares[("age_band", "30_44")] == (19.5, "Melderegister, Stichtag 31.12.2025", 2025)
    assert shares[("gender", "diverse")] == (0.2, "Zensus 2022", 2022)
    assert shares[("district", "Süd")] == (40.0, "Statistikstelle", 2025)
    assert len(shares) == 10
    html = client.get(url(w)).get_data(as_text=True)
    assert 'value="19,5"' in html and 'value="Süd"' in html
    # saving again replaces: a feature left empty is gone
    data = {k: v for k, v in VALID.items() if not k.startswith("district")}
    assert client.post(url(w), data=data).status_code == 302
    assert not any(f == "district" for f, _v in stored(db, w))


@pytest.mark.parametrize("change,field_id,message", [
    ({"gender_male": "40"}, "gender_female", "ergeben zusammen 91,2"),
    ({"age_band_18_29": "120"}, "age_band_18_29", "zwischen 0 und 100"),
    ({"age_band_18_29": "viel"}, "age_band_18_29", "zum Beispiel 17,5"),
    ({"districts-1-name": "nord"}, "districts-1-name", "doppelt"),
    ({"districts-1-name": ""}, "districts-1-name", "Nennen Sie den Stadtteil"),
    ({"gender_source": ""}, "gender_source", "Quelle"),
    ({"district_year": ""}, "district_year", "Jahr"),
])
def test_an_error_is_shown_at_its_field_and_nothing_is_saved(client, login, w, db, change, field_id, message):
    login(w.lead)
    r = client.post(url(w), data={**VALID, **change})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    error = html.split(f'id="{field_id}-error"')[1].split("</p>")[0]
    assert message in error
    assert 'value="Melderegister, Stichtag 31.12.2025"' in html and 'value="27,5"' in html
    for value in change.values():
        if value:
            assert f'value="{value}"' in html
    assert stored(db, w) == {}


def test_the_sum_tolerates_half_a_point():
    assert population.share_sum_ok([33.3, 33.3, 33.3])
    assert population.share_sum_ok([])
    assert not population.share_sum_ok([50, 49.4])


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_outsiders_are_refused(client, login, w, db, method):
    codes = refused(client, login, w, method, url(w), data=VALID)
    assert codes["trust_person"] == codes["coordinator"] == codes["other_lead"] == 404
    assert codes["anonymous"][0] == 302 and "login" in codes["anonymous"][1]
    assert stored(db, w) == {}
