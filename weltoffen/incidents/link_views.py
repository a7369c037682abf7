"""Linking the reporter's incidents (same perpetrator or account), unlinking, and the
escalation chart of a linked set — served privately, never from a cacheable URL."""

from flask import abort, flash, make_response, redirect, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import permissions
from ..charts import escalation as escalation_chart
from ..extensions import db
from ..platform import svg as svg_serving
from . import bp, links
from .access import get_incident_or_404
from .evidence_views import PRIVATE_HEADERS
from .forms import FORM_LABELS, SEVERITY_LABELS


def _back(incident):
    return redirect(url_for("incidents.incident", incident_id=incident.id) + "#links")


def _label(point) -> str:
    return str(FORM_LABELS.get(point.form, "–"))


def _severity(point) -> str:
    if point.severity is None or not 0 <= point.severity < len(SEVERITY_LABELS):
        return "–"
    return str(SEVERITY_LABELS[point.severity][0])


def chart_of(incident):
    """The escalation chart of the incident's linked set, as the current user may see it."""
    rows = links.points(links.linked_set(incident, current_user))
    parts = [_("%(n)d: %(day)s, %(form)s, %(severity)s", n=i, day=format_date(p.day) if p.day else "–",
               form=_label(p), severity=_severity(p)) for i, p in enumerate(rows, 1)]
    description = _("Severity of the linked incidents over time, from the least to the most severe level.") + \
        " " + "; ".join(parts) + "."
    levels = tuple(str(label) for label, _hint in SEVERITY_LABELS)
    return rows, links.escalation(rows, _("Escalation of the linked incidents"), description, levels)


def _section(incident) -> dict:
    rows = links.points(links.linked_set(incident, current_user))
    manage = permissions.can_manage_incident(current_user, incident)
    return {
        "rows": rows,
        "direct": set(links.linked_ids(incident)),
        "candidates": links.points(links.candidates(incident, current_user)) if manage else [],
        "manage": manage,
        "label": _label,
        "severity": _severity,
    }


@bp.context_processor
def _link_helpers():
    return {"incident_links": _section}


@bp.route("/<int:incident_id>/links", methods=["POST"])
def link_add(incident_id: int):
    incident = get_incident_or_404(incident_id, manage=True)
    if not FlaskForm().validate_on_submit():
        abort(400)
    other_id = request.form.get("other_id", type=int)
    if not other_id:
        flash(_("Choose the incident to link."), "warning")
        return _back(incident)
    other = get_incident_or_404(other_id, manage=True)
    try:
        links.link(current_user, incident, other)
    except links.LinkRefused:
        abort(404)
    db.session.commit()
    flash(_("The incidents are linked."), "success")
    return _back(incident)


@bp.route("/<int:incident_id>/links/<int:other_id>/delete", methods=["POST"])
def link_remove(incident_id: int, other_id: int):
    incident = get_incident_or_404(incident_id, manage=True)
    other = get_incident_or_404(other_id, manage=True)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        removed = links.unlink(current_user, incident, other)
    except links.LinkRefused:
        abort(404)
    db.session.commit()
    if removed:
        flash(_("The link was removed."), "success")
    return _back(incident)


@bp.route("/<int:incident_id>/escalation.svg")
def escalation_svg(incident_id: int):
    incident = get_incident_or_404(incident_id)
    size = svg_serving.requested_size()  # `size=narrow` for phones
    _rows, chart = chart_of(incident)
    data = escalation_chart.svg(chart, size)  # an image of the incident page, whose view is audited
    response = make_response(data)
    response.headers["Content-Type"] = "image/svg+xml; charset=utf-8"
    response.headers.update(PRIVATE_HEADERS)
    return response
