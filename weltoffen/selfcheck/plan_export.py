"""The action plan for the council committee: PDF (platform/pdf.py's document, in
landscape; no word of a heading broken) and XLSX (openpyxl), in the request's language; the
documents are dated by the newest change of a measure."""

import io
from datetime import UTC, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..network.models import Municipality
from ..network.validation import fold
from ..platform import csvtext
from ..platform.pdf import MUTED, Document, Metadata, close_fonts
from . import results
from .display import MEASURE_LABELS, lang, tr
from .models import Questionnaire

EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


TABLE_SIZE = 9
TABLE_PADDING = 1.5


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
    title = _title(municipality)
    changed = _changed(municipality, questionnaire)
    meta = Metadata(title=title, author=municipality.name, lang=lang(), created=changed,
                    subject=tr(questionnaire.definition["title"]))
    pdf = Document(meta, footer_text=title, orientation="landscape")
    try:
        pdf.add_page()
        pdf.heading(title, level=1)
        pdf.para(tr(questionnaire.definition["title"]), size=10, color=MUTED)
        pdf.para(_("As of %(date)s", date=format_datetime(changed, "short")), size=9, color=MUTED)
        pdf.ln(4)
        body = rows(municipality, questionnaire)
        if not body:
            pdf.para(_("There are no measures in the action plan yet."), "I", 10, MUTED)
        else:
            _table(pdf, [_headings(), *body])
    except BaseException:
        close_fonts(pdf)
        raise
    return pdf.finish()


def _table(pdf: Document, table_rows: list[tuple[str, ...]]) -> None:
    try:  # no word broken; the description takes what is left
        widths = pdf.column_widths(table_rows, TABLE_SIZE, TABLE_PADDING, grow=2)
    except ValueError:  # a word too long for any layout (a URL): fixed shares then
        widths = tuple(pdf.epw * share for share in (0.15, 0.2, 0.28, 0.15, 0.11, 0.11))
    pdf.data_table(table_rows, widths, TABLE_SIZE, TABLE_PADDING)


# --- XLSX -------------------------------------------------------------------------------


def xlsx_bytes(municipality: Municipality, questionnaire: Questionnaire) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Action plan")[:31]
    headings = _headings()
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in rows(municipality, questionnaire):
        sheet.append([csvtext.safe(v) for v in line])
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

