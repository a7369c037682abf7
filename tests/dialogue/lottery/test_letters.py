"""Invitation letters as pypdf reads them back: one page per person with name, code
and URL, the address inside the envelope window, the QR code of the URL on every
page, non-Latin letters intact; and the print service's CSV."""

import csv
import io
import random
import re
from dataclasses import replace

import numpy as np
import pytest
import segno
from fpdf import FPDF
from pypdf import PdfReader

from weltoffen.dialogue.lottery import letters_layout as L
from weltoffen.dialogue.lottery.letters import (
    CSV_HEADER,
    LetterText,
    LetterTooLong,
    Recipient,
    letters_pdf,
    print_service_csv,
)
from weltoffen.dialogue.lottery.letters_qr import qr_matrix
from weltoffen.platform.pdf import FONT, add_fonts, close_fonts

TEXT = LetterText(
    sender_line="Stadt Iserlohn · Schillerplatz 7 · 58636 Iserlohn",
    sender_block=["Stadt Iserlohn", "Bürgerbeteiligung", "Schillerplatz 7", "58636 Iserlohn"],
    place_date="Iserlohn, 4. Dezember 2026",
    subject="Einladung zum Bürgerrat",
    body="Guten Tag {name},\n\nSie wurden per Los ausgewählt. Wir laden Sie herzlich ein.\n\n"
    "Bitte melden Sie sich mit Ihrem persönlichen Code an.",
    signature=["Mit freundlichen Grüßen", "", "Michael Joithe", "Bürgermeister"],
    second_language=("Türkçe", "Kura ile seçildiniz; kaydolmak için kişisel kodunuzu kullanın. Ğğ Şş İı"),
)

PEOPLE = [
    Recipient("Ayşe Yılmaz", "Hauptstraße 5", "58636", "Iserlohn", "K7Q-4M2X", "https://example.org/r?code=K7Q-4M2X"),
    Recipient("Jürgen Weiß", "Gartenweg 12a", "58638", "Iserlohn", "P3N-8Z1C", "https://example.org/r?code=P3N-8Z1C"),
    Recipient(
        "Maximiliane Wilhelmine von Hohenlohe-Schillingsfürst-Übermaß",
        "Straße des 17. Juni 101",
        "58640",
        "Iserlohn-Letmathe",
        "Z9Z-0001",
        "https://example.org/beteiligung/registrierung?code=Z9Z-0001",
    ),
]


