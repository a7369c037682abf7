"""The invitation letters of a draw: one A4 page per person, laid out for a DIN 5008
form B window envelope (letters_layout.py), with the personal registration code and
address as text and as a QR code; and the CSV a print service merges letters from.

Pure: plain dataclasses in, bytes out. The letter's wording comes in `LetterText`
(the municipality's text in the letter's language); only the labels of the
registration box fall back to gettext when LetterText leaves them empty."""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from fpdf import FPDF

from ...platform import csvtext
from ...platform.pdf import FONT, add_fonts, close_fonts
from . import letters_layout as L
from .letters_qr import qr_image

TEXT = (26, 26, 26)
MUTED = (74, 81, 96)
BODY_PT = 11.0
CSV_HEADER = ("Name", "Straße", "PLZ", "Ort", "Code", "Adresse der Anmeldung")


@dataclass(frozen=True)
class Recipient:
    """One invited person: postal address, personal code and the registration URL with the code."""

    name: str
    street: str
    postcode: str
    city: str
    code: str
    url: str


@dataclass(frozen=True)
class LetterText:
    """The wording of the letter, the same for everyone except {name} in the body."""

    sender_line: str  # Rücksendeangabe, e.g. "Stadt Iserlohn · Schillerplatz 7 · 58636 Iserlohn"
    sender_block: list[str]
    place_date: str
    subject: str
    body: str  # paragraphs separated by blank lines; "{name}" becomes the recipient's name
    signature: list[str]
    second_language: tuple[str, str] | None = None  # (heading, body), e.g. a short Turkish paragraph
    code_label: str = ""  # defaults to gettext("Your personal registration code")
    url_label: str = ""  # defaults to gettext("Register online at")
    qr_label: str = ""  # defaults to gettext("or scan the QR code with your phone")


class LetterTooLong(ValueError):
    """The letter text does not fit on one page above the registration box."""


def letters_pdf(recipients: Sequence[Recipient], text: LetterText) -> bytes:
    """One A4 page per recipient, in the given order (ValueError for none: fpdf2
    cannot write a PDF without pages, and an empty print run is a mistake upstream)."""
    if not recipients:
        raise ValueError("No recipients: there is no letter to print.")
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    add_fonts(pdf)
    try:
        return _write(pdf, recipients, text)
    finally:
        close_fonts(pdf)


def _write(pdf: FPDF, recipients: Sequence[Recipient], text: LetterText) -> bytes:
    pdf.set_auto_page_break(False)
    pdf.set_margins(L.LEFT, 20, L.RIGHT)
    pdf.set_creator("weltoffen")
    pdf.set_title(text.subject)
    pdf.set_text_color(*TEXT)
    wrap = L.Wrapper(pdf)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.body.strip()) if p.strip()]
    labels = (
        text.code_label or _("Your personal registration code"),
        text.url_label or _("Register online at"),
        text.qr_label or _("or scan the QR code with your phone"),
    )
    for recipient in recipients:
        pdf.add_page()
        _marks(pdf)
        _window(pdf, recipient, text.sender_line)
        _info(pdf, text)
        y = _letter(pdf, wrap, recipient, text, paragraphs)
        if y > L.BODY_END:
            raise LetterTooLong(f"The letter text ends at {y:.0f} mm; shorten it to end above {L.BODY_END:.0f} mm.")
        _registration(pdf, wrap, recipient, labels)
    return bytes(pdf.output())


def print_service_csv(recipients: Sequence[Recipient]) -> bytes:
    """The recipients for a print service's mail merge: UTF-8 with BOM, ';'-separated,
    German headers; cells a spreadsheet would run as a formula are prefixed with '."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in recipients:
        writer.writerow([_cell(v) for v in (r.name, r.street, r.postcode, r.city, r.code, r.url)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _cell(value: str) -> str:
    return csvtext.safe("" if value is None else str(value))


def _marks(pdf: FPDF) -> None:
    """Fold marks at 105 and 210 mm and the hole mark at 148.5 mm, at the left edge."""
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    for y in L.FOLD_MARKS:
        pdf.line(4, y, 9, y)
    pdf.line(4, L.HOLE_MARK, 12, L.HOLE_MARK)


def _window(pdf: FPDF, recipient: Recipient, sender_line: str) -> None:
    """The return address in small type above a hairline, then the address."""
    box = L.RETURN_LINE
    _fitting(pdf, sender_line, box.w, "", 7.0, 5.0)
    pdf.set_text_color(*MUTED)
    pdf.text(box.x, box.y + 3.2, sender_line)
    pdf.line(box.x, box.y + 4.2, box.x + min(box.w, pdf.get_string_width(sender_line)), box.y + 4.2)
    pdf.set_text_color(*TEXT)
    lines = [recipient.name, recipient.street, f"{recipient.postcode} {recipient.city}".strip()]
    size = min(_fitting(pdf, line, L.ADDRESS.w, "", 10.0, 7.0) for line in lines)
    pdf.set_font(FONT, "", size)
    step = L.line_height(size)
    for i, line in enumerate(lines):
        pdf.text(L.ADDRESS.x, L.ADDRESS.y + 3.5 + i * step, line)


def _info(pdf: FPDF, text: LetterText) -> None:
    """The sender's block to the right of the window, the place and date at its foot."""
    box = L.INFO
    step = L.line_height(9)
    y = box.y + 3.2
    for line in text.sender_block:
        _fitting(pdf, line, box.w, "", 9.0, 7.0)
        pdf.text(box.x, y, line)
        y += step
    y = max(y + step, box.y + box.h - 3)
    if y > L.SUBJECT_Y - step:
        raise LetterTooLong("The sender block has too many lines to end above the subject line.")
    _fitting(pdf, text.place_date, box.w, "", 9.0, 7.0)
    pdf.text(box.x, y, text.place_date)


