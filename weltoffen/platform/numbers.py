"""Numbers as the reader's language writes them (Babel): "39,0" in German, "39.0" in
English. The one place pages, messages and CSV exports format a number; templates
reach it as `format_number(value, digits)` and the `number` filter."""

from babel.numbers import format_decimal
from flask_babel import get_locale

DASH = "–"


def pattern(digits: int, grouping: bool = True) -> str:
    """A Babel pattern with exactly `digits` decimals ("#,##0.0" for 1)."""
    return ("#,##0" if grouping else "0") + ("." + "0" * digits if digits > 0 else "")


def decimal(value, digits: int = 1, locale=None, grouping: bool = True, empty: str = DASH) -> str:
    """The value with exactly `digits` decimals in the locale (the request's by default);
    `empty` for None. Without grouping for files that other programs parse again."""
    if value is None:
        return empty
    return format_decimal(value, pattern(digits, grouping), locale=locale or get_locale() or "de")


def language(locale=None) -> str:
    """"de" or "en": the language whose conventions a file follows."""
    chosen = locale or get_locale()
    return "en" if chosen is not None and str(chosen).startswith("en") else "de"
