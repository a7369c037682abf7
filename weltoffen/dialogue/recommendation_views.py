"""The team's recommendation pages: the list of a process with flags, a recommendation
with its response and progress forms and the full history, new/edit. Nothing is
deleted (there are no delete routes)."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..extensions import db
from . import access, accountability, bp, formatting, practice_link
from .accountability_models import Recommendation
from .recommendation_forms import ProgressForm, RecommendationForm, ResponseForm

bp.add_app_template_filter(formatting.share, "dialogue_percent")  # a share 0–1, e.g. "83,3 %"


def _saved(form, save, message: str, rec=None):
    """Validate `form`, call `save(**form.values())` and commit; on success the page of
    `rec` (or of the recommendation `save` returned), None when the form or the service
    refused (errors at the fields, nothing written)."""
    if not form.validate_on_submit():
        return None
    try:
        saved = save(**form.values())
    except accountability.Invalid as invalid:
        db.session.rollback()
        for name, error in invalid.errors.items():
            field = getattr(form, name)
            field.errors = list(field.errors or []) + [str(error)]
        return None
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("dialogue.recommendation", recommendation_id=(rec or saved).id))


@bp.route("/processes/<int:process_id>/recommendations")
def recommendations(process_id: int):
    process = access.process_or_404(process_id)
    return _list_page(process)


def _list_page(process, status: int = 200, practice_error: str | None = None):
    municipality = process.municipality
    flagged = accountability.flagged(Recommendation.process_id == process.id)
    return render_template(
        "dialogue/recommendations.html",
        process=process,
        items=accountability.recommendations_of(process.id),
        flags={f.recommendation_id: (f.overdue, f.stalled) for f in flagged},
        flagged=flagged,
        can_edit=permissions.can_edit_dialogue(current_user, municipality),
        can_propose=permissions.can_submit_practice(current_user, municipality),
        proposed=practice_link.proposed_practice(process),
        practice_error=practice_error,
    ), status


@bp.route("/processes/<int:process_id>/recommendations/new", methods=["GET", "POST"])
def new_recommendation(process_id: int):
    process = access.process_or_404(process_id, edit=True)
    form = RecommendationForm()
    if not form.is_submitted():
        form.number.data = len(accountability.recommendations_of(process.id)) + 1
    done = _saved(form, lambda **values: accountability.add_recommendation(process, current_user, **values),
                  _("The recommendation was saved."))
    if done:
        return done
    status = 422 if form.errors else 200
    return render_template("dialogue/recommendation_form.html", form=form, process=process,
                           recommendation=None), status


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
def edit_recommendation(recommendation_id: int):
    rec = access.recommendation_or_404(recommendation_id, edit=True)
    form = RecommendationForm(obj=rec)
    done = _saved(form, lambda **values: accountability.edit_recommendation(rec, current_user, **values),
                  _("The recommendation was saved."))
    if done:
        return done
    status = 422 if form.errors else 200
    return render_template("dialogue/recommendation_form.html", form=form, process=rec.process,
                           recommendation=rec), status


def _page(rec, response_form=None, progress_form=None, status: int = 200):
    response_form = response_form or ResponseForm(formdata=None)
    progress_form = progress_form or ProgressForm(formdata=None)
    flags = accountability.flags_of_process(rec.process_id).get(rec.id, (False, False))
    return render_template(
        "dialogue/recommendation.html", rec=rec, process=rec.process, history=accountability.history(rec),
        response_form=response_form, progress_form=progress_form, overdue=flags[0], stalled=flags[1],
        can_edit=permissions.can_edit_dialogue(current_user, rec.process.municipality),
    ), status


@bp.route("/recommendations/<int:recommendation_id>")
def recommendation(recommendation_id: int):
    return _page(access.recommendation_or_404(recommendation_id))


@bp.route("/recommendations/<int:recommendation_id>/responses", methods=["POST"])
def respond(recommendation_id: int):
    rec = access.recommendation_or_404(recommendation_id, edit=True)
    form = ResponseForm()
    done = _saved(form, lambda **values: accountability.respond(rec, current_user, **values),
                  _("The response was recorded."), rec)
    return done or _page(rec, response_form=form, status=422)


@bp.route("/recommendations/<int:recommendation_id>/progress", methods=["POST"])
def add_progress(recommendation_id: int):
    rec = access.recommendation_or_404(recommendation_id, edit=True)
    form = ProgressForm()
    done = _saved(form, lambda **values: accountability.add_progress(rec, current_user, **values),
                  _("The progress was recorded."), rec)
    return done or _page(rec, progress_form=form, status=422)


@bp.route("/processes/<int:process_id>/practice", methods=["POST"])
def propose_practice(process_id: int):
    """"Als Praxisbeispiel vorschlagen": a practice prefilled from a finished process,
    submitted for the network's review like every practice."""
    process = access.process_or_404(process_id)
    permissions.require(permissions.can_submit_practice(current_user, process.municipality))
    try:
        practice = practice_link.propose(process, current_user)
    except practice_link.Refused as refused:
        db.session.rollback()
        return _list_page(process, 409, practice_error=refused.message)
    db.session.commit()
    flash(_("Thank you! The network coordination reviews your practice before it is published."), "success")
    return redirect(url_for("forum.practice", practice_id=practice.id))
