"""The PDF report of a submitted self-check: key figures, scores with the chart,
strengths and gaps, recommendations, every question with the team answer and its
evidence, and the action plan. Built with fpdf2 in the request's language; the
same submission gives the same bytes (the creation date is the submission's)."""

import io
from pathlib import Path

import matplotlib
from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from PIL import Image

from .. import charts
from . import answers, results, scoring
from .display import MEASURE_LABELS, answer_label, lang, score_label, tr
from .models import Submission

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}

TEXT = (26, 26, 26)
MUTED = (74, 81, 96)
BRAND = (11, 58, 117)
HEAD_FILL = (234, 238, 245)

LINE = 5.0  # mm per line of body text


# --- the chart, shared with the result page's chart.svg ----------------------------


def score_chart(view: results.ResultView) -> charts.ScoreBars:
    """The result's scores per field of action as a chart, in the current language."""
    sub = view.submission
    definition = sub.questionnaire.definition
    labels = tuple(tr(d.definition["title"]) for d in view.dimensions)
    values = tuple(_score(d) for d in view.dimensions)
    previous = tuple(d.previous for d in view.dimensions) if view.previous is not None else None
    parts = []
    for label, value, before in zip(labels, values, previous or (None,) * len(labels), strict=True):
        text = _("%(title)s: %(score)s of 100", title=label, score=score_label(value))
        if before is not None:
            text += " (" + _("previous round: %(score)s", score=score_label(before)) + ")"
        parts.append(text)
    summary = _("Bar chart of the scores from 0 to 100 per field of action.")
    description = f"{summary} {'; '.join(parts)}."
    return charts.ScoreBars(
        title=_(
            "Scores per field of action: %(municipality)s, %(round)s",
            municipality=sub.municipality.name,
            round=sub.round.title,
        ),
        description=description,
        labels=labels,
        values=values,
        previous=previous,
        bands=tuple((float(b["min"]), tr(b["label"])) for b in definition["score_bands"]),
        legend=(
            _("This round"),
            _("Previous round (other questionnaire version)")
            if view.version_changed
            else _("Previous round"),
        ),
        axis_label=_("Score (0–100)"),
    )


def _score(dim: results.DimensionView) -> float | None:
    return dim.score.score if dim.score is not None else None


# --- the document ------------------------------------------------------------------


class _Document(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        page = _("Page %(page)d of %(pages)d").replace("%(pages)d", "{nb}")
        page = page.replace("%(page)d", str(self.page_no()))
        self.cell(self.epw * 0.7, 5, self.footer_text)
        self.cell(self.epw * 0.3, 5, page, align="R")

    # small building blocks ---------------------------------------------------------

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit (no heading alone at the bottom)."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def heading(self, text: str, level: int = 2) -> None:
        size, space = {1: (20, 0), 2: (14, 6), 3: (11.5, 3)}[level]
        self.keep(size * 0.6 + 18)
        self.ln(space)
        self.set_font(FONT, "B", size)
        self.set_text_color(*(BRAND if level < 3 else TEXT))
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_text_color(*TEXT)

    def para(self, text: str, style: str = "", size: float = 10, color=TEXT, indent: float = 0):
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*TEXT)

    def labelled(self, label: str, value: str, indent: float = 0) -> None:
        """ "Label: value" with a bold label; long values wrap beside it, under themselves."""
        self.set_font(FONT, "B", 10)
        self.set_x(self.l_margin + indent)
        width = min(self.get_string_width(label + " ") + 1, self.epw * 0.4)
        self.multi_cell(width, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.set_font(FONT, "", 10)
        self.multi_cell(0, LINE, value or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullet(self, text: str, indent: float = 0) -> None:
        self.set_font(FONT, "", 10)
        self.set_x(self.l_margin + indent)
        self.cell(5, LINE, "•")
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _new_document(sub: Submission) -> _Document:
    pdf = _Document(orientation="portrait", unit="mm", format="A4")
    for style, filename in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / filename))
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(True, margin=20)
    questionnaire = sub.questionnaire
    title = _(
        "Self-check report: %(municipality)s, %(round)s",
        municipality=sub.municipality.name,
        round=sub.round.title,
    )
    pdf.set_title(title)
    pdf.set_subject(f"{tr(questionnaire.definition['title'])} (v{questionnaire.version})")
    pdf.set_author(sub.municipality.name)
    pdf.set_creator("weltoffen")
    pdf.set_keywords(_("Self-check"))
    pdf.set_lang(lang())
    pdf.set_creation_date(sub.submitted_at or sub.round.created_at)
    pdf.footer_text = f"{sub.municipality.name} · {sub.round.title}"
    pdf.set_text_color(*TEXT)
    pdf.add_page()
    return pdf


