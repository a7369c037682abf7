"""Registrations collected on paper or by phone, imported from a CSV file: checked as a
whole first (per-row errors with line numbers; nothing written on any error).

Columns (German headers, `;` or `,`, UTF-8 or Windows-1252; docs/dialogue-lottery.md):
Code (from the letter; optional), Name, E-Mail, Telefon (one of the two), Altersgruppe,
Geschlecht, Stadtteil, Bildung, Migrationsgeschichte, Bedarfe (optional, separated by
commas), Verfügbarkeit (optional), Quelle (Papier or Telefon; default Papier), Straße
and PLZ (optional, for the one-per-household rule without a code)."""

import csv
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ...network.validation import fold
from ...platform import csvtext
from ..models import AGE_BANDS
from . import services

HEADERS = {
    "code": ("code", "anmeldecode"),
    "name": ("name",),
    "email": ("e-mail", "email", "mail"),
    "phone": ("telefon", "phone", "tel"),
    "age_band": ("altersgruppe", "alter"),
    "gender": ("geschlecht",),
    "district": ("stadtteil", "ortsteil", "bezirk"),
    "education": ("bildung", "abschluss"),
    "migration": ("migrationsgeschichte", "migration"),
    "needs": ("bedarfe", "bedarf"),
    "availability": ("verfuegbarkeit", "termine"),
    "source": ("quelle",),
    "street": ("strasse", "anschrift"),
    "postcode": ("plz",),
}
REQUIRED = {"name": "Name", "age_band": "Altersgruppe", "gender": "Geschlecht", "district": "Stadtteil",
            "education": "Bildung", "migration": "Migrationsgeschichte"}
AGE_WORDS = {"unter 18": "under_18", "16-17": "under_18", "18-29": "18_29", "30-44": "30_44", "45-64": "45_64",
             "65+": "65_plus", "65 und aelter": "65_plus", **{band: band for band in AGE_BANDS}}
GENDER_WORDS = {"w": "female", "weiblich": "female", "m": "male", "maennlich": "male", "d": "diverse",
                "divers": "diverse"}
EDUCATION_WORDS = {"niedrig": "low", "low": "low", "mittel": "medium", "medium": "medium", "hoch": "high",
                   "high": "high"}
MIGRATION_WORDS = {"ja": "yes", "yes": "yes", "nein": "no", "no": "no"}
SOURCE_WORDS = {"": "paper", "papier": "paper", "paper": "paper", "telefon": "phone", "phone": "phone"}
NEED_WORDS = {"stufenlos": "step_free", "barrierefrei": "step_free", "kinderbetreuung": "childcare",
              "dolmetschen": "interpreting", "gebaerdensprache": "sign_language", "fahrtkosten": "travel_costs"}


@dataclass
class RegistrantsResult:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def parse(data: bytes, districts: set[str]) -> RegistrantsResult:
    result = RegistrantsResult()
    text = csvtext.decode(data)
    if text is None or not text.strip():
        result.errors.append((0, _("The file is not a CSV text file, or it is empty.")))
        return result
    reader = csvtext.reader(text)
    header = next(reader)
    keys = csvtext.columns(header, HEADERS, fold)
    missing = [label for key, label in REQUIRED.items() if key not in keys]
    if missing:
        result.errors.append((1, _("Missing columns: %(cols)s.", cols=", ".join(missing))))
        return result
    codes: dict[str, int] = {}
    try:
        for line_no, cells in csvtext.numbered_rows(reader):
            row = _row(line_no, cells, keys, len(header), districts, result)
            if row is None:
                continue
            if row["code"]:
                first = codes.setdefault(row["code"], line_no)
                if first != line_no:
                    result.errors.append((line_no, _("The code appears twice (first in line %(first)d).",
                                                     first=first)))
                    continue
            result.rows.append(row)
    except csv.Error:
        result.errors.append((reader.line_num, _("The CSV structure is broken here (for example an unclosed "
                                                 "quotation mark).")))
    if not result.rows and not result.errors:
        result.errors.append((0, _("The file contains no registrations.")))
    return result


def _row(line_no, cells, keys, width, districts, result) -> dict | None:
    if len(cells) < width:
        result.errors.append((line_no, _("The row has %(n)d fields; the header names %(m)d.", n=len(cells), m=width)))
        return None
    get = {k: cells[i].strip() for k, i in keys.items()}
    errors = []

    def word(key, table, label):
        value = table.get(fold(get.get(key, "")))
        if value is None:
            errors.append(_("%(column)s: unknown value %(value)s.", column=label, value=get.get(key, "")))
        return value

    name = get["name"]
    if not name or len(name) > 200:
        errors.append(_("Name: 1 to 200 characters are required."))
    email, phone = get.get("email", "").lower(), get.get("phone", "")
    if not email and not phone:
        errors.append(_("E-Mail or Telefon is needed."))
    if email and ("@" not in email or len(email) > 254):
        errors.append(_("E-Mail: not an address (%(value)s).", value=email))
    features = {"age_band": word("age_band", AGE_WORDS, "Altersgruppe"),
                "gender": word("gender", GENDER_WORDS, "Geschlecht"),
                "district": get["district"],
                "education": word("education", EDUCATION_WORDS, "Bildung"),
                "migration": word("migration", MIGRATION_WORDS, "Migrationsgeschichte")}
    if districts and get["district"] not in districts:
        errors.append(_("Stadtteil: %(value)s is not a district of the register.", value=get["district"]))
    source = word("source", SOURCE_WORDS, "Quelle")
    needs = []
    for part in (p.strip() for p in get.get("needs", "").split(",")):
        if part:
            need = NEED_WORDS.get(fold(part))
            if need is None:
                errors.append(_("Bedarfe: unknown value %(value)s.", value=part))
            else:
                needs.append(need)
    code = services.normalise_code(get.get("code", ""))
    if code and len(code) != services.CODE_LENGTH:
        errors.append(_("Code: 16 letters and digits (%(value)s).", value=get.get("code", "")))
    if errors:
        result.errors.extend((line_no, e) for e in errors)
        return None
    return {"line": line_no, "code": code, "source": source, "street": get.get("street", ""),
            "postcode": get.get("postcode", ""),
            "details": {"name": name, "email": email, "phone": phone, "features": features, "needs": needs,
                        "language": "", "availability": get.get("availability", ""), "consent": True}}
