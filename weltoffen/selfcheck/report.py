"""The PDF report of a submitted self-check: key figures, scores with the chart,
strengths and gaps, recommendations, every question with the team answer and its
evidence, and the action plan. Built with fpdf2 in the request's language; the
same submission gives the same bytes (the creation date is the submission's)."""

import io

from flask_babel import format_date, format_percent
from flask_babel import gettext as _
from fpdf.enums import XPos, YPos
from PIL import Image

from .. import charts
from ..platform.pdf import FONT, LINE, MUTED, Document, Metadata
from . import answers, results, scoring
from .display import MEASURE_LABELS, answer_label, lang, score_label, tr
from .models import Submission

#: Table type sizes to try, largest first, until no heading breaks inside a word.
TABLE_SIZES = (9.5, 9.0, 8.5, 8.0, 7.5)
TABLE_PADDING = 1.5  # mm inside each cell
#: The chart may shrink to this share of its full size to stay on the first page.
CHART_MIN_SCALE = 0.6


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


def _new_document(sub: Submission) -> Document:
    questionnaire = sub.questionnaire
    title = _(
        "Self-check report: %(municipality)s, %(round)s",
        municipality=sub.municipality.name,
        round=sub.round.title,
    )
    meta = Metadata(
        title=title,
        author=sub.municipality.name,
        lang=lang(),
        created=sub.submitted_at or sub.round.created_at,
        subject=f"{tr(questionnaire.definition['title'])} (v{questionnaire.version})",
        keywords=_("Self-check"),
    )
    pdf = Document(meta, footer_text=f"{sub.municipality.name} · {sub.round.title}")
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
    return pdf.finish()


def _cover(pdf: Document, sub: Submission, view: results.ResultView, definition: dict) -> None:
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
    # The same words as the result page (result.html): "answered with certainty".
    pdf.labelled(_("Answered with certainty") + ":", _percent(sub.overall_confidence))
    pdf.para(
        _(
            "“Answered with certainty” is the share of the scored questions that had a real "
            "answer (not “don't know” or “not applicable”)."
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


def _scores(pdf: Document, view: results.ResultView, bands: dict) -> None:
    """The chart first, shrunk a little if that keeps it on the current page (the
    first, after the key figures), then the table, which may run on to the next."""
    pdf.heading(_("Scores per field of action"))
    _chart(pdf, view)
    rows = [
        (
            _("Field of action"),
            _("Score"),
            _("Level"),
            _("Answered with certainty"),
            _("Change"),
        )
    ]
    for dim in view.dimensions:
        score = dim.score
        rows.append(
            (
                tr(dim.definition["title"]),
                score_label(_score(dim)),
                tr(dim.band["label"]) if dim.band else "–",
                _percent(score.confidence) if score is not None else "–",
                _change(dim, view),
            )
        )
    size, widths = _table_layout(pdf, rows)
    pdf.data_table(rows, widths, size, TABLE_PADDING, align=("LEFT", "RIGHT", "LEFT", "RIGHT", "RIGHT"))
    pdf.ln(2)


def _table_layout(pdf: Document, rows: list) -> tuple[float, tuple[float, ...]]:
    """The largest type size at which every heading and cell fits its column without
    a word broken, and the column widths for it (the first column takes the rest)."""
    for size in TABLE_SIZES:
        try:
            return size, pdf.column_widths(rows, size, TABLE_PADDING, grow=0)
        except ValueError:
            continue
    count = len(rows[0])  # not expected with the questionnaires' words: equal columns then
    return TABLE_SIZES[-1], tuple(pdf.epw / count for _ in range(count))


def _chart(pdf: Document, view: results.ResultView) -> None:
    chart = score_chart(view)
    with Image.open(io.BytesIO(charts.png(chart, width_px=1600))) as png:
        image = png.convert("RGB")  # opaque anyway; no alpha mask in the PDF
    full = pdf.epw * image.height / image.width
    scale = min(1.0, (pdf.room() - 3) / full)
    if scale < CHART_MIN_SCALE:
        pdf.add_page()
        scale = min(1.0, (pdf.room() - 3) / full)
    width, height = pdf.epw * scale, full * scale
    pdf.image(image, x=pdf.l_margin + (pdf.epw - width) / 2, w=width, h=height,
              title=chart.title, alt_text=chart.description)
    pdf.ln(3)


def _strengths_and_gaps(pdf: Document, view: results.ResultView) -> None:
    if not view.scored:
        return
    pdf.heading(_("Strengths and gaps"))
    for title, dims in ((_("Strengths"), view.strengths), (_("Gaps"), view.gaps)):
        pdf.keep(LINE * 3)
        pdf.para(title, "B", 10.5)
        for dim in dims:
            pdf.bullet(f"{tr(dim.definition['title'])}: {score_label(_score(dim))}", indent=2)
        pdf.ln(2)


def _recommendations(pdf: Document, view: results.ResultView) -> None:
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


def _answers(pdf: Document, sub: Submission, definition: dict) -> None:
    effective = answers.effective_answers(sub)
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


def _plan(pdf: Document, view: results.ResultView) -> None:
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
                f"{_('Responsible')}: {measure.responsible or '–'}",
                f"{_('Due date')}: {format_date(measure.due_on) if measure.due_on else '–'}",
                f"{_('Status')}: {MEASURE_LABELS[measure.status]}",
            ]
            pdf.para(" · ".join(details), size=9, color=MUTED, indent=4)
            if measure.description:
                pdf.para(measure.description, size=10, indent=4)
            pdf.ln(2.5)
