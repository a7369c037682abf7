"""The register extract: German headers in their variants, both separators and both
encodings, every broken row with its line number, duplicates, age bands, households,
and the packed form that is sealed."""

from datetime import date

import pytest

from weltoffen.dialogue.lottery import register

TODAY = date(2026, 12, 4)
HEADER = "Ordnungsmerkmal;Vorname;Nachname;Straße;Hausnummer;PLZ;Ort;Stadtteil;Geburtsdatum;Geschlecht\n"
GOOD = HEADER + (
    "A-1;Ayşe;Yılmaz;Hauptstraße;5;58636;Iserlohn;Innenstadt;03.04.1990;w\n"
    "A-2;Jürgen;Groß;Hauptstr.;5;58636;Iserlohn;Innenstadt;1958-12-05;m\n"
    "A-3;Kim;Weiß;Am Bach;1a;58642;Iserlohn;Letmathe;05.12.2008;d\n"
)


def parse(text: str, encoding="utf-8"):
    return register.parse(text.encode(encoding), TODAY)


def test_a_good_extract_is_read_with_its_ages_and_households(app):
    with app.test_request_context():
        result = parse(GOOD)
    assert result.ok and len(result.entries) == 3
    a, b, c = result.entries
    assert a.name == "Ayşe Yılmaz" and a.street == "Hauptstraße 5" and a.gender == "female"
    assert a.age_band(TODAY) == "30_44" and b.age_band(TODAY) == "65_plus"
    assert c.age_band(TODAY) == "under_18"  # 18 on 5 December 2026, not yet on the 4th
    assert c.age_band(date(2026, 12, 5)) == "18_29"
    assert a.household() == b.household() != c.household()  # "Hauptstraße" and "Hauptstr."
    counts = register.counts(result.entries, TODAY)
    assert counts["district"] == {"Innenstadt": 2, "Letmathe": 1} and counts["strata"]["Letmathe|under_18"] == 1


def test_variants_of_headers_separators_and_encodings(app):
    text = ("Register-ID,Name,Straße,PLZ,Ortsteil,Geburtsjahr,Geschlecht\n"
            "B-1,Anna Müller,Weg 2,12345,Nord,1980,weiblich\n")
    with app.test_request_context():
        comma = parse(text)
        cp1252 = parse(text.replace(",", ";"), "cp1252")
        bom = parse("\ufeff" + text)
    for result in (comma, cp1252, bom):
        assert result.ok and result.entries[0].name == "Anna Müller" and result.entries[0].birth_date == ""


@pytest.mark.parametrize("row,message", [
    ("A-9;;;Weg;1;58636;Iserlohn;Nord;01.01.1980;w", "Zeile 2: Name"),
    ("A-9;Eva;Ei;Weg;1;5863;Iserlohn;Nord;01.01.1980;w", "Zeile 2: PLZ"),
    ("A-9;Eva;Ei;Weg;1;58636;Iserlohn;;01.01.1980;w", "Zeile 2: Stadtteil"),
    ("A-9;Eva;Ei;Weg;1;58636;Iserlohn;Nord;31.02.1980;w", "Zeile 2: Geburtsdatum"),
    ("A-9;Eva;Ei;Weg;1;58636;Iserlohn;Nord;01.01.2020;w", "Zeile 2: Geburtsdatum"),
    ("A-9;Eva;Ei;Weg;1;58636;Iserlohn;Nord;01.01.1980;q", "Zeile 2: Geschlecht"),
    ("A-9;Eva;Ei;Weg;1;58636", "Zeile 2: Die Zeile hat 6 Felder"),
])
def test_a_broken_row_is_named_with_its_line_and_nothing_is_kept(app, row, message):
    with app.test_request_context(headers={"Accept-Language": "de"}):
        result = parse(HEADER + row + "\n" + GOOD.split("\n", 1)[1])
        errors = [f"Zeile {line}: {text}" for line, text in result.errors]
    assert not result.ok
    assert any(e.startswith(message) for e in errors), errors


def test_duplicates_missing_columns_empty_and_binary_files(app):
    with app.test_request_context():
        dup = parse(GOOD + "A-1;Zweite;Person;Weg;2;58636;Iserlohn;Nord;01.01.1980;w\n")
        missing = parse("Name;Straße\nEva;Weg 1\n")
        empty = register.parse(b"", TODAY)
        binary = register.parse(b"%PDF-1.7\x00\x00binary", TODAY)
    assert not dup.ok and dup.errors[0][0] == 5 and "A-1" in dup.errors[0][1]
    assert not missing.ok and missing.errors[0][0] == 1
    for col in ("Ordnungsmerkmal", "PLZ", "Stadtteil", "Geschlecht", "Geburtsjahr"):
        assert col in missing.errors[0][1]
    assert not empty.ok and not binary.ok


def test_errors_are_counted_beyond_the_listed_ones(app):
    rows = "".join(f"X-{i};Eva;Ei;Weg;1;123;Iserlohn;Nord;01.01.1980;w\n" for i in range(register.ERROR_LIMIT + 50))
    with app.test_request_context():
        result = parse(HEADER + rows)
    assert len(result.errors) == register.ERROR_LIMIT and result.error_count == register.ERROR_LIMIT + 50


def test_pack_and_unpack_keep_every_entry(app):
    with app.test_request_context():
        entries = parse(GOOD).entries
    assert register.unpack(register.pack(entries)) == entries


def test_progress_is_reported_while_streaming(app):
    rows = "".join(f"P-{i};Eva;Ei;Weg;{i};58636;Iserlohn;Nord;01.01.1980;w\n" for i in range(45_000))
    seen = []
    with app.test_request_context():
        result = register.parse((HEADER + rows).encode(), TODAY, progress=seen.append)
    assert result.ok and len(result.entries) == 45_000 and seen == [19_999, 39_999]
