"""The action plan for the council committee: PDF (the report's document class and
fonts, selfcheck/report.py) and XLSX (openpyxl), in the request's language; the
documents are dated by the newest change of a measure."""

import io
from datetime import UTC, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..network.models import Municipality
from ..network.validation import fold
from . import results
from .display import MEASURE_LABELS, lang, tr
from .models import Questionnaire

# The report's document and font setup (moving to platform/pdf.py; keep the names in step).
from .report import FONT, FONT_DIR, FONT_FILES, HEAD_FILL, MUTED, TEXT, _Document

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def filename(municipality: Municipality, extension: str) -> str:
    name = fold(municipality.name)
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name).strip("-")
    return f"massnahmenplan-{slug}.{extension}"


def _headings() -> tuple[str, ...]:
    return (_("Field of action"), _("Measure"), _("Description"), _("Responsible"), _("Due date"),
            _("Status"))


def rows(municipality: Municipality, questionnaire: Questionnaire) -> list[tuple[str, ...]]:
    """One row of text per measure, by field of action and due date."""
    by_dimension = results.measures_by_dimension(municipality.id, questionnaire.slug)
    out = []
    for dim in questionnaire.dimensions:
        for m in by_dimension.get(dim["key"], []):
            out.append((
                tr(dim["title"]),
                m.title,
                m.description,
                m.responsible or "–",
                format_date(m.due_on) if m.due_on else "–",
                str(MEASURE_LABELS[m.status]),
            ))
    return out


def _changed(municipality: Municipality, questionnaire: Questionnaire) -> datetime:
    stamps = [m.updated_at for ms in results.measures_by_dimension(municipality.id, questionnaire.slug).values()
              for m in ms if m.updated_at]
    return max(stamps) if stamps else EPOCH


def _title(municipality: Municipality) -> str:
    return _("Action plan of %(municipality)s", municipality=municipality.name)


# --- PDF --------------------------------------------------------------------------------


def pdf_bytes(municipality: Municipality, questionnaire: Questionnaire) -> bytes:
    pdf = _Document(orientation="landscape", unit="mm", format="A4")
    for style, file in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / file))
    pdf.set_margins(16, 16, 16)
    pdf.set_auto_page_break(True, margin=18)
    title = _title(municipality)
    changed = _changed(municipality, questionnaire)
    pdf.set_title(title)
    pdf.set_subject(tr(questionnaire.definition["title"]))
    pdf.set_author(municipality.name)
    pdf.set_creator("weltoffen")
    pdf.set_lang(lang())
    pdf.set_creation_date(changed)
    pdf.footer_text = title
    pdf.set_text_color(*TEXT)
    pdf.add_page()
    pdf.heading(title, level=1)
    pdf.para(tr(questionnaire.definition["title"]), size=10, color=MUTED)
    pdf.para(_("As of %(date)s", date=format_datetime(changed, "short")), size=9, color=MUTED)
    pdf.ln(4)
    body = rows(municipality, questionnaire)
    if not body:
        pdf.para(_("There are no measures in the action plan yet."), "I", 10, MUTED)
        return bytes(pdf.output())
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(40, 55, 75, 40, 28, 27),
        text_align="LEFT",
        headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=HEAD_FILL),
        line_height=4.6,
        padding=1.5,
        repeat_headings=1,
        borders_layout="HORIZONTAL_LINES",
        v_align="TOP",
    ) as table:
        table.row(_headings())
        for line in body:
            table.row(line)
    return bytes(pdf.output())


# --- XLSX -------------------------------------------------------------------------------


def _safe(value: str) -> str:
    """Spreadsheets run text starting with = + - @ as a formula; quote such text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def xlsx_bytes(municipality: Municipality, questionnaire: Questionnaire) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Action plan")[:31]
    headings = _headings()
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in rows(municipality, questionnaire):
        sheet.append([_safe(v) for v in line])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate((28, 36, 50, 26, 16, 16), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    changed = _changed(municipality, questionnaire).astimezone(UTC).replace(tzinfo=None)
    workbook.properties.title = _title(municipality)
    workbook.properties.creator = "weltoffen"
    workbook.properties.created = changed
    workbook.properties.modified = changed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

