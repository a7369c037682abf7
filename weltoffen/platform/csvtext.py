"""Reading CSV files as German spreadsheets save them."""

import csv
import io


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
