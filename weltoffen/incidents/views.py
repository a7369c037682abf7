"""The reporter's pages: the list, the report form (new and edit, with autosave of
drafts), the incident page, closing, reopening, deleting and "who looked"."""

import secrets
from datetime import date, datetime

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from .. import audit, permissions
from ..audit import AuditEntry
from ..extensions import db, htmx
from ..platform.storage import files
from . import bp, evidence, grants, services, timeline
from .access import get_incident_or_404, open_contents
from .forms import blank_contents, parse_incident
from .models import CHANNELS

#: Report forms of this session that may autosave: token -> draft id (newest last).
_FORMS_KEY = "incident_forms"


def _draft_of(token: str):
    """The draft bound to a form token of this session, or None."""
    incident_id = session.get(_FORMS_KEY, {}).get(token)
    return get_incident_or_404(incident_id, write=True) if incident_id else None


def _bind(token: str, incident) -> None:
    forms = dict(session.get(_FORMS_KEY, {}))
    forms[token] = incident.id
    session[_FORMS_KEY] = dict(list(forms.items())[-10:])


def _uploads() -> tuple[list, str | None]:
    """Uploaded evidence as (upload, link, captured_at, note), or an error message."""
    items = []
    for slot in range(3):
        files = [f for f in request.files.getlist(f"evidence-{slot}") if f and f.filename]
        link = (request.form.get(f"evidence-{slot}-link") or "").strip()
        raw = (request.form.get(f"evidence-{slot}-captured") or "").strip()
        try:
            captured = datetime.fromisoformat(raw) if raw else None
        except ValueError:
            return [], _("The capture time is not a valid date and time.")
        items += [(f, link, captured, "") for f in files]
    return items, None


def _render_form(template: str, contents: dict, errors: dict, status: int = 200, **context):
    return render_template(template, contents=contents, errors=errors, form=FlaskForm(),
                           accept=evidence.ACCEPT, **context), status


def _save(incident, contents: dict, strict: bool):
    if strict:
        return services.record(incident, current_user, contents) if incident.status == "draft" \
            else services.update(incident, current_user, contents)
    return services.save_draft(incident, current_user, contents)


def _prefilled(args) -> dict:
    """A blank report, with the date (not in the future) and channel from the query if
    they are valid (the link from a dialogue session); anything else is ignored."""
    contents = blank_contents()
    try:
        day = date.fromisoformat((args.get("date") or "")[:10])
        if day <= date.today():
            contents["date"] = day.isoformat()
    except ValueError:
        pass
    if args.get("channel") in CHANNELS:
        contents["channel"] = args["channel"]
    return contents


@bp.route("/")
def index():
    rows = services.incidents_for(current_user)
    permissions.require(permissions.can_report_incident(current_user) or bool(rows))
    return render_template("incidents/index.html", rows=rows, summary=services.summary,
                           can_report=permissions.can_report_incident(current_user))


@bp.route("/new", methods=["GET", "POST"])
def new():
    permissions.require(permissions.can_report_incident(current_user))
    if request.method == "GET":
        return _render_form("incidents/new.html", _prefilled(request.args), {}, token=secrets.token_urlsafe(12))
    token = (request.form.get("form_token") or "")[:40] or secrets.token_urlsafe(12)
    strict = request.form.get("action") != "draft"
    contents, errors = parse_incident(request.form, strict=strict)
    uploads, upload_error = _uploads()
    if upload_error:
        errors["evidence"] = upload_error
    if errors:
        return _render_form("incidents/new.html", contents, errors, 422, token=token)
    incident = _draft_of(token)
    if incident is not None and incident.status != "draft":  # sent twice: it is saved already
        return redirect(url_for("incidents.incident", incident_id=incident.id))
    incident = incident or services.new_draft(current_user)
    _save(incident, contents, strict)
    try:
        evidence.store_all(incident, uploads, current_user) if uploads else None
    except (evidence.EvidenceRejected, files.StorageFull) as exc:
        db.session.rollback()
        errors["evidence"] = str(exc.message)
        return _render_form("incidents/new.html", contents, errors, getattr(exc, "status", 422), token=token)
    db.session.commit()
    _bind(token, incident)
    if strict:
        flash(_("The incident is saved. Only you can see it."), "success")
        return redirect(url_for("incidents.incident", incident_id=incident.id))
    flash(_("The draft is saved. You can continue it later from your incident list."), "success")
    return redirect(url_for("incidents.edit", incident_id=incident.id))


@bp.route("/autosave", methods=["POST"])
def autosave():
    """Keeps a draft while it is typed (htmx); creates the draft on the first change."""
    token = (request.form.get("form_token") or "")[:40]
    if not token:
        abort(400)
    incident = _draft_of(token)
    if incident is None:
        permissions.require(permissions.can_report_incident(current_user))
    else:
        # A save that arrives while the form is being submitted waits for that
        # submission (row lock on PostgreSQL; SQLite writers take the lock up front)
        # and then sees the report saved: it must not overwrite it with the draft.
        db.session.refresh(incident, with_for_update=True)
        if incident.status != "draft":
            return render_template(
                "incidents/_form_saved.html",
                error=_("The report has been saved in the meantime; changes made here are not kept."),
                saved_url=url_for("incidents.incident", incident_id=incident.id),
            ), 409
    contents, _errors = parse_incident(request.form, strict=False)
    incident = incident or services.new_draft(current_user)
    services.save_draft(incident, current_user, contents, autosave=True)
    db.session.commit()
    _bind(token, incident)
    if not htmx:
        return redirect(url_for("incidents.edit", incident_id=incident.id))
    return render_template("incidents/_form_saved.html", error=None)


