"""The extract of the population register a lottery draws from: parsed and checked as a
whole before anything is kept (per-row errors with line numbers; nothing written on
any error), streamed row by row so 400,000 adults take seconds, then packed for
sealing as one compressed blob (services.import_register).

Columns (German headers, `;` or `,`, UTF-8 or Windows-1252; layout in
docs/dialogue-lottery.md): Ordnungsmerkmal (register id), Name or Vorname + Nachname,
Straße (with or without a separate Hausnummer), PLZ, Ort (optional), Stadtteil,
Geburtsdatum or Geburtsjahr, Geschlecht."""

import csv
import json
import re
import zlib
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from flask_babel import gettext as _

from ...network.validation import fold
from ...platform import csvtext
from ..models import AGE_BANDS

HEADERS = {
    "register_id": ("ordnungsmerkmal", "register-id", "registerid", "id", "kennung", "personen-id"),
    "name": ("name", "vollstaendiger name"),
    "first_name": ("vorname", "vornamen"),
    "last_name": ("nachname", "familienname"),
    "street": ("strasse", "anschrift", "adresse"),
    "house_number": ("hausnummer", "hausnr", "hausnr.", "nr", "nr."),
    "postcode": ("plz", "postleitzahl"),
    "city": ("ort", "wohnort", "stadt", "gemeinde"),
    "district": ("stadtteil", "ortsteil", "bezirk", "stadtbezirk"),
    "birth_date": ("geburtsdatum",),
    "birth_year": ("geburtsjahr", "jahrgang"),
    "gender": ("geschlecht",),
}
GENDER_WORDS = {"w": "female", "weiblich": "female", "f": "female", "m": "male", "maennlich": "male",
                "d": "diverse", "divers": "diverse", "x": "diverse", "o": "diverse", "ohne angabe": "diverse"}
#: At most this many errors are listed; the count says how many there were.
ERROR_LIMIT = 200
PROGRESS_EVERY = 20_000


class Entry(NamedTuple):
    """One person of the extract (a named tuple: 400,000 of them are built in a second)."""

    register_id: str
    name: str
    street: str
    postcode: str
    city: str
    district: str
    birth_year: int
    birth_date: str  # ISO date or "" when only the year is known
    gender: str

    def age_band(self, on: date) -> str:
        return age_band(self.birth_year, self.birth_date, on)

    def household(self) -> str:
        return household_of(self.street, self.postcode)


def household_of(street: str, postcode: str) -> str:
    """The normalised address: people with the same one share a household."""
    return re.sub(r"[^a-z0-9]", "", fold(f"{street}{postcode}").replace("str.", "strasse"))


_UPPERS = (18, 30, 45, 65)  # the age bands' upper bounds (exclusive), AGE_BANDS in order


def age_band(birth_year: int, birth_date: str, on: date) -> str:
    """The age band on a day; the birthday counts from its day (ISO dates compare as text)."""
    age = on.year - birth_year
    if birth_date and birth_date[5:] > f"{on.month:02d}-{on.day:02d}":
        age -= 1
    return AGE_BANDS[bisect_right(_UPPERS, age)]


