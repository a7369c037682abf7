"""Jinja globals every domain's templates use: the permission rules (`can`), language,
times and number formatting (`format_number` and the `number` filter, both
`platform.numbers.decimal`), the narrow chart URL. A domain's own labels and
helpers are registered by the domain (its register()), not here."""

from flask_babel import format_datetime, format_time, get_locale

from ... import permissions
from .. import numbers
from ..db.columns import utcnow
from ..svg import narrow_url


def init_app(app) -> None:
    app.jinja_env.filters["number"] = numbers.decimal
    app.jinja_env.globals.update(
        now_time=lambda: format_time(utcnow(), "HH:mm"),
        format_when=lambda value: format_datetime(value, "medium") if value else "–",
        format_number=numbers.decimal,
        can=permissions,
        current_locale=lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
        narrow_chart_url=narrow_url,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
