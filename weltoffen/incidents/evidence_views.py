"""Evidence of an incident: the add form (several files, each with its link and
capture time), the metadata-free preview, the original as a download, and deleting
one file. Every route loads the incident through get_incident_or_404."""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import audit
from ..extensions import db
from ..platform.storage import files
from . import bp, evidence, sealing
from .access import get_incident_or_404
from .models import Evidence

#: Rows of the add form shown at first; "More rows" adds up to evidence.MAX_FILES.
ROWS = 1
KIND_LABELS = {
    "image": _l("Image"),
    "application/pdf": _l("PDF document"),
    "message/rfc822": _l("E-mail"),
    "audio": _l("Audio recording"),
}
PRIVATE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, no-store",
}


def kind_label(content_type: str) -> str:
    return str(KIND_LABELS.get(content_type) or KIND_LABELS.get(content_type.split("/")[0], content_type))


@dataclass
class Row:
    """One evidence file as the incident page shows it (contents opened)."""

    item: Evidence
    filename: str
    link: str
    captured_at: str
    note: str
    kind: str


def rows_of(incident) -> list[Row]:
    """The incident's evidence with opened metadata, oldest first."""
    rows = []
    for item in incident.evidence:
        meta = evidence.meta_of(item)
        rows.append(Row(item, meta.get("filename") or _("File %(n)d", n=item.id), meta.get("link") or "",
                        (meta.get("captured_at") or "").replace("T", " "), meta.get("note") or "",
                        kind_label(item.content_type)))
    return rows


@bp.context_processor
def _evidence_helpers():
    return {"evidence_rows": rows_of, "evidence_accept": evidence.ACCEPT}


class EvidenceForm(FlaskForm):
    """CSRF only: the rows are parsed by hand so each file keeps its own link and time."""


def _parse_rows(count: int):
    """[(upload, link, captured_at, note)] for the rows with a file, the typed values of
    every row, and errors {field name: message}."""
    items, typed, errors = [], [], {}
    now = datetime.now() + timedelta(days=1)
    for i in range(count):
        upload = request.files.get(f"file-{i}")
        link = (request.form.get(f"link-{i}") or "").strip()[:2000]
        raw_time = (request.form.get(f"captured-{i}") or "").strip()[:20]
        note = (request.form.get(f"note-{i}") or "").strip()[:2000]
        typed.append({"link": link, "captured": raw_time, "note": note})
        captured = None
        if raw_time:
            try:
                captured = datetime.fromisoformat(raw_time)
                if captured > now:
                    errors[f"captured-{i}"] = _("The capture time must not be in the future.")
            except ValueError:
                errors[f"captured-{i}"] = _("Enter a date and time such as 2026-05-31 18:30.")
        if link and not link.startswith(("https://", "http://")):
            errors[f"link-{i}"] = _("Enter the full address, starting with https://")
        has_file = upload is not None and upload.filename
        if not has_file and (link or raw_time or note):
            errors[f"file-{i}"] = _("Choose the file these details belong to.")
        if has_file:
            items.append((upload, link, captured, note))
    for upload in request.files.getlist("files"):
        if upload.filename:
            items.append((upload, "", None, ""))
    return items, typed, errors


@bp.route("/<int:incident_id>/evidence/new", methods=["GET", "POST"])
def evidence_new(incident_id: int):
    incident = get_incident_or_404(incident_id, write=True)
    count = min(max(request.args.get("rows", ROWS, type=int) or ROWS, 1), evidence.MAX_FILES)
    form = EvidenceForm()
    typed, errors, refused = [{}] * count, {}, []
    storage_full = False
    if request.method == "POST":
        count = min(max(request.form.get("rows", ROWS, type=int) or ROWS, 1), evidence.MAX_FILES)
        if not form.validate_on_submit():
            abort(400)
        items, typed, errors = _parse_rows(count)
        if not items and not errors:
            errors["file-0"] = _("Choose at least one file.")
        if not errors:
            try:
                stored = evidence.store_all(incident, items, current_user)
            except (evidence.EvidenceRejected, files.StorageFull) as exc:
                db.session.rollback()
                refused.append(str(exc.message))
                storage_full = isinstance(exc, files.StorageFull)
            else:
                db.session.commit()
                flash(ngettext("%(num)d file was added as evidence.", "%(num)d files were added as evidence.",
                               len(stored)), "success")
                return redirect(url_for("incidents.incident", incident_id=incident.id) + "#evidence")
    status = 507 if storage_full else 422 if errors or refused else 200
    return render_template("incidents/evidence_new.html", incident=incident, form=form, count=count,
                           typed=typed, errors=errors, refused=refused, max_files=evidence.MAX_FILES,
                           max_mb=evidence.limit_bytes() // (1024 * 1024)), status


def _evidence_or_404(incident_id: int, evidence_id: int, *, write: bool = False):
    incident = get_incident_or_404(incident_id, write=write)
    item = db.session.get(Evidence, evidence_id)
    if item is None or item.incident_id != incident.id:
        abort(404)
    return incident, item


def _send(data: bytes, content_type: str, filename: str, *, attachment: bool):
    response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=attachment,
                         download_name=filename, conditional=False, etag=False, max_age=0)
    response.headers["Content-Type"] = content_type
    response.headers.update(PRIVATE_HEADERS)
    return response


@bp.route("/<int:incident_id>/evidence/<int:evidence_id>/preview")
def evidence_preview(incident_id: int, evidence_id: int):
    _incident, item = _evidence_or_404(incident_id, evidence_id)
    try:
        data = evidence.preview(item)
    except (FileNotFoundError, sealing.Shredded):
        abort(404)
    # Not audited on its own: previews are images of the incident page, whose view is
    # audited ("incident.viewed"); several writes from one page's images would also
    # contend for SQLite's write lock. Downloads of the original are audited.
    kind = evidence.preview_type(data)
    return _send(data, kind, f"vorschau-{item.id}.{'jpg' if kind == 'image/jpeg' else 'png'}", attachment=False)


@bp.route("/<int:incident_id>/evidence/<int:evidence_id>/download")
def evidence_download(incident_id: int, evidence_id: int):
    incident, item = _evidence_or_404(incident_id, evidence_id)
    try:
        data = evidence.original(item)
    except (FileNotFoundError, sealing.Shredded):
        abort(404)
    meta = evidence.meta_of(item)
    name = meta.get("filename") or f"beweis-{item.id}.{evidence.TYPES.get(item.content_type, ('', 'bin'))[1]}"
    audit.record("incident.evidence_download", actor=current_user, obj=incident, evidence_id=item.id)
    db.session.commit()
    return _send(data, item.content_type, name, attachment=True)


@bp.route("/<int:incident_id>/evidence/<int:evidence_id>/delete", methods=["POST"])
def evidence_delete(incident_id: int, evidence_id: int):
    incident, item = _evidence_or_404(incident_id, evidence_id, write=True)
    form = EvidenceForm()
    if not form.validate_on_submit():
        abort(400)
    evidence.delete(item, current_user)
    db.session.commit()
    flash(_("The evidence file was deleted."), "success")
    return redirect(url_for("incidents.incident", incident_id=incident.id) + "#evidence")