def _change(dim: results.DimensionView, view: results.ResultView) -> str:
    if view.previous is None or dim.change is None:
        text = "–"
    elif round(dim.change) == 0:
        text = "±0"
    else:
        text = f"{dim.change:+.0f}".replace("-", "−")
    if view.previous is not None and view.version_changed:
        text += "\n" + _("not comparable")
    return text


def _percent(value: float | None) -> str:
    return "–" if value is None else format_percent(value / 100)


def build_report(submission: Submission) -> bytes:
    """The PDF report of a submitted self-check, in the current request language."""
    sub = submission
    view = results.result_view(sub)
    definition = sub.questionnaire.definition
    bands = {b["key"]: b for b in definition["score_bands"]}
    pdf = _new_document(sub)

    _cover(pdf, sub, view, definition)
    _scores(pdf, view, bands)
    _strengths_and_gaps(pdf, view)
    _recommendations(pdf, view)
    _answers(pdf, sub, definition)
    _plan(pdf, view)
    return bytes(pdf.output())


def _cover(pdf: _Document, sub: Submission, view: results.ResultView, definition: dict) -> None:
    pdf.para(_("weltoffen · Self-check report"), size=9, color=MUTED)
    pdf.ln(1)
    pdf.heading(sub.municipality.name, level=1)
    pdf.para(sub.round.title, "B", 12)
    pdf.ln(1)
    version = _(
        "%(title)s, version %(version)d",
        title=tr(definition["title"]),
        version=sub.questionnaire.version,
    )
    pdf.labelled(_("Questionnaire:"), version)
    if sub.submitted_at is not None:
        pdf.labelled(_("Submitted on:"), format_date(sub.submitted_at, "long"))
    pdf.ln(3)
    overall_band = scoring.band_for(definition["score_bands"], sub.overall_score)
    band = next((b for b in definition["score_bands"] if b["key"] == overall_band), None)
    overall = _("%(score)s of 100", score=score_label(sub.overall_score))
    if band:
        overall += f" – {tr(band['label'])}"
    pdf.set_font(FONT, "B", 13)
    pdf.cell(pdf.get_string_width(_("Overall score:")) + 3, 8, _("Overall score:"))
    pdf.set_font(FONT, "", 13)
    pdf.cell(0, 8, overall, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.labelled(_("Confidence:"), _percent(sub.overall_confidence))
    pdf.para(
        _(
            "Confidence is the share of the scored questions that had a real answer "
            "(not “don't know” or “not applicable”)."
        ),
        size=8.5,
        color=MUTED,
    )
    if view.previous is not None:
        pdf.ln(1)
        pdf.labelled(_("Previous round:"), view.previous.round.title)
        if view.version_changed:
            pdf.para(
                _(
                    "The previous round used another version of the questionnaire. Changes "
                    "are shown, but they are not strictly comparable."
                ),
                "I",
                9,
                MUTED,
            )


def _scores(pdf: _Document, view: results.ResultView, bands: dict) -> None:
    pdf.heading(_("Scores per field of action"))
    headings = (
        _("Field of action"),
        _("Score"),
        _("Level"),
        _("Confidence"),
        _("Change"),
    )
    pdf.set_font(FONT, "", 9.5)
    with pdf.table(
        col_widths=(54, 20, 32, 27, 37),
        text_align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT"),
        headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=HEAD_FILL),
        line_height=4.8,
        padding=1.5,
        repeat_headings=1,
        borders_layout="HORIZONTAL_LINES",
        v_align="TOP",
    ) as table:
        table.row(headings)
        for dim in view.dimensions:
            score = dim.score
            table.row(
                (
                    tr(dim.definition["title"]),
                    score_label(_score(dim)),
                    tr(dim.band["label"]) if dim.band else "–",
                    _percent(score.confidence) if score is not None else "–",
                    _change(dim, view),
                )
            )
    pdf.ln(4)
    chart = score_chart(view)
    with Image.open(io.BytesIO(charts.png(chart, width_px=1600))) as png:
        image = png.convert("RGB")  # opaque anyway; no alpha mask in the PDF
    height = pdf.epw * image.height / image.width
    pdf.keep(height + 2)
    pdf.image(image, w=pdf.epw, h=height, title=chart.title, alt_text=chart.description)
    pdf.ln(2)


