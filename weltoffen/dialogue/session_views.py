"""The team's session pages: record, change and read a session of a process."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..extensions import db
from ..forum.discussions.rendering import render
from . import access, bp, catalogue, sessions
from .session_forms import SessionForm


def _render_form(form, process, session=None, status=200):
    return render_template("dialogue/session_form.html", form=form, process=process, session=session,
                           municipality=process.municipality, format=catalogue.get(process.format_key)), status


def _warn_if_outside(process, held_on) -> None:
    if sessions.outside_sessions_phase(process, held_on):
        flash(_("The date lies outside the sessions phase of the process. Please check it or adjust the phases."),
              "warning")


@bp.route("/processes/<int:process_id>/sessions/new", methods=["GET", "POST"])
def new_session(process_id: int):
    process = access.process_or_404(process_id, edit=True)
    form = SessionForm()
    if request.method == "GET":
        return _render_form(form, process)
    if not form.validate():
        return _render_form(form, process, status=422)
    session = sessions.create_session(process, current_user, attendance=form.attendance(), **form.values())
    db.session.commit()
    flash(_("The session is recorded."), "success")
    _warn_if_outside(process, session.held_on)
    return redirect(url_for("dialogue.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session = access.session_or_404(session_id, edit=True)
    form = SessionForm()
    if request.method == "GET":
        form.fill(session, sessions.attendance_of(session))
        return _render_form(form, session.process, session)
    if not form.validate():
        return _render_form(form, session.process, session, status=422)
    sessions.update_session(session, current_user, attendance=form.attendance(), **form.values())
    db.session.commit()
    flash(_("The changes are saved."), "success")
    _warn_if_outside(session.process, session.held_on)
    return redirect(url_for("dialogue.session", session_id=session.id))


@bp.route("/sessions/<int:session_id>")
def session(session_id: int):
    session = access.session_or_404(session_id)
    process = session.process
    return render_template(
        "dialogue/session.html", session=session, process=process, municipality=process.municipality,
        format=catalogue.get(process.format_key),
        minutes=render(session.minutes) if session.minutes else None,
        attendance=sessions.attendance_of(session),
        outside=sessions.outside_sessions_phase(process, session.held_on),
        can_edit=permissions.can_edit_dialogue(current_user, process.municipality),
        can_report=permissions.can_report_incident(current_user),
    )
