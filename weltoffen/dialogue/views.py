"""The team's process pages: list, record, change, publish (sessions: session_views.py)."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm

from .. import permissions
from ..extensions import db
from ..platform.web.forms import choices
from . import (
    access,
    accountability,
    bp,
    catalogue,
    labels,
    network_release,
    process_choices,
    public_bp,
    services,
    sessions,
)
from .accountability_models import Recommendation
from .forms import ProcessForm


@bp.context_processor
@public_bp.context_processor
def _labels() -> dict:
    return labels.context()


@bp.after_request
def _release(response):
    """After a successful change, evaluate the network's unpublished figures for a new
    release (network_release.py; it is taken only when the K rule allows it)."""
    network_id = g.pop("dialogue_changed_network", None)
    if network_id is not None and request.method == "POST" and response.status_code < 400:
        network_release.refresh(network_id)
        db.session.commit()
    return response


@bp.route("/municipalities/<int:municipality_id>/processes")
def index(municipality_id: int):
    municipality = access.municipality_or_404(municipality_id)
    processes = services.processes_of(municipality.id)
    return render_template(
        "dialogue/index.html",
        municipality=municipality,
        processes=processes,
        next_phases={p.id: process_choices.next_phase(p) for p in processes},
        formats=catalogue.formats(),
        can_edit=permissions.can_edit_dialogue(current_user, municipality),
        flagged=accountability.flags_for_municipality(municipality.id),
    )


def _form(municipality, process=None) -> ProcessForm:
    form = ProcessForm()
    form.format_key.choices = choices(catalogue.choices())
    form.contact_id.choices = choices(
        [("", _l("Nobody chosen"))] + [(str(u.id), u.name) for u in process_choices.team(municipality)]
    )
    dims = process_choices.dimensions(municipality)
    for key in (process.dimension_keys if process else []) or []:
        dims.setdefault(key, key)  # a field of a questionnaire no longer in use stays choosable
    form.dimension_keys.choices = choices(dims.items())
    if process is not None and process.contact_id and str(process.contact_id) not in {
            c.value for c in form.contact_id.choices}:
        form.contact_id.choices.append(choices([(str(process.contact_id), process.contact.name)])[0])
    return form


def _render_form(form, municipality, process=None, status=200):
    return render_template("dialogue/process_form.html", form=form, municipality=municipality, process=process,
                           formats=catalogue.formats()), status


@bp.route("/municipalities/<int:municipality_id>/processes/new", methods=["GET", "POST"])
def new_process(municipality_id: int):
    municipality = access.municipality_or_404(municipality_id, edit=True)
    form = _form(municipality)
    if request.method == "GET":
        form.status.data = "planned"
        form.contact_id.data = str(current_user.id) if any(
            c.value == str(current_user.id) for c in form.contact_id.choices) else ""
        return _render_form(form, municipality)
    if not form.validate():
        return _render_form(form, municipality, status=422)
    process = services.create_process(municipality, current_user, phases=form.phases(), **form.values())
    db.session.commit()
    flash(_("The dialogue process is recorded."), "success")
    return redirect(url_for("dialogue.process", process_id=process.id))


@bp.route("/processes/<int:process_id>/edit", methods=["GET", "POST"])
def edit_process(process_id: int):
    process = access.process_or_404(process_id, edit=True)
    municipality = process.municipality
    form = _form(municipality, process)
    if request.method == "GET":
        form.fill(process)
        return _render_form(form, municipality, process)
    if not form.validate():
        return _render_form(form, municipality, process, status=422)
    services.update_process(process, current_user, phases=form.phases(), **form.values())
    db.session.commit()
    flash(_("The changes are saved."), "success")
    return redirect(url_for("dialogue.process", process_id=process.id))


def public_address(process) -> str | None:
    """The public page's address once the public pages exist and the process is published."""
    if not process.published or "beteiligung.process" not in current_app.view_functions:
        return None
    return url_for("beteiligung.process", ags=process.municipality.ags, slug=process.slug, _external=True)


@bp.route("/processes/<int:process_id>")
def process(process_id: int):
    process = access.process_or_404(process_id)
    municipality = process.municipality
    return render_template(
        "dialogue/process.html", process=process, municipality=municipality,
        format=catalogue.get(process.format_key),
        dimensions=process_choices.dimensions(municipality),
        next_phase=process_choices.next_phase(process),
        outside=sessions.outside_sessions_phase,
        public_url=public_address(process),
        flagged=accountability.flagged(Recommendation.process_id == process.id),
        can_edit=permissions.can_edit_dialogue(current_user, municipality),
        can_publish=permissions.can_publish_dialogue(current_user, municipality),
        form=FlaskForm(),
    )


def _publishable(process_id: int):
    """The process to publish or withdraw (CSRF is checked app-wide): leads only."""
    process = access.process_or_404(process_id)
    permissions.require(permissions.can_publish_dialogue(current_user, process.municipality))
    return process


@bp.route("/processes/<int:process_id>/publish", methods=["POST"])
def publish_process(process_id: int):
    process = _publishable(process_id)
    services.publish(process, current_user)
    db.session.commit()
    flash(_("The process is public now."), "success")
    return redirect(url_for("dialogue.process", process_id=process.id))


@bp.route("/processes/<int:process_id>/withdraw", methods=["POST"])
def withdraw_process(process_id: int):
    process = _publishable(process_id)
    services.withdraw(process, current_user)
    db.session.commit()
    flash(_("The process is no longer public."), "success")
    return redirect(url_for("dialogue.process", process_id=process.id))
