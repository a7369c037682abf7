"""Exports of a self-check: all answers as CSV, the result chart as SVG, the PDF
report, and the blank questionnaire to print for offline preparation."""

import hashlib
from functools import lru_cache

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import charts, permissions
from ..auth.models import User
from ..extensions import db
from ..network.validation import fold
from ..platform import csvtext
from ..platform import svg as svg_serving
from ..platform.svg import SVG_CSP
from . import access, answers, bp, report, results
from .display import answer_label, source_label, tr
from .models import Questionnaire

#: The SVG is an image, not a page: it needs its inline styles and nothing else.


def _filename(submission, extension: str) -> str:
    name = fold(submission.municipality.name)
    slug = "".join(c if c.isascii() and c.isalnum() else "-" for c in name).strip("-")
    return f"selbstcheck-{slug}-{submission.round.opens_on:%Y}.{extension}"


@bp.route("/submissions/<int:submission_id>/answers.csv")
def answers_csv(submission_id: int):
    """Every question with the team answer, each member's answer and the evidence."""
    sub = access.get_submission_or_404(submission_id)
    definition = sub.questionnaire.definition
    effective = answers.effective_answers(sub)
    by_question = answers.answers_by_question(sub)
    members = {}
    if permissions.is_team(current_user, sub.municipality):
        ids = {a.user_id for rows in by_question.values() for a in rows}
        users = db.session.scalars(db.select(User).where(User.id.in_(ids)))
        members = {u.id: u.name for u in users}
    header = [_("Field of action"), _("Question key"), _("Question"), _("Team answer"), _("Status"),
              _("Evidence, note or link")]
    lines = [header + [_("Answer: %(name)s", name=name) for name in members.values()]]
    for dim in definition["dimensions"]:
        for q in dim["questions"]:
            e = effective.get(q["key"], answers.Effective())
            row = [
                tr(dim["title"]),
                q["key"],
                tr(q["text"]),
                answer_label(q, e.value, e.special),
                source_label(e),
                e.evidence,
            ]
            own = {a.user_id: a for a in by_question.get(q["key"], [])}
            for uid in members:
                a = own.get(uid)
                row.append(answer_label(q, a.value, a.special) if a else "")
            lines.append(row)
    return Response(
        csvtext.write(lines),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{_filename(sub, "csv")}"'},
    )


def _submitted_or_404(submission_id: int):
    """Whoever may see the result page: the team and, once submitted, the network staff."""
    sub = access.get_submission_or_404(submission_id)
    if sub.status != "submitted":
        abort(404)
    return sub


#: Charts are pure functions of a frozen (hashable) dataclass and a size, so caching
#: is safe; the cache is keyed by both.
_svg = lru_cache(maxsize=64)(charts.svg)


@bp.route("/submissions/<int:submission_id>/chart.svg")
def result_chart(submission_id: int):
    """The result page's chart; cacheable by the browser, revalidated by ETag;
    `size=narrow` for phones."""
    sub = _submitted_or_404(submission_id)
    size = svg_serving.requested_size()
    body = _svg(report.score_chart(results.result_view(sub)), size)
    response = Response(body, mimetype="image/svg+xml")
    response.set_etag(hashlib.sha256(body).hexdigest())
    response.headers["Cache-Control"] = "private, max-age=3600"
    response.headers["Content-Security-Policy"] = SVG_CSP
    response.vary.add("Cookie")  # the language comes from the session or the account
    return response.make_conditional(request)


@bp.route("/submissions/<int:submission_id>/report.pdf")
def report_pdf(submission_id: int):
    """The whole result as a PDF to file or forward (in the current language)."""
    sub = _submitted_or_404(submission_id)
    return Response(
        report.build_report(sub),
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{_filename(sub, "pdf")}"'},
    )


@bp.route("/questionnaires/<int:questionnaire_id>/print")
def print_blank(questionnaire_id: int):
    """The blank questionnaire (or one field of action) to fill in by hand. The
    questions are no secret: any logged-in user may print them."""
    questionnaire = db.session.get(Questionnaire, questionnaire_id) or abort(404)
    key = request.args.get("dimension")
    if key:
        dimensions = [questionnaire.dimension(key) or abort(404)]
    else:
        dimensions = questionnaire.dimensions
    return render_template(
        "selfcheck/print.html",
        questionnaire=questionnaire,
        dimensions=dimensions,
        single=bool(key),
    )
