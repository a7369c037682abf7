"""Jinja globals: the permission rules (`can`), labels, language, demo flag and number
formatting (`format_number` and the `number` filter, both `platform.numbers.decimal`)."""

from flask_babel import format_datetime, format_time, get_locale

from ... import permissions
from ...network.labels import KIND_LABELS, ROLE_LABELS
from ...network.models import STATES
from .. import numbers
from ..db.columns import utcnow
from ..svg import narrow_url


def init_app(app) -> None:
    from ...selfcheck import display
    from ...selfcheck.question_types import TYPES

    app.jinja_env.filters["tr"] = display.tr
    app.jinja_env.filters["number"] = numbers.decimal
    app.jinja_env.globals.update(
        choices_of=lambda q: TYPES[q["type"]].choices(q),
        field_state=display.field_state,
        now_time=lambda: format_time(utcnow(), "HH:mm"),
        format_when=lambda value: format_datetime(value, "medium") if value else "–",
        format_number=numbers.decimal,
        answer_label=display.answer_label,
        score_label=display.score_label,
        SPECIAL_LABELS=display.SPECIAL_LABELS,
        STATUS_LABELS=display.STATUS_LABELS,
        ADVICE_LABELS=display.ADVICE_LABELS,
        MEASURE_LABELS=display.MEASURE_LABELS,
        can=permissions,
        ROLE_LABELS=ROLE_LABELS,
        KIND_LABELS=KIND_LABELS,
        STATES=STATES,
        current_locale=lambda: str(get_locale() or app.config["BABEL_DEFAULT_LOCALE"]),
        narrow_chart_url=narrow_url,
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
