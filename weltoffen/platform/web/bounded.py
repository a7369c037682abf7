"""Integers from the URL, the query string and forms stay inside the database's range.

SQLite stores 64-bit signed integers; a larger Python int bound to a statement raises
OverflowError (a 500) before the database sees it. So the `int` URL converter is
replaced app-wide by one with max 2**63 - 1 (a larger id matches no route: 404), and
`request.args/form.get(..., type=int)` answer 400 for a number out of range
(security.Request's parameter storage). PostgreSQL's int4 columns compare fine with
larger parameters, so this one bound is enough for both."""

import builtins

from flask import abort
from werkzeug.routing import IntegerConverter

MAX_INT = 2**63 - 1
MIN_INT = -(2**63)


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` limited to the database's range unless a rule asks for less."""

    def __init__(self, map, fixed_digits=0, min=None, max=None, signed=False):  # noqa: A002 - werkzeug's names
        lower = MIN_INT if min is None else builtins.max(min, MIN_INT)
        upper = MAX_INT if max is None else builtins.min(max, MAX_INT)
        super().__init__(map, fixed_digits=fixed_digits, min=lower, max=upper, signed=signed)


def checked_int(raw) -> int:
    """int(raw) for MultiDict.get(type=int): ValueError/TypeError for what is no number
    (the caller's default then applies), 400 for a number out of range."""
    try:
        number = int(raw)
    except ValueError:
        if isinstance(raw, str) and raw.strip().lstrip("+-").isdigit():
            abort(400)  # more digits than int() converts at all
        raise
    if not MIN_INT <= number <= MAX_INT:
        abort(400)
    return number


def init_app(app) -> None:
    """Before any blueprint is registered: rules pick their converter when added."""
    app.url_map.converters["int"] = BoundedIntegerConverter
