import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from weltoffen.network import importer
from weltoffen.network.models import Municipality

HEADER = "ags;name;state;kind;population;foreign_born_share\n"
GOOD = HEADER + (
    "05911000;Bochum;Nordrhein-Westfalen;kreisfreie Stadt;364628;17,8\n"
    "12072000;Teltow-Fläming;BB;Landkreis;171000;6.2\n"
    "5962024;Iserlohn;05;Stadt;91.815;19,3 %\n"
)


def _parse(db, text: str, network, encoding="utf-8"):
    return importer.parse(text.encode(encoding), network)


def test_good_file(db, make):
    network = make.network()
    result = _parse(db, GOOD, network)
    assert result.ok, result.errors
    assert [r.ags for r in result.rows] == ["05911000", "12072000", "05962024"]
    assert result.rows[2].population == 91815 and result.rows[2].foreign_born_share == 19.3
    assert result.rows[1].state == "12" and result.rows[1].kind == "landkreis"
    created, updated = importer.apply(result, network)
    assert (created, updated) == (3, 0)
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 3


def test_comma_separated_english_headers_and_bom(db, make):
    text = (
        "\ufeffAGS,Name,State,Kind,Population,Foreign_born_share\n"
        "01003000,Lübeck,SH,kreisfreie Stadt,218000,16.1\n"
    )
    assert _parse(db, text, make.network()).ok


def test_windows_1252_file_with_german_headers(db, make):
    text = (
        "Gemeindeschlüssel;Gemeinde;Bundesland;Art;Einwohner;Anteil im Ausland geboren\n"
        "09162000;München;Bayern;kreisfreie Stadt;1510000;30,9\n"
    )
    result = _parse(db, text, make.network(), encoding="cp1252")
    assert result.ok and result.rows[0].name == "München"


MALFORMED = [
    ("0591100;Bochum;NRW;kreisfreie Stadt;1;1\n", "has 7 digits; it needs 8 (a leading zero missing?)"),
    ("1605500;Erfurt;Thüringen;kreisfreie Stadt;1;1\n", "has 7 digits; it needs 8 (a leading zero missing?)"),
    ("5911000;Bochum;NRW;kreisfreie Stadt;1;1\n", None),  # the leading zero a spreadsheet dropped
    ("059110001;Bochum;NRW;kreisfreie Stadt;1;1\n", "exactly 8 digits"),
    (
        "05911000;Bochum;Bayern;kreisfreie Stadt;1;1\n",
        "belongs to Nordrhein-Westfalen, not to Bayern",
    ),
    ("05911000;Bochum;NRW;Dorf;1;1\n", "Unknown kind"),
    ("05911000;Bochum;Atlantis;kreisfreie Stadt;1;1\n", "Unknown federal state"),
    ("05911000;Bochum;NRW;Landkreis;1;1\n", None),  # valid: a district key may end in 000
    ("05962024;Iserlohn;NRW;Landkreis;1;1\n", "ends in 000"),
    ("05911000;Bochum;NRW;Stadt;1;1\n", "names a district"),
    ("05911000;Bochum;NRW;kreisfreie Stadt;viele;1\n", "whole number"),
    ("05911000;Bochum;NRW;kreisfreie Stadt;0;1\n", "between 1 and"),
    ("05911000;Bochum;NRW;kreisfreie Stadt;100;101\n", "between 0 and 100"),
    ("05911000;Bochum;NRW;kreisfreie Stadt;100;ein Fünftel\n", "number in percent"),
    ("05911000;;NRW;kreisfreie Stadt;100;1\n", "1 to 160 characters"),
    ("05911000;Bochum;NRW\n", "fields"),
]


@pytest.mark.parametrize("row,message", MALFORMED)
def test_malformed_rows(db, make, app, row, message):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask import session

        session["lang"] = "en"
        result = _parse(db, HEADER + row, make.network())
    if message is None:
        assert result.ok, result.errors
        return
    assert not result.ok
    lines = {line for line, _ in result.errors}
    assert lines == {2}
    assert any(message in text for _, text in result.errors), result.errors


def test_errors_name_their_lines_and_nothing_is_written(db, make):
    network = make.network()
    text = (
        GOOD
        + "05913000;Dortmund;NRW;kreisfreie Stadt;x;24\n"
        + "05911000;Bochum again;NRW;kreisfreie Stadt;1;1\n"
    )
    result = _parse(db, text, network)
    assert not result.ok
    assert [line for line, _ in result.errors] == [5, 6]
    assert "first in line 2" in result.errors[1][1] or "Zeile 2" in result.errors[1][1]
    with pytest.raises(ValueError):
        importer.apply(result, network)
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0


