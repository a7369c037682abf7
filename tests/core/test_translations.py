"""The German catalog is the default UI language, so it must be complete and safe.

These tests extract the messages from the current source tree (the same method map
and keywords as babel.cfg / `make extract-messages`) and check the German .po:
every msgid translated, nothing fuzzy, placeholders intact, and the catalog compiles.

When a test here fails after you added or changed UI strings, refresh and translate:

    .venv/bin/python scripts/translations_todo.py --refresh

(or `make extract-messages`) and fill in the listed msgstr in
weltoffen/translations/de/LC_MESSAGES/messages.po.
"""

import gettext
import re
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import PYTHON_FORMAT
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
BABEL_CFG = ROOT / "babel.cfg"
DE_PO = ROOT / "weltoffen" / "translations" / "de" / "LC_MESSAGES" / "messages.po"

# Mirrors babel.cfg (checked by test_method_map_matches_babel_cfg).
METHOD_MAP = [
    ("weltoffen/**.py", "python"),
    ("weltoffen/**/templates/**.html", "jinja2.ext:babel_extract"),
    ("weltoffen/**/templates/**.txt", "jinja2.ext:babel_extract"),
]
# The Makefile passes `-k _l -k lazy_gettext` on top of Babel's defaults
# (which include _, gettext, ngettext, pgettext, ...).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "ngettext": (1, 2)}
# A template that Jinja cannot parse would silently lose its strings in
# `pybabel extract`; here it is an error.
JINJA_OPTIONS = {"silent": "false"}

# A python-format conversion specification, including the escape "%%".
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]*)\))?"  # mapping key
    r"[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?"  # flags, width, precision, length
    r"(?P<type>[diouxXeEfFgGcrsa%])"
)


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text) if m.group("type") != "%"}


def has_stray_percent(text: str) -> bool:
    return "%" in PLACEHOLDER.sub("", text)


def _key(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _forms(string) -> tuple[str, ...]:
    return string if isinstance(string, tuple) else (string,)


def _wanted_directory(path: str) -> bool:
    """Like `pybabel extract --ignore-dirs '.* __pycache__'`: templates/_macros counts."""
    name = Path(path).name
    return not name.startswith(".") and name != "__pycache__"


@pytest.fixture(scope="module")
def extracted():
    """{(msgid, context): {"id": str | tuple, "where": [path:line, ...], "template": bool}}"""
    options = {pattern: JINJA_OPTIONS for pattern, method in METHOD_MAP if method != "python"}
    found: dict = {}
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(ROOT),
        method_map=METHOD_MAP,
        options_map=options,
        keywords=KEYWORDS,
        comment_tags=(),
        directory_filter=_wanted_directory,
    ):
        if not _key(message):
            continue
        entry = found.setdefault(
            (_key(message), context), {"id": message, "where": [], "template": False}
        )
        if isinstance(message, tuple):
            entry["id"] = message
        entry["where"].append(f"{filename}:{lineno}")
        if not filename.endswith(".py"):
            entry["template"] = True
    assert found, "no messages extracted: is the method map still right?"
    return found


@pytest.fixture(scope="module")
def catalog():
    with DE_PO.open("rb") as fileobj:
        return read_po(fileobj, locale="de", domain="messages")


def test_method_map_matches_babel_cfg():
    with BABEL_CFG.open(encoding="utf-8") as fileobj:
        method_map, _options = parse_mapping_cfg(fileobj, str(BABEL_CFG))
    expected = [
        (pattern, "jinja2" if "jinja2" in method else method) for pattern, method in METHOD_MAP
    ]
    assert method_map == expected, "babel.cfg changed: update METHOD_MAP in this test"


def test_every_msgid_is_translated(extracted, catalog):
    problems = []
    for (msgid, context), entry in sorted(extracted.items(), key=lambda item: item[0][0]):
        where = ", ".join(entry["where"][:3])
        message = catalog.get(msgid, context=context)
        if message is None:
            problems.append(f"missing: {msgid!r}  ({where})")
        elif "fuzzy" in message.flags:
            problems.append(f"fuzzy: {msgid!r}  ({where})")
        elif isinstance(entry["id"], tuple) and not isinstance(message.id, tuple):
            problems.append(f"needs plural forms: {msgid!r}  ({where})")
        elif not all(form.strip() for form in _forms(message.string)):
            problems.append(f"empty: {msgid!r}  ({where})")
    assert not catalog.fuzzy, "the German catalog header is marked fuzzy"
    assert not problems, (
        f"{len(problems)} German translation(s) to do in {DE_PO.relative_to(ROOT)} "
        "(refresh with `.venv/bin/python scripts/translations_todo.py --refresh`):\n"
        + "\n".join(problems)
    )


def test_placeholders_match(catalog):
    problems = []
    for message in catalog:
        if not message.id or not any(_forms(message.string)):
            continue
        if isinstance(message.id, tuple):
            singular_id, plural_id = message.id
            expected = placeholders(plural_id)
            for index, form in enumerate(message.string):
                got = placeholders(form)
                # "Ein Fehler" instead of "1 Fehler" is fine in the singular.
                allowed = [expected, expected - {"%(num)d"}] if index == 0 else [expected]
                if got not in allowed:
                    problems.append(
                        f"{singular_id!r} [plural form {index}]: "
                        f"expected {sorted(expected)}, got {sorted(got)}"
                    )
        else:
            expected, got = placeholders(message.id), placeholders(message.string)
            if got != expected:
                problems.append(f"{message.id!r}: expected {sorted(expected)}, got {sorted(got)}")
    assert not problems, "placeholders differ between msgid and German msgstr:\n" + "\n".join(
        problems
    )


def test_no_stray_percent_sign(extracted, catalog):
    """Jinja's new-style gettext always %-formats, and so does Python code that passes
    variables: a lone "%" in the German text would crash the page (write "%%")."""
    problems = []
    for (msgid, context), entry in extracted.items():
        message = catalog.get(msgid, context=context)
        if message is None:
            continue
        formatted = entry["template"] or PYTHON_FORMAT.search(msgid) is not None
        if formatted and any(has_stray_percent(form) for form in _forms(message.string)):
            problems.append(f"{msgid!r}  ({', '.join(entry['where'][:3])})")
    assert not problems, "German msgstr with a lone % (write %% for a percent sign):\n" + "\n".join(
        problems
    )


def test_german_typographic_quotes(catalog):
    """German quotes are „…“; an English closing quote ” in a translation is a slip."""
    bad = [
        message.id
        for message in catalog
        if message.id and any("”" in form for form in _forms(message.string))
    ]
    assert not bad, "use „…“ in German: " + ", ".join(map(repr, bad))


def test_catalog_compiles(catalog):
    errors = [
        (message.id, error)
        for message, message_errors in catalog.check()
        for error in message_errors
    ]
    assert not errors, f"catalog.check() found errors: {errors}"
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"

    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    translations = gettext.GNUTranslations(buffer)
    assert translations.gettext("Log in") == "Anmelden"
    assert (
        translations.ngettext("%(num)d municipality", "%(num)d municipalities", 1) % {"num": 1}
        == "1 Kommune"
    )
    assert (
        translations.ngettext("%(num)d municipality", "%(num)d municipalities", 3) % {"num": 3}
        == "3 Kommunen"
    )
