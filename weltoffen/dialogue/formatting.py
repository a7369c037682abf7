"""How the dialogue pages write shares and gaps, the same on the team's and on the
public pages: percentages with at most one decimal in the reader's language
("16,7 %"), differences in points with their sign, and the gap sentence
("18 to 29 years: 6 % of participants, 17 % of residents")."""

from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

#: Groups as named in a gap sentence.
GAP_LABELS = {
    "age_band": {
        "under_18": _l("Under 18 years"), "18_29": _l("18 to 29 years"), "30_44": _l("30 to 44 years"),
        "45_64": _l("45 to 64 years"), "65_plus": _l("65 years and older"),
    },
    "gender": {"female": _l("Women"), "male": _l("Men"), "diverse": _l("People of diverse gender")},
}


def percent(value: float | None) -> str:
    """A share of 0–100 as a percentage; "–" for none."""
    return "–" if value is None else format_decimal(round(value, 1), "#,##0.#") + "\u00a0%"


def share(value: float | None) -> str:
    """A share of 0–1 as a percentage."""
    return percent(None if value is None else 100 * value)


def points(value: float | None) -> str:
    return "–" if value is None else format_decimal(value, format="+#,##0.0;-#,##0.0")


def gap_sentence(row) -> str:
    """A reach.Row below the residents' share, as a sentence."""
    label = GAP_LABELS.get(row.feature, {}).get(row.value)
    if label is None:
        label = _("District %(name)s", name=row.value) if row.feature == "district" else row.value
    return _("%(group)s: %(share)s of participants, %(population)s of residents",
             group=label, share=percent(row.share), population=percent(row.population))
