"""Fill German msgstrs from a Python file defining T = {msgid: msgstr} (plural
msgids as tuples), then drop obsolete entries. For translators' batch work:
    .venv/bin/python scripts/po_fill.py translations.py"""

import runpy
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).parents[1] / "weltoffen/translations/de/LC_MESSAGES/messages.po"


def main(source: str) -> None:
    table = runpy.run_path(source)["T"]
    with PO.open("rb") as f:
        catalog = read_po(f)
    filled = 0
    for msgid, msgstr in table.items():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalog.get(key)
        if message is None:
            print(f"not in catalog: {key!r}", file=sys.stderr)
            continue
        message.string = msgstr
        message.flags.discard("fuzzy")
        filled += 1
    catalog.obsolete.clear()
    with PO.open("wb") as f:
        write_po(f, catalog, width=0)
    print(f"{filled} entries filled")


if __name__ == "__main__":
    main(sys.argv[1])
