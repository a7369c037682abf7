"""Reading CSV files as German spreadsheets save them."""


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
