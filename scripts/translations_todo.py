"""List what is left to translate in the German catalog.

    .venv/bin/python scripts/translations_todo.py            # list untranslated / fuzzy entries
    .venv/bin/python scripts/translations_todo.py --refresh  # first re-extract and update the .po

--refresh runs the same commands as `make extract-messages` (pybabel extract + update,
no fuzzy matching, no wrapping). Exit status 1 while anything is left to do, so it
can be used in a loop or in CI.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "weltoffen" / "translations"
POT = TRANSLATIONS / "messages.pot"
PYBABEL = Path(sys.executable).with_name("pybabel")


def refresh() -> None:
    subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [
            str(PYBABEL),
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "--no-location",
            "--sort-output",
            # Babel skips folders starting with "_" by default; templates/_macros has strings.
            "--ignore-dirs",
            ".* __pycache__",
            "-o",
            str(POT.relative_to(ROOT)),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(  # noqa: S603 (fixed argv, no shell)
        [
            str(PYBABEL),
            "-q",
            "update",
            "-N",
            "--no-wrap",
            "-i",
            str(POT.relative_to(ROOT)),
            "-d",
            str(TRANSLATIONS.relative_to(ROOT)),
        ],
        cwd=ROOT,
        check=True,
    )


def todo(locale: str) -> list[str]:
    po = TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as fileobj:
        catalog = read_po(fileobj, locale=locale)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if "fuzzy" in message.flags:
            problems.append(f"fuzzy: {msgid!r}")
        elif not all(form.strip() for form in forms):
            problems.append(f"empty: {msgid!r}")
    obsolete = len(catalog.obsolete)
    if obsolete:
        print(f"({obsolete} obsolete entries kept as #~ comments in {po.relative_to(ROOT)})")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--refresh", action="store_true", help="re-extract messages and update the catalog first"
    )
    parser.add_argument("--locale", default="de")
    args = parser.parse_args()
    if args.refresh:
        refresh()
    problems = todo(args.locale)
    for line in problems:
        print(line)
    print(
        f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'} to translate ({args.locale})"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
