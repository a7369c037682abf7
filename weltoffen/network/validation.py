"""Parsing and checking of municipality attributes, shared by forms, the CSV import
and the demo data. Functions return (value, None) or (None, message)."""

import re
import unicodedata

from flask_babel import gettext as _

from .models import KINDS, STATES

STATE_ABBREVIATIONS = {
    "sh": "01",
    "hh": "02",
    "ni": "03",
    "nds": "03",
    "hb": "04",
    "nw": "05",
    "nrw": "05",
    "he": "06",
    "rp": "07",
    "rlp": "07",
    "bw": "08",
    "by": "09",
    "sl": "10",
    "be": "11",
    "bb": "12",
    "mv": "13",
    "sn": "14",
    "st": "15",
    "lsa": "15",
    "th": "16",
}
KIND_ALIASES = {
    "gemeinde": "gemeinde",
    "municipality": "gemeinde",
    "stadt": "stadt",
    "town": "stadt",
    "city": "stadt",
    "kreisfreie_stadt": "kreisfreie_stadt",
    "kreisfreie stadt": "kreisfreie_stadt",
    "district-free city": "kreisfreie_stadt",
    "independent city": "kreisfreie_stadt",
    "stadtkreis": "kreisfreie_stadt",
    "landkreis": "landkreis",
    "kreis": "landkreis",
    "district": "landkreis",
}
MAX_POPULATION = 10_000_000


def fold(text: str) -> str:
    """Lower-case, umlauts spelled out, for matching names typed in many ways."""
    text = text.strip().lower().replace("ß", "ss")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue")):
        text = text.replace(a, b)
    return unicodedata.normalize("NFKC", text)


_STATE_BY_NAME = {fold(name): code for code, name in STATES.items()}


def parse_state(raw: str):
    value = (raw or "").strip()
    if value.isdigit() and 1 <= int(value) <= 16:
        return f"{int(value):02d}", None
    folded = fold(value)
    code = _STATE_BY_NAME.get(folded) or STATE_ABBREVIATIONS.get(folded)
    if code:
        return code, None
    return None, _("Unknown federal state “%(value)s”.", value=value[:40])


def parse_kind(raw: str):
    kind = KIND_ALIASES.get(fold(raw or "").replace("_", " ")) or KIND_ALIASES.get(fold(raw or ""))
    if kind in KINDS:
        return kind, None
    return None, _(
        "Unknown kind “%(value)s”; use Gemeinde, Stadt, kreisfreie Stadt or Landkreis.",
        value=(raw or "")[:40],
    )


def parse_ags(raw: str, state: str | None = None):
    """The 8-digit AGS (2 state, 1 Regierungsbezirk, 2 Kreis, 3 Gemeinde). Seven digits
    are taken as a leading zero a spreadsheet dropped when that gives a state code and,
    if the state is known, the same state; otherwise they are reported as such."""
    value = re.sub(r"\s", "", raw or "")
    if value.isdigit() and len(value) == 7:
        padded = "0" + value
        if padded[:2] in STATES and state in (None, padded[:2]):
            return padded, None
        return None, _(
            "The AGS “%(value)s” has 7 digits; it needs 8 (a leading zero missing?).", value=value
        )
    if not (value.isdigit() and len(value) == 8):
        return None, _(
            "The AGS must have exactly 8 digits (got “%(value)s”).", value=(raw or "")[:20]
        )
    if value[:2] not in STATES:
        return None, _("The AGS must begin with a state code 01–16 (got “%(value)s”).", value=value)
    return value, None


def parse_population(raw):
    value = re.sub(r"[\s._'’]", "", str(raw or ""))
    if not value.isdigit():
        return None, _(
            "The population must be a whole number (got “%(value)s”).", value=str(raw)[:20]
        )
    number = int(value)
    if not 0 < number <= MAX_POPULATION:
        return None, _("The population must be between 1 and 10,000,000.")
    return number, None


def parse_share(raw):
    value = str(raw if raw is not None else "").strip().rstrip("%").strip().replace(",", ".")
    try:
        number = float(value)
    except ValueError:
        return None, _(
            "The share of foreign-born residents must be a number in percent (got “%(value)s”).",
            value=str(raw)[:20],
        )
    if not 0 <= number <= 100:
        return None, _("The share of foreign-born residents must be between 0 and 100 percent.")
    return round(number, 1), None


def check_consistency(ags: str, state: str, kind: str) -> list[str]:
    """The AGS must fit the state and the kind of municipality."""
    errors = []
    if ags[:2] != state:
        errors.append(
            _(
                "The AGS %(ags)s belongs to %(ags_state)s, not to %(state)s.",
                ags=ags,
                ags_state=STATES[ags[:2]],
                state=STATES.get(state, state),
            )
        )
    ends_district = ags.endswith("000")
    if kind in ("landkreis", "kreisfreie_stadt") and not ends_district:
        errors.append(
            _("The AGS of a district or district-free city ends in 000 (got %(ags)s).", ags=ags)
        )
    if kind in ("gemeinde", "stadt") and ends_district:
        errors.append(
            _(
                "The AGS %(ags)s names a district; "
                "a Gemeinde or Stadt has its own last three digits.",
                ags=ags,
            )
        )
    return errors
