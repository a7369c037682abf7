"""Exports of a round for the coordination: CSV, and XLSX with an overview sheet and
one sheet per dimension (openpyxl). Headers, sheet names and band labels are in the
requesting user's language; the CSV follows that language's spreadsheet conventions
(platform/csvtext.write), the XLSX keeps real numeric cells."""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..network.models import STATES
from ..platform import csvtext
from ..selfcheck.display import tr
from ..selfcheck.scoring import band_for

#: How a score cell shows in the spreadsheet: one decimal, the mark of Excel's locale.
SCORE_FORMAT = "0.0"


def _safe(value):
    """Spreadsheets run text starting with = + - @ as a formula; quote such text."""
    return csvtext.safe(value) if isinstance(value, str) else value


def _overview(definition: dict, rows) -> tuple[list, list[list]]:
    dims = definition["dimensions"]
    header = ["AGS", _("Municipality"), _("Federal state"), _("Overall")] + [tr(d["title"]) for d in dims]
    body = [
        [r.municipality.ags, r.municipality.name, STATES.get(r.municipality.state), r.overall]
        + [r.scores.get(d["key"]) for d in dims]
        for r in rows
    ]
    return header, body


def csv_bytes(definition: dict, rows) -> bytes:
    header, body = _overview(definition, rows)
    return csvtext.write([header, *body])


def _sheet_title(text: str) -> str:
    """Excel allows 31 characters and none of : \\ / ? * [ ] in a sheet name."""
    for bad in ":\\/?*[]":
        text = text.replace(bad, "-")
    return text[:31]


def xlsx_bytes(definition: dict, rows, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(_("Overview"))
    header, body = _overview(definition, rows)
    _write(sheet, header, body)
    bands = definition["score_bands"]
    labels = {b["key"]: tr(b["label"]) for b in bands}
    for dim in definition["dimensions"]:
        ws = workbook.create_sheet(_sheet_title(tr(dim["title"])))
        values = [
            [
                r.municipality.ags,
                r.municipality.name,
                r.scores.get(dim["key"]),
                labels.get(band_for(bands, r.scores.get(dim["key"])), ""),
            ]
            for r in sorted(rows, key=lambda r: (r.scores.get(dim["key"]) is None, -(r.scores.get(dim["key"]) or 0)))
        ]
        _write(ws, ["AGS", _("Municipality"), _("Score"), _("Level")], values)
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
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = SCORE_FORMAT
    sheet.freeze_panes = "C2"
    for i, name in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(40, len(str(name)) + 2))