def runs(page) -> list[tuple[float, float, float, str]]:
    """(x mm, baseline y mm from the top, size pt, text) of each text run on `page`."""
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.append((tm[4] * 25.4 / 72, L.PAGE_H - tm[5] * 25.4 / 72, size, text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(scope="module")
def reader():
    return PdfReader(io.BytesIO(letters_pdf(PEOPLE, TEXT)))


@pytest.fixture(scope="module")
def ruler():
    pdf = FPDF(unit="mm")
    add_fonts(pdf)  # the letters' fonts
    yield pdf
    close_fonts(pdf)


def test_one_page_per_person_with_name_code_and_url(reader):
    assert len(reader.pages) == len(PEOPLE)
    for page, person in zip(reader.pages, PEOPLE, strict=True):
        text = page.extract_text()
        assert person.name in text
        assert person.code in text
        assert person.url in text
        assert f"Guten Tag {person.name}," in text
        assert "Einladung zum Bürgerrat" in text


def test_pages_are_a4(reader):
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=0.1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=0.1)


def test_address_lies_inside_the_window(reader, ruler):
    for page, person in zip(reader.pages, PEOPLE, strict=True):
        lines = {person.name, person.street, f"{person.postcode} {person.city}", TEXT.sender_line}
        placed = [r for r in runs(page) if r[3] in lines and r[0] < L.WINDOW.x + L.WINDOW.w]
        assert {r[3] for r in placed} == lines
        for x, baseline, size, text in placed:
            ruler.set_font(FONT, "", size)
            top = baseline - size * 0.8 * L.PT
            assert L.WINDOW.contains(x, top) and L.WINDOW.contains(x + ruler.get_string_width(text), baseline), text
            assert x >= L.WINDOW.x + 5  # DIN 5008: writing starts 5 mm inside the field


def test_return_address_is_small_and_in_the_top_five_millimetres(reader):
    for page in reader.pages:
        (x, baseline, size, _text) = next(r for r in runs(page) if r[3] == TEXT.sender_line)
        assert size <= 7
        assert L.WINDOW.y < baseline <= L.WINDOW.y + 5


def test_long_names_are_set_smaller_to_fit_the_window(reader):
    pages = zip(reader.pages, PEOPLE, strict=True)
    sizes = [next(r[2] for r in runs(page) if r[3] == person.name) for page, person in pages]
    assert sizes[0] == sizes[1] == 10
    assert 7 <= sizes[2] < 10


def test_text_block_keeps_the_margins(reader):
    for page in reader.pages:
        body = [r for r in runs(page) if r[1] > L.SUBJECT_Y - 1]
        assert body and min(r[0] for r in body) >= L.LEFT
        assert max(r[1] for r in body) < L.PAGE_H - 15


def test_every_page_carries_the_qr_code_of_its_url(reader):
    for page, person in zip(reader.pages, PEOPLE, strict=True):
        assert len(page.images) == 1
        image = page.images[0].image.convert("1")
        border = 4
        matrix = segno.make(person.url, error="m", micro=False).matrix
        assert image.size == (len(matrix) + 2 * border,) * 2
        pixels = image.load()
        dark = [[pixels[c + border, r + border] == 0 for c in range(len(matrix))] for r in range(len(matrix))]
        assert dark == [[bool(v) for v in row] for row in matrix]


def test_fast_qr_codes_equal_segnos_module_for_module():
    rng = random.Random(14)
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    data = [
        "https://example.org/beteiligung/registrierung?code=" + "".join(rng.choices(alphabet, k=length))
        for length in rng.choices([6, 8, 12, 60], k=80)
    ] + ["x", "https://köln.example/anmeldung?code=ĞŞİ-ü", "A" * 250]
    masks = set()
    for text in data:
        made = segno.make(text, error="m", micro=False)
        masks.add(made.mask)
        assert np.array_equal(qr_matrix(text), np.array(made.matrix, dtype=np.uint8)), text
    assert masks == set(range(8))  # every mask was chosen at least once


def test_fold_and_hole_marks_are_drawn(reader):
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    marks = [
        (float(x2) * L.PT, L.PAGE_H - float(y) * L.PT)
        for x1, y, x2 in re.findall(r"([\d.]+) ([\d.]+) m ([\d.]+) \2 l S", content)
        if float(x1) * L.PT < 10
    ]
    assert [round(y, 1) for _x, y in marks] == [*L.FOLD_MARKS, L.HOLE_MARK]
    assert marks[2][0] > marks[0][0]  # the hole mark is the longer one


def test_non_latin_letters_survive(reader):
    text = reader.pages[0].extract_text()
    for word in ("Ayşe Yılmaz", "Hauptstraße", "Grüßen", "Türkçe", "kişisel", "Ğğ Şş İı"):
        assert word in text


def test_labels_can_be_given_in_the_letters_language():
    german = replace(TEXT, code_label="Ihr persönlicher Code", url_label="Anmeldung unter", qr_label="oder QR")
    text = PdfReader(io.BytesIO(letters_pdf(PEOPLE[:1], german))).pages[0].extract_text()
    assert "Ihr persönlicher Code" in text and "Anmeldung unter" in text
    default = PdfReader(io.BytesIO(letters_pdf(PEOPLE[:1], TEXT))).pages[0].extract_text()
    assert "Your personal registration code" in default


def test_a_text_too_long_for_one_page_is_refused():
    long = replace(TEXT, body="\n\n".join(["Ein langer Absatz mit vielen Wörtern. " * 6] * 12))
    with pytest.raises(LetterTooLong, match="mm"):
        letters_pdf(PEOPLE[:1], long)


def test_what_cannot_be_printed_whole_is_refused():
    crowded = replace(TEXT, sender_block=[f"Zeile {i}" for i in range(14)])
    with pytest.raises(LetterTooLong, match="sender block"):
        letters_pdf(PEOPLE[:1], crowded)
    endless = replace(PEOPLE[0], url="https://example.org/r?code=" + "x" * 400)
    with pytest.raises(ValueError, match="too long to print"):
        letters_pdf([endless], TEXT)


def test_no_recipients_is_refused():
    with pytest.raises(ValueError, match="No recipients"):
        letters_pdf([], TEXT)


def test_wrapper_breaks_lines_within_the_width(ruler):
    ruler.set_font(FONT, "", 11)
    lines = L.Wrapper(ruler).lines("Wort " * 60 + "\nneue Zeile " + "x" * 200, 80)
    assert all(ruler.get_string_width(line) <= 80 for line in lines)
    words = [w for line in lines for w in line.split()]
    assert words[:62] == ["Wort"] * 60 + ["neue", "Zeile"]
    assert "".join(words[62:]) == "x" * 200 and len(words) > 63  # the long word is cut
    assert lines[lines.index(next(line for line in lines if line.startswith("neue")))] == "neue Zeile"


# --- the print service's CSV -----------------------------------------------------


def test_csv_has_bom_header_and_one_row_per_recipient():
    data = print_service_csv(PEOPLE)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(CSV_HEADER) == ["Name", "Straße", "PLZ", "Ort", "Code", "Adresse der Anmeldung"]
    assert len(rows) == 1 + len(PEOPLE)
    assert rows[1] == ["Ayşe Yılmaz", "Hauptstraße 5", "58636", "Iserlohn", "K7Q-4M2X", PEOPLE[0].url]


def test_csv_guards_formula_cells():
    evil = Recipient("=HYPERLINK(1)", "+49 Weg", "-1", "@Ort", "\tK", "\rhttps://x")
    row = list(csv.reader(io.StringIO(print_service_csv([evil]).decode("utf-8-sig")), delimiter=";"))[1]
    assert row == ["'=HYPERLINK(1)", "'+49 Weg", "'-1", "'@Ort", "'\tK", "'\rhttps://x"]
    plain = Recipient("Ünal Öz", "Straße 1", "01067", "Dresden", "A-1", "https://x?code=A-1")
    assert list(csv.reader(io.StringIO(print_service_csv([plain]).decode("utf-8-sig")), delimiter=";"))[1][4] == "A-1"
