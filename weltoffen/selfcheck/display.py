"""How answers and bilingual questionnaire texts read on pages, in exports and mails."""

from babel.numbers import format_decimal
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from ..platform import numbers
from .question_types import TYPES

SPECIAL_LABELS = {"dk": _l("Don't know"), "na": _l("Not applicable")}
STATUS_LABELS = {
    "not_started": _l("Not started"),
    "draft": _l("In progress"),
    "submitted": _l("Submitted"),
}
ADVICE_LABELS = {"open": _l("Open"), "in_progress": _l("In progress"), "answered": _l("Answered")}
#: Where a team answer comes from (answers.Effective.source), in words; "conflict" when
#: members differ and the lead has not decided, "none" when nobody has answered.
SOURCE_LABELS = {
    "team": _l("Team answer set"),
    "agreed": _l("Team agrees"),
    "single": _l("One answer so far"),
    "conflict": _l("Answers differ"),
    "none": _l("No answer yet"),
}
MEASURE_LABELS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}


def lang() -> str:
    locale = get_locale()
    return locale.language if locale else "de"


def tr(text) -> str:
    """The current language's version of a {de, en} text (German as fallback)."""
    if isinstance(text, dict):
        return text.get(lang()) or text.get("de") or ""
    return "" if text is None else str(text)


def answer_label(question: dict, value, special) -> str:
    """An answer as words: the chosen step or option, the number with its unit, …"""
    if special:
        return str(SPECIAL_LABELS[special])
    if value is None:
        return ""
    qtype = question["type"]
    if qtype in ("scale", "yes_partly_no", "single_choice"):
        labels = dict(TYPES[qtype].choices(question))
        return tr(labels.get(str(value)))
    if qtype == "multiple_choice":
        labels = dict(TYPES[qtype].choices(question))
        return "; ".join(tr(labels.get(v)) for v in value)
    if qtype == "number":
        unit = tr(question.get("unit")) if question.get("unit") else ""
        return f"{format_decimal(value, '#,##0.###', locale=lang())} {unit}".strip()
    return str(value)


def source_label(effective) -> str:
    """The state of a team answer in words, as the team view's badges say it."""
    key = effective.source or ("conflict" if effective.conflict else "none")
    return str(SOURCE_LABELS[key])


def score_label(score) -> str:
    return numbers.decimal(score, 0)


RADIO_TYPES = ("scale", "yes_partly_no", "single_choice")


def field_state(question: dict, answer=None, posted=None, prefix: str = "q") -> dict:
    """What a question's inputs show: the posted values after a refused save (so
    nothing typed is lost), else the stored answer."""
    name = f"{prefix}-{question['key']}"
    if posted is not None:
        values = posted.getlist(name)
        return {
            "value": values
            if question["type"] == "multiple_choice"
            else (values[0] if values else ""),
            "special": posted.getlist(f"{name}-special"),
            "evidence": posted.get(f"{name}-evidence", ""),
        }
    if answer is None:
        return {
            "value": [] if question["type"] == "multiple_choice" else "",
            "special": [],
            "evidence": "",
        }
    value, special = answer.value, answer.special
    if question["type"] in RADIO_TYPES:
        shown = special or ("" if value is None else str(value))
        return {"value": shown, "special": [], "evidence": answer.evidence}
    if question["type"] == "multiple_choice":
        return {
            "value": value or [],
            "special": [special] if special else [],
            "evidence": answer.evidence,
        }
    if question["type"] == "number":
        shown = (
            ""
            if value is None
            else (f"{value:g}".replace(".", ",") if lang() == "de" else f"{value:g}")
        )
        return {
            "value": shown,
            "special": [special] if special else [],
            "evidence": answer.evidence,
        }
    return {"value": value or "", "special": [], "evidence": answer.evidence}