def _letter(pdf: FPDF, wrap: L.Wrapper, recipient: Recipient, text: LetterText, paragraphs: list[str]) -> float:
    """Subject, body, signature and the second-language paragraph; the last baseline."""
    step = L.line_height(BODY_PT)
    pdf.set_font(FONT, "B", BODY_PT)
    y = _set(pdf, wrap.lines(text.subject, L.TEXT_W, cache=True), L.SUBJECT_Y, step)
    y = max(y + step, L.BODY_Y)
    pdf.set_font(FONT, "", BODY_PT)
    for paragraph in paragraphs:
        y = _set(pdf, _personal(wrap, paragraph, recipient.name, L.TEXT_W), y, step) + step * 1.6
    y = _set(pdf, text.signature, y, step)
    if text.second_language:
        heading, body = text.second_language
        small = 9.0
        pdf.set_font(FONT, "B", small)
        y = _set(pdf, [heading], y + step * 1.6, L.line_height(small)) + L.line_height(small)
        pdf.set_font(FONT, "", small)
        y = _set(pdf, _personal(wrap, body, recipient.name, L.TEXT_W), y, L.line_height(small))
    return y


def _set(pdf: FPDF, lines: Sequence[str], y: float, step: float) -> float:
    """Sets `lines` from baseline `y` on, `step` apart; the last line's baseline."""
    for line in lines:
        pdf.text(L.LEFT, y, line)
        y += step
    return y - step


def _personal(wrap: L.Wrapper, paragraph: str, name: str, width: float) -> list[str]:
    """The lines of `paragraph` with {name} filled in; the same for everyone is wrapped once."""
    if "{name}" in paragraph:
        return wrap.lines(paragraph.replace("{name}", name), width)
    return wrap.lines(paragraph, width, cache=True)


def _registration(pdf: FPDF, wrap: L.Wrapper, recipient: Recipient, labels: tuple[str, str, str]) -> None:
    """A framed box: the code large, the URL, and the QR code of the URL at the right."""
    box = L.REGISTRATION
    code_label, url_label, qr_label = labels
    pdf.set_draw_color(*MUTED)
    pdf.rect(box.x, box.y, box.w, box.h)
    left, width = box.x + 5, box.w - L.QR_SIZE - 12
    pdf.set_font(FONT, "", 9)
    pdf.text(left, box.y + 7, code_label)
    pdf.set_font(FONT, "B", 16)
    pdf.text(left, box.y + 14.5, recipient.code)
    pdf.set_font(FONT, "", 9)
    pdf.text(left, box.y + 21, url_label)
    y = box.y + 25.5
    pdf.set_font(FONT, "B", 9)
    lines = wrap.lines(recipient.url, width)
    if len(lines) > 3:
        raise ValueError(f"The registration address is too long to print: {recipient.url}")
    for line in lines:
        pdf.text(left, y, line)
        y += L.line_height(9)
    pdf.set_font(FONT, "", 9)
    pdf.text(left, y + 1, qr_label)
    qr_x = box.x + box.w - L.QR_SIZE - 4
    pdf.image(qr_image(recipient.url), x=qr_x, y=box.y + (box.h - L.QR_SIZE) / 2, w=L.QR_SIZE, h=L.QR_SIZE)


def _fitting(pdf: FPDF, line: str, width: float, style: str, largest: float, smallest: float) -> float:
    """The largest size from `largest` down to `smallest` in 0.5 pt steps at which
    `line` fits `width`; the font is left set at that size."""
    size = largest
    pdf.set_font(FONT, style, size)
    while size > smallest and pdf.get_string_width(line) > width:
        size -= 0.5
        pdf.set_font(FONT, style, size)
    return size