@dataclass
class RegisterResult:
    entries: list[Entry] = field(default_factory=list)
    #: (line number, message); line 0 concerns the file as a whole.
    errors: list[tuple[int, str]] = field(default_factory=list)
    error_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.entries)

    def error(self, line: int, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < ERROR_LIMIT:
            self.errors.append((line, message))


def parse(data: bytes, today: date, progress: Callable[[int], None] | None = None) -> RegisterResult:
    """Check every row; `progress(rows read)` every PROGRESS_EVERY rows."""
    result = RegisterResult()
    text = csvtext.decode(data)
    if text is None:
        result.error(0, _("The file is not a CSV text file (UTF-8 or Windows-1252). If it is a spreadsheet, "
                          "save it as CSV first."))
        return result
    if not text.strip():
        result.error(1, _("The file is empty."))
        return result
    reader = csvtext.reader(text)
    header = next(reader)
    keys = csvtext.columns(header, HEADERS, fold)
    missing = _missing(keys)
    if missing:
        result.error(1, _("Missing columns: %(cols)s. The first line must name the columns, separated by ; or , "
                          "(for example: Ordnungsmerkmal;Name;Straße;PLZ;Stadtteil;Geburtsjahr;Geschlecht).",
                          cols=", ".join(missing)))
        return result
    seen: dict[str, int] = {}
    try:
        for line_no, cells in csvtext.numbered_rows(reader):
            entry = _entry(line_no, cells, keys, len(header), today, result)
            if entry is not None:
                first = seen.setdefault(entry.register_id, line_no)
                if first != line_no:
                    result.error(line_no, _("The register id %(id)s appears twice (first in line %(first)d).",
                                            id=entry.register_id, first=first))
                else:
                    result.entries.append(entry)
            if progress and line_no % PROGRESS_EVERY == 0:
                progress(line_no - 1)
    except csv.Error:
        result.error(reader.line_num, _("The CSV structure is broken here (for example an unclosed quotation mark)."))
    if not result.entries and not result.error_count:
        result.error(0, _("The file contains no people."))
    return result


def _missing(keys: dict) -> list[str]:
    missing = [label for key, label in (("register_id", "Ordnungsmerkmal"), ("street", "Straße"), ("postcode", "PLZ"),
                                        ("district", "Stadtteil"), ("gender", "Geschlecht")) if key not in keys]
    if "name" not in keys and not ("first_name" in keys and "last_name" in keys):
        missing.append("Name")
    if "birth_date" not in keys and "birth_year" not in keys:
        missing.append("Geburtsjahr")
    return missing


def _entry(line_no, cells, keys, width, today: date, result: RegisterResult) -> Entry | None:
    if len(cells) < width:
        result.error(line_no, _("The row has %(n)d fields; the header names %(m)d.", n=len(cells), m=width))
        return None
    get = {k: cells[i].strip() for k, i in keys.items()}
    errors = []
    register_id = get["register_id"]
    if not register_id or len(register_id) > 40:
        errors.append(_("Ordnungsmerkmal: 1 to 40 characters are required."))
    name = get.get("name") or " ".join(p for p in (get.get("first_name", ""), get.get("last_name", "")) if p)
    if not name or len(name) > 200:
        errors.append(_("Name: 1 to 200 characters are required."))
    street = " ".join(p for p in (get["street"], get.get("house_number", "")) if p)
    if not street or len(street) > 200:
        errors.append(_("Straße: 1 to 200 characters are required."))
    postcode = get["postcode"]
    if not re.fullmatch(r"\d{5}", postcode):
        errors.append(_("PLZ: five digits (%(value)s).", value=postcode))
    district = get["district"]
    if not district or len(district) > 120:
        errors.append(_("Stadtteil: 1 to 120 characters are required."))
    birth_year, birth_date = _birth(get, today)
    if birth_year is None:
        errors.append(_("Geburtsdatum/Geburtsjahr: a date (TT.MM.JJJJ) or a year of an adult or a young person "
                        "aged 14 or over (%(value)s).", value=get.get("birth_date") or get.get("birth_year", "")))
    gender = GENDER_WORDS.get(fold(get["gender"]))
    if gender is None:
        errors.append(_("Geschlecht: w, m or d (%(value)s).", value=get["gender"]))
    if errors:
        for message in errors:
            result.error(line_no, message)
        return None
    return Entry(register_id, name, street, postcode, get.get("city", ""), district, birth_year, birth_date, gender)


def _birth(get: dict, today: date) -> tuple[int | None, str]:
    text = get.get("birth_date", "")
    year, iso = None, ""
    if text:
        match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if match:
            parts = [int(p) for p in match.groups()]
            d, m, y = parts if len(match.group(1)) <= 2 else (parts[2], parts[1], parts[0])
            try:
                iso, year = date(y, m, d).isoformat(), y
            except ValueError:
                return None, ""
        else:
            return None, ""
    elif re.fullmatch(r"\d{4}", get.get("birth_year", "")):
        year = int(get["birth_year"])
    if year is None or not (today.year - 120 <= year <= today.year - 14):
        return None, ""
    return year, iso


def counts(entries: list[Entry], today: date) -> dict:
    """What stays after shredding: people per district, age band, gender and stratum."""
    district, band, gender, strata = Counter(), Counter(), Counter(), Counter()
    for e in entries:
        b = e.age_band(today)
        district[e.district] += 1
        band[b] += 1
        gender[e.gender] += 1
        strata[f"{e.district}|{b}"] += 1
    return {"district": dict(district), "age_band": dict(band), "gender": dict(gender), "strata": dict(strata)}


def pack(entries: list[Entry]) -> bytes:
    rows = [[e.register_id, e.name, e.street, e.postcode, e.city, e.district, e.birth_year, e.birth_date, e.gender]
            for e in entries]
    return zlib.compress(json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode(), 6)


def unpack(blob: bytes) -> list[Entry]:
    return [Entry(*row) for row in json.loads(zlib.decompress(blob))]