@bp.route("/<int:incident_id>")
def incident(incident_id: int):
    item = get_incident_or_404(incident_id)
    contents = open_contents(item)
    audit.record("incident.viewed", actor=current_user, obj=item)
    db.session.commit()
    return render_template(
        "incidents/incident.html", incident=item, contents=contents, entries=timeline.entries_of(item),
        access=permissions.incident_access(current_user, item), grants=grants.active_grants(item),
        form=FlaskForm(),
    )


@bp.route("/<int:incident_id>/edit", methods=["GET", "POST"])
def edit(incident_id: int):
    item = get_incident_or_404(incident_id, write=True)
    if request.method == "GET":
        token = secrets.token_urlsafe(12)
        if item.status == "draft":
            _bind(token, item)
        contents = {**blank_contents(), **open_contents(item)}
        audit.record("incident.viewed", actor=current_user, obj=item, page="edit")
        db.session.commit()
        return _render_form("incidents/edit.html", contents, {}, incident=item, token=token)
    token = (request.form.get("form_token") or "")[:40]
    strict = item.status != "draft" or request.form.get("action") != "draft"
    contents, errors = parse_incident(request.form, strict=strict)
    uploads, upload_error = _uploads()
    if upload_error:
        errors["evidence"] = upload_error
    if not errors:
        _save(item, contents, strict)
        try:
            evidence.store_all(item, uploads, current_user) if uploads else None
        except evidence.EvidenceRejected as exc:
            db.session.rollback()
            errors["evidence"] = exc.message
    if errors:
        return _render_form("incidents/edit.html", contents, errors, 422, incident=item, token=token)
    db.session.commit()
    if strict:
        flash(_("The incident is saved."), "success")
        return redirect(url_for("incidents.incident", incident_id=item.id))
    flash(_("The draft is saved."), "success")
    return redirect(url_for("incidents.edit", incident_id=item.id))


@bp.route("/<int:incident_id>/close", methods=["POST"])
def close(incident_id: int):
    return _change_status(incident_id, "open", services.close,
                          _("Only an open incident can be closed."),
                          _("The incident is closed. You can reopen it at any time."))


@bp.route("/<int:incident_id>/reopen", methods=["POST"])
def reopen(incident_id: int):
    return _change_status(incident_id, "closed", services.reopen,
                          _("Only a closed incident can be reopened."),
                          _("The incident is open again."))


def _change_status(incident_id: int, required: str, change, refused: str, done: str):
    item = get_incident_or_404(incident_id, manage=True)
    if item.status != required:
        flash(refused, "warning")
    else:
        change(item, current_user)
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("incidents.incident", incident_id=item.id))


@bp.route("/<int:incident_id>/delete", methods=["GET", "POST"])
def delete(incident_id: int):
    item = get_incident_or_404(incident_id, manage=True)
    error = None
    if request.method == "POST":
        if request.form.get("confirm") == "yes":
            services.destroy(item, current_user)
            db.session.commit()
            flash(_("The incident was deleted. Its contents and evidence can no longer be read by anyone."),
                  "success")
            return redirect(url_for("incidents.index"))
        error = _("Tick the box to confirm that the incident should be destroyed.")
    return render_template("incidents/delete.html", incident=item, contents=open_contents(item),
                           error=error, form=FlaskForm()), 422 if error else 200


@bp.route("/<int:incident_id>/log")
def access_log(incident_id: int):
    """Who looked at or changed the incident, when, and what they did."""
    item = get_incident_or_404(incident_id, manage=True)
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.object_type == "incident", AuditEntry.object_id == item.id)
        .order_by(AuditEntry.id.desc()).limit(500)
    ).all()
    from ..auth.models import User

    ids = {e.actor_id for e in entries} | {e.details.get("user") for e in entries if e.action == "incident.grant_ended"}
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids - {None})))}
    return render_template("incidents/access_log.html", incident=item, entries=entries, people=people)


@bp.app_template_filter("incident_date")
def incident_date(value) -> str:
    """An ISO date (or date) in the reader's language; unparseable input as it is."""
    if not value:
        return "–"
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return format_date(day, "medium")


@bp.app_template_filter("incident_datetime")
def incident_datetime(value) -> str:
    return format_datetime(value, "short") if value else "–"


@bp.context_processor
def _labels():
    from . import forms

    return {
        "L": forms,
        "today": date.today().isoformat(),
        "today_date": date.today(),
        "action_label": forms.action_label,
    }


@bp.app_context_processor
def _navigation():
    def incident_nav(user) -> bool:
        """The "Incidents" link: officials who may report, and trust persons with a grant."""
        return permissions.can_report_incident(user) or grants.has_any_grant(user)

    return {"incident_nav": incident_nav}