def _strengths_and_gaps(pdf: _Document, view: results.ResultView) -> None:
    if not view.scored:
        return
    pdf.heading(_("Strengths and gaps"))
    for title, dims in ((_("Strengths"), view.strengths), (_("Gaps"), view.gaps)):
        pdf.keep(LINE * 3)
        pdf.para(title, "B", 10.5)
        for dim in dims:
            pdf.bullet(f"{tr(dim.definition['title'])}: {score_label(_score(dim))}", indent=2)
        pdf.ln(2)


def _recommendations(pdf: _Document, view: results.ResultView) -> None:
    pdf.heading(_("Recommendations"))
    for dim in view.dimensions:
        pdf.heading(tr(dim.definition["title"]), level=3)
        if dim.band is None:
            pdf.para(
                _("No score: no scored question in this field of action had a real answer."),
                "I",
                10,
                MUTED,
            )
            continue
        pdf.labelled(_("Level:"), f"{tr(dim.band['label'])} ({score_label(_score(dim))})")
        if dim.recommendation:
            pdf.para(tr(dim.recommendation))


def _answers(pdf: _Document, sub: Submission, definition: dict) -> None:
    effective = answers.effective_answers(sub)
    pdf.keep(60)
    pdf.heading(_("All questions and team answers"))
    for d_index, dim in enumerate(definition["dimensions"], start=1):
        pdf.heading(f"{d_index}. {tr(dim['title'])}", level=3)
        for q_index, q in enumerate(dim["questions"], start=1):
            e = effective.get(q["key"], answers.Effective())
            pdf.keep(LINE * 4)
            pdf.para(f"{d_index}.{q_index} {tr(q['text'])}", "B", 10)
            label = answer_label(q, e.value, e.special) if e.answered else ""
            pdf.labelled(_("Team answer:"), label or _("no answer"), indent=6)
            if e.evidence:
                pdf.labelled(_("Evidence:"), e.evidence, indent=6)
            pdf.ln(2.5)


def _plan(pdf: _Document, view: results.ResultView) -> None:
    pdf.heading(_("Action plan"))
    planned = [d for d in view.dimensions if d.measures]
    if not planned:
        pdf.para(_("There are no measures in the action plan yet."), "I", 10, MUTED)
        return
    for dim in planned:
        pdf.heading(tr(dim.definition["title"]), level=3)
        for measure in dim.measures:
            pdf.keep(LINE * 4)
            pdf.para(measure.title, "B", 10)
            details = [
                f"{_('Responsible')}: {measure.owner or '–'}",
                f"{_('Due date')}: {format_date(measure.due_on) if measure.due_on else '–'}",
                f"{_('Status')}: {MEASURE_LABELS[measure.status]}",
            ]
            pdf.para(" · ".join(details), size=9, color=MUTED, indent=4)
            if measure.description:
                pdf.para(measure.description, size=10, indent=4)
            pdf.ln(2.5)
