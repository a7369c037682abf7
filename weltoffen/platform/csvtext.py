"""Reading CSV files as German spreadsheets save them, and writing CSV exports as the
spreadsheet of the reader's language opens them."""

import csv
import io

from . import numbers

#: Text a spreadsheet would run as a formula starts with one of these.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), else Windows-1252 as German spreadsheets save it;
    None for what is not text (NUL bytes near the start)."""
    if b"\x00" in data[:4096]:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def reader(text: str):
    """A csv.reader over the text, separated by ; or , (whichever the first line has more of)."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return csv.reader(io.StringIO(text), delimiter=delimiter)


def columns(header: list[str], aliases: dict[str, tuple[str, ...]], fold) -> dict[str, int]:
    """{key: position} of the columns whose folded name is one of the key's aliases
    (the first such column wins)."""
    keys: dict[str, int] = {}
    for position, name in enumerate(header):
        folded = fold(name).strip("\"' ")
        for key, names in aliases.items():
            if folded in names and key not in keys:
                keys[key] = position
    return keys


def numbered_rows(reader):
    """(line number of the row's first line, cells) for every row that is not empty; a
    quoted field may span lines, so the number follows the reader, not a counter. A
    broken file raises csv.Error from the loop (the caller reports reader.line_num)."""
    last = reader.line_num
    for cells in reader:
        line_no, last = last + 1, reader.line_num
        if any(c.strip() for c in cells):
            yield line_no, cells


def safe(text: str) -> str:
    """Spreadsheets run text starting with = + - @ (or a tab) as a formula; quote such text."""
    return "'" + text if text[:1] in FORMULA_START else text


def cell(value, locale=None) -> str:
    """One exported cell: empty for None, whole numbers as digits, other numbers with one
    decimal in the export's language (39,0 or 39.0, no thousands separator), text quoted
    against formulas."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return numbers.decimal(value, 1, locale=locale, grouping=False)
    return safe(str(value))


def delimiter(locale=None) -> str:
    """German Excel splits at ";" (the comma is its decimal mark), English Excel at ","."""
    return ";" if numbers.language(locale) == "de" else ","


def write(rows, locale=None) -> bytes:
    """A CSV export, header first: UTF-8 with BOM (so Excel detects the encoding), the
    language's delimiter and decimal mark (`cell`), CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter(locale), lineterminator="\r\n")
    for line in rows:
        writer.writerow([cell(v, locale) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
