"""Results, advice requests from the team and requests to reopen (the action plan:
plan_views.py)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit, permissions
from ..extensions import db
from ..platform.mail import MailError
from ..platform.web.forms import choices
from . import access, bp, dialogue_links, followup, incident_figures, mails, plan_views, results
from .display import tr
from .forms import AdviceForm, ReopenRequestForm


def _dimension_choices(questionnaire):
    return choices((d["key"], tr(d["title"])) for d in questionnaire.dimensions)


@bp.route("/submissions/<int:submission_id>/result")
def result(submission_id: int):
    sub = access.get_submission_or_404(submission_id)
    if sub.status != "submitted":
        flash(_("The result appears once the self-check is submitted."), "info")
        return redirect(url_for("selfcheck.submission", submission_id=sub.id))
    advice_form = _advice_form(sub)
    if request.args.get("dimension") in {choice.value for choice in advice_form.dimension.choices}:
        advice_form.dimension.data = request.args["dimension"]
    return _result_page(sub, advice_form)


def _advice_form(sub) -> AdviceForm:
    form = AdviceForm(formdata=None)
    form.dimension.choices = _dimension_choices(sub.questionnaire)
    return form


def _result_page(sub, advice_form: AdviceForm, status: int = 200, advice_error: str | None = None,
                 reopen_form: ReopenRequestForm | None = None, reopen_error: str | None = None):
    """The result page; a refused advice request comes back with its values and its
    errors at the fields (the page opens at the form: #advice)."""
    measure_form = plan_views.measure_form(sub.municipality, sub.questionnaire)
    measure_form.dimension.id = "measure-dimension"  # the advice form on the same page has "dimension"
    return render_template(
        "selfcheck/result.html",
        view=results.result_view(sub),
        submission=sub,
        advice_form=advice_form,
        advice_error=advice_error,
        reopen_form=reopen_form or ReopenRequestForm(formdata=None),
        reopen_error=reopen_error,
        measure_form_data=measure_form,
        can_lead=permissions.can_lead_submission(current_user, sub),
        can_reopen=permissions.can_reopen(current_user, sub),
        incident_block=incident_figures.block_for(
            current_user, sub.municipality, sub.questionnaire.definition
        ),
        dialogue_processes=dialogue_links.by_dimension(
            current_user, sub.municipality, [d["key"] for d in sub.questionnaire.dimensions]
        ),
    ), status


@bp.route("/submissions/<int:submission_id>/reopen-request", methods=["POST"])
def request_reopening(submission_id: int):
    """A lead who needs a change asks the coordination to reopen (only it may)."""
    sub = access.get_submission_or_404(submission_id, permissions.can_lead_submission)
    if sub.status != "submitted":
        abort(409)
    form = ReopenRequestForm()
    if not form.validate_on_submit():
        return _result_page(sub, _advice_form(sub), 422, reopen_form=form)
    reason = form.reason.data.strip()
    audit.record("submission.reopen_requested", actor=current_user, obj=sub,
                 municipality_id=sub.municipality_id, reason=reason)
    try:
        mails.reopen_requested(sub, current_user, reason)
    except MailError:
        db.session.rollback()
        return _result_page(sub, _advice_form(sub), 503, reopen_form=form, reopen_error=_(
            "The coordination could not be notified by e-mail. Nothing was sent; please try again."))
    db.session.commit()
    flash(_("Your request to reopen has been sent to the network coordination."), "success")
    return redirect(url_for("selfcheck.result", submission_id=sub.id))


@bp.route("/submissions/<int:submission_id>/advice", methods=["POST"])
def request_advice(submission_id: int):
    sub = access.get_submission_or_404(submission_id, permissions.can_lead_submission)
    form = AdviceForm()
    form.dimension.choices = _dimension_choices(sub.questionnaire)
    if not form.validate_on_submit():
        return _result_page(sub, form, 422)
    advice = followup.request_advice(sub, current_user, form.dimension.data, form.message.data)
    try:
        mails.advice_requested(advice)
    except MailError:
        db.session.rollback()
        return _result_page(sub, form, 503, _(
            "The coordination could not be notified by e-mail. Nothing was saved; please try again."))
    db.session.commit()
    flash(_("Your request was sent to the network coordination."), "success")
    return redirect(
        url_for("selfcheck.result", submission_id=sub.id) + f"#dim-{advice.dimension_key}"
    )