def test_missing_columns(db, make):
    result = _parse(db, "ags;name\n05911000;Bochum\n", make.network())
    assert result.errors[0][0] == 1
    assert "state" in result.errors[0][1] and "population" in result.errors[0][1]


def test_binary_and_empty_files(db, make):
    network = make.network()
    assert not importer.parse(b"\x89PNG\r\n\x1a\n\x00\x00\x00", network).ok
    assert not importer.parse(b"", network).ok
    assert not importer.parse(HEADER.encode(), network).ok


def test_existing_ags_is_updated_and_other_network_refused(db, make):
    network = make.network()
    make.municipality(
        network, ags="05911000", name="Bochum alt", kind="kreisfreie_stadt", population=1
    )
    result = _parse(db, GOOD, network)
    assert [r.action for r in result.rows] == ["update", "create", "create"]
    importer.apply(result, network)
    assert (
        db.session.scalar(sa.select(Municipality.population).where(Municipality.ags == "05911000"))
        == 364628
    )
    other = _parse(db, GOOD, make.network())
    assert (
        not other.ok
        and "another network" in other.errors[0][1]
        or "anderen Netzwerk" in other.errors[0][1]
    )


def test_cli_import(app, db, make, tmp_path):
    network = make.network()
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["network", "import-municipalities", str(good), "--network", network.slug]
    )
    assert result.exit_code == 0, result.output
    assert "3 created" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "05911000;Bochum;Bayern;kreisfreie Stadt;1;1\n")
    result = runner.invoke(
        args=["network", "import-municipalities", str(bad), "--network", network.slug]
    )
    assert result.exit_code == 1
    assert f"{bad}:2:" in result.output


def _parse_in(app, db, text: str, network, language: str):
    with app.test_request_context():
        from flask import session

        session["lang"] = language
        return _parse(db, text, network)


def _readme_example() -> str:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("The CSV import"):]
    return re.search(r"```csv\n(.*?)```", section, re.S).group(1)


def test_the_readme_example_imports(db, make):
    network = make.network()
    example = _readme_example()
    assert example.startswith("Gemeindeschlüssel;Gemeinde;Bundesland;Art;Einwohner;")
    result = _parse(db, example, network)
    assert result.ok, result.errors
    assert importer.apply(result, network) == (len(example.strip().splitlines()) - 1, 0)


@pytest.mark.parametrize("language,message", [
    ("de", "Fehlende Spalten: Anteil im Ausland geboren. Erwartet: Gemeindeschlüssel, Gemeinde, Bundesland, Art, "
           "Einwohner, Anteil im Ausland geboren."),
    ("en", "Missing columns: Anteil im Ausland geboren. Expected: Gemeindeschlüssel, Gemeinde, Bundesland, Art, "
           "Einwohner, Anteil im Ausland geboren."),
])
def test_missing_columns_are_named_as_the_german_file_names_them(app, db, make, language, message):
    text = "Gemeindeschlüssel;Gemeinde;Bundesland;Art;Einwohner\n09162000;München;Bayern;kreisfreie Stadt;1510000\n"
    result = _parse_in(app, db, text, make.network(), language)
    assert result.errors == [(1, message)]


def test_missing_columns_of_an_english_file_keep_the_english_names(app, db, make):
    text = "ags,name,state,kind,population\n09162000,München,BY,kreisfreie Stadt,1510000\n"
    result = _parse_in(app, db, text, make.network(), "de")
    assert result.errors[0][1].startswith("Fehlende Spalten: foreign_born_share. Erwartet: ags, name,")


@pytest.mark.parametrize("language,message", [
    ("de", "Der AGS „1605500“ hat 7 Ziffern; er braucht 8 (fehlt eine führende Null?)."),
    ("en", "The AGS “1605500” has 7 digits; it needs 8 (a leading zero missing?)."),
])
def test_a_seven_digit_ags_is_named_as_such(app, db, make, language, message):
    result = _parse_in(app, db, HEADER + "1605500;Erfurt;Thüringen;kreisfreie Stadt;214000;9,1\n", make.network(),
                       language)
    assert result.errors == [(2, message)]  # not "belongs to Schleswig-Holstein"
