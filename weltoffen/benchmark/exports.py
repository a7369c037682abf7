"""Exports of a round for the coordination: CSV, and XLSX with an overview sheet and
one sheet per dimension (openpyxl)."""

import csv
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..network.models import STATES
from ..selfcheck.display import tr
from ..selfcheck.scoring import band_for


def _safe(value):
    """Spreadsheets run text starting with = + - @ as a formula; quote such text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _overview(definition: dict, rows) -> tuple[list, list[list]]:
    dims = definition["dimensions"]
    header = ["AGS", "Kommune", "Bundesland", "Gesamt"] + [tr(d["title"]) for d in dims]
    body = [
        [r.municipality.ags, r.municipality.name, STATES.get(r.municipality.state), r.overall]
        + [r.scores.get(d["key"]) for d in dims]
        for r in rows
    ]
    return header, body


def csv_bytes(definition: dict, rows) -> bytes:
    header, body = _overview(definition, rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(header)
    for line in body:
        writer.writerow(["" if v is None else _safe(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode()


def xlsx_bytes(definition: dict, rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Übersicht"
    header, body = _overview(definition, rows)
    _write(sheet, header, body)
    bands = definition["score_bands"]
    labels = {b["key"]: tr(b["label"]) for b in bands}
    for dim in definition["dimensions"]:
        ws = workbook.create_sheet(tr(dim["title"])[:31].replace("/", "-"))
        values = [
            [
                r.municipality.ags,
                r.municipality.name,
                r.scores.get(dim["key"]),
                labels.get(band_for(bands, r.scores.get(dim["key"])), ""),
            ]
            for r in sorted(rows, key=lambda r: (r.scores.get(dim["key"]) is None, -(r.scores.get(dim["key"]) or 0)))
        ]
        _write(ws, ["AGS", "Kommune", "Punktwert", "Stufe"], values)
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(sheet, header: list, body: list[list]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in body:
        sheet.append([_safe(v) for v in line])
    sheet.freeze_panes = "C2"
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(str(name)) + 2))
