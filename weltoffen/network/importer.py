"""Import of municipalities from CSV: parse and check everything first, write only
when every row is valid (and then in one transaction)."""

import csv
import io
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..platform import csvtext
from . import signals, validation
from .models import Municipality, Network

MAX_ROWS = 20_000
COLUMNS = ("ags", "name", "state", "kind", "population", "foreign_born_share")
HEADER_ALIASES = {
    "ags": "ags",
    "gemeindeschluessel": "ags",
    "amtlicher_gemeindeschluessel": "ags",
    "schluessel": "ags",
    "name": "name",
    "gemeinde": "name",
    "gemeindename": "name",
    "state": "state",
    "land": "state",
    "bundesland": "state",
    "kind": "kind",
    "art": "kind",
    "typ": "kind",
    "population": "population",
    "einwohner": "population",
    "einwohnerzahl": "population",
    "bevoelkerung": "population",
    "foreign_born_share": "foreign_born_share",
    "anteil_im_ausland_geboren": "foreign_born_share",
    "im_ausland_geboren": "foreign_born_share",
    "auslaendisch_geboren": "foreign_born_share",
    "foreign_born": "foreign_born_share",
}
#: How a file with German headers names each column (in messages about that file).
GERMAN_HEADERS = {
    "ags": "Gemeindeschlüssel",
    "name": "Gemeinde",
    "state": "Bundesland",
    "kind": "Art",
    "population": "Einwohner",
    "foreign_born_share": "Anteil im Ausland geboren",
}
_ENGLISH_NAMES = {*COLUMNS, "foreign_born"}


@dataclass
class ImportRow:
    line: int
    ags: str
    name: str
    state: str
    kind: str
    population: int
    foreign_born_share: float
    #: "create" or "update" (an AGS already in this network).
    action: str = "create"


@dataclass
class ImportResult:
    rows: list[ImportRow] = field(default_factory=list)
    #: (line number in the file, message); line 0 concerns the file as a whole.
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)


def _folded(name: str) -> str:
    return validation.fold(name).replace(" ", "_").replace("-", "_").strip("_\"'")


def _header_key(name: str) -> str:
    folded = _folded(name)
    return HEADER_ALIASES.get(folded, folded)


def column_names(header: list[str]) -> dict[str, str]:
    """{column: its name in the file's language}: the German names when any header is a
    German one (Gemeinde, Einwohner, …), else the English keys."""
    german = any(_folded(h) in HEADER_ALIASES and _folded(h) not in _ENGLISH_NAMES for h in header)
    return dict(GERMAN_HEADERS) if german else {c: c for c in COLUMNS}


def parse(data: bytes, network: Network) -> ImportResult:
    """Check every row of a municipality CSV against the rules and the database."""
    result = ImportResult()
    text = csvtext.decode(data)
    if text is None:
        result.errors.append((0, _("The file is not a CSV text file (UTF-8 or Windows-1252).")))
        return result
    first_line = text.split("\n", 1)[0]
    delimiter = max(";,\t", key=first_line.count)  # the header decides the separator
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append((1, _("The file is empty.")))
        return result
    keys = [_header_key(h) for h in header]
    missing = [c for c in COLUMNS if c not in keys]
    if missing:
        names = column_names(header)
        result.errors.append(
            (
                1,
                _(
                    "Missing columns: %(cols)s. Expected: %(expected)s.",
                    cols=", ".join(names[c] for c in missing),
                    expected=", ".join(names[c] for c in COLUMNS),
                ),
            )
        )
        return result
    index = {k: keys.index(k) for k in COLUMNS}
    seen: dict[str, int] = {}
    try:
        for line_no, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            if len(seen) >= MAX_ROWS:
                result.errors.append(
                    (line_no, _("Too many rows; at most %(n)d per file.", n=MAX_ROWS))
                )
                break
            row = _parse_row(line_no, cells, index, result)
            if row is None:
                continue
            if row.ags in seen:
                result.errors.append(
                    (
                        line_no,
                        _(
                            "The AGS %(ags)s appears twice (first in line %(first)d).",
                            ags=row.ags,
                            first=seen[row.ags],
                        ),
                    )
                )
                continue
            seen[row.ags] = line_no
            result.rows.append(row)
    except csv.Error:
        result.errors.append(
            (
                reader.line_num,
                _("The CSV structure is broken here (for example an unclosed quotation mark)."),
            )
        )
    if not result.rows and not result.errors:
        result.errors.append((0, _("The file contains no municipalities.")))
    _compare_with_database(result, network)
    return result


def _parse_row(line_no: int, cells: list[str], index: dict[str, int], result: ImportResult):
    if len(cells) < len(index) or len(cells) <= max(index.values()):
        result.errors.append(
            (
                line_no,
                _(
                    "The row has %(n)d fields; expected at least %(m)d.",
                    n=len(cells),
                    m=max(index.values()) + 1,
                ),
            )
        )
        return None
    get = {k: cells[i].strip() for k, i in index.items()}
    errors: list[str] = []
    values = {}
    state = validation.parse_state(get["state"])  # the AGS is read knowing the state
    for key, parser in (
        ("ags", lambda raw: validation.parse_ags(raw, state[0])),
        ("state", lambda raw: state),
        ("kind", validation.parse_kind),
        ("population", validation.parse_population),
        ("foreign_born_share", validation.parse_share),
    ):
        value, error = parser(get[key])
        if error:
            errors.append(error)
        values[key] = value
    name = get["name"]
    if not name or len(name) > 160:
        errors.append(_("The name must have 1 to 160 characters."))
    if not errors:
        errors.extend(validation.check_consistency(values["ags"], values["state"], values["kind"]))
    if errors:
        result.errors.extend((line_no, e) for e in errors)
        return None
    return ImportRow(line=line_no, name=name, **values)


def _compare_with_database(result: ImportResult, network: Network) -> None:
    if not result.rows:
        return
    by_ags = {r.ags: r for r in result.rows}
    existing = db.session.execute(
        select(Municipality.ags, Municipality.network_id).where(Municipality.ags.in_(list(by_ags)))
    ).all()
    for ags, network_id in existing:
        row = by_ags[ags]
        if network_id == network.id:
            row.action = "update"
        else:
            result.errors.append(
                (row.line, _("The AGS %(ags)s already belongs to another network.", ags=ags))
            )
    result.errors.sort(key=lambda e: e[0])


def apply(result: ImportResult, network: Network, actor=None) -> tuple[int, int]:
    """Write a checked import; returns (created, updated). Flushes, never commits."""
    if not result.ok:
        raise ValueError("refusing to apply an import with errors")
    existing = {
        m.ags: m
        for m in db.session.scalars(
            select(Municipality).where(Municipality.ags.in_([r.ags for r in result.rows]))
        )
    }
    created = updated = 0
    for row in result.rows:
        fields = {
            k: getattr(row, k)
            for k in ("name", "state", "kind", "population", "foreign_born_share")
        }
        municipality = existing.get(row.ags)
        if municipality is None:
            db.session.add(Municipality(network_id=network.id, ags=row.ags, **fields))
            created += 1
        else:
            for key, value in fields.items():
                setattr(municipality, key, value)
            updated += 1
    db.session.flush()
    audit.record(
        "municipalities.imported", actor=actor, obj=network, created=created, updated=updated
    )
    networks = {network.id, *(m.network_id for m in existing.values() if m.network_id)}
    signals.municipalities_changed.send(tuple(sorted(networks)))
    return created, updated
