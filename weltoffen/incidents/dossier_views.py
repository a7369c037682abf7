"""Dossier downloads: the PDF and the evidence ZIP of one incident (everyone who may
read it), and of a set of the reporter's own incidents (e.g. the linked ones), with
a page to choose the set. Every download is audited as "incident.export"."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import audit, permissions
from ..extensions import db
from ..platform.db.columns import utcnow
from ..platform.web import bounded
from . import bp, dossier, evidence_views
from .access import get_incident_or_404, open_contents
from .models import Incident

#: At most this many incidents in one dossier.
MAX_SET = 50


def _send(data: bytes, mimetype: str, name: str):
    return evidence_views._send(data, mimetype, name, attachment=True)


def _stamp() -> str:
    return utcnow().strftime("%Y%m%d-%H%M")


def _export(incidents, fmt: str, name: str):
    if fmt == "pdf":
        data = dossier.build_pdf(incidents, incidents[0].reporter)
    else:
        try:
            data = dossier.build_zip(incidents)
        except (dossier.EvidenceMismatch, FileNotFoundError):
            db.session.rollback()
            flash(_("An evidence file is missing or no longer matches the checksum taken at upload, so no "
                    "archive was made. Please contact the network's support."), "danger")
            return redirect(url_for("incidents.incident", incident_id=incidents[0].id) + "#evidence")
    for incident in incidents:
        audit.record("incident.export", actor=current_user, obj=incident, format=fmt, incidents=len(incidents))
    db.session.commit()
    return _send(data, "application/pdf" if fmt == "pdf" else "application/zip", f"{name}-{_stamp()}.{fmt}")


@bp.route("/<int:incident_id>/dossier.pdf")
def dossier_pdf(incident_id: int):
    incident = get_incident_or_404(incident_id)
    return _export([incident], "pdf", f"dossier-{incident.id}")


@bp.route("/<int:incident_id>/evidence.zip")
def evidence_zip(incident_id: int):
    incident = get_incident_or_404(incident_id)
    return _export([incident], "zip", f"beweise-{incident.id}")


def own_incidents(user) -> list[Incident]:
    """The user's saved, readable incidents, oldest first (drafts and deleted ones left out)."""
    return db.session.scalars(
        select(Incident).where(Incident.reporter_id == user.id, Incident.status != "draft",
                               Incident.wrapped_key.is_not(None)).order_by(Incident.id)
    ).all()


def _chosen() -> list[Incident]:
    raw = request.args.getlist("ids")
    if not raw or len(raw) > MAX_SET or not all(r.isdigit() for r in raw):
        abort(400)
    ids = sorted({bounded.checked_int(r) for r in raw})  # 400 beyond the database's range
    return [get_incident_or_404(i, manage=True) for i in ids]


@bp.route("/dossier")
def dossier_choose():
    permissions.require(permissions.can_report_incident(current_user))
    rows = []
    for item in own_incidents(current_user):
        contents = open_contents(item)
        rows.append((item, contents))
    return render_template("incidents/dossier_choose.html", rows=rows, max_set=MAX_SET)


@bp.route("/dossier/set.<any(pdf, zip):fmt>")
def dossier_set(fmt: str):
    if not request.args.getlist("ids"):
        flash(_("Choose at least one incident."), "warning")
        return redirect(url_for("incidents.dossier_choose"))
    incidents = _chosen()
    return _export(incidents, fmt, "dossier" if fmt == "pdf" else "beweise")
