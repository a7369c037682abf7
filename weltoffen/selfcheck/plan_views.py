"""The municipality's action plan: measures with an owner from the team and a due
date, their exports for the council committee (PDF, XLSX) and calendar files."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..extensions import db
from ..network.access import get_municipality_or_404
from ..network.models import Municipality
from ..platform import calendar_files
from ..platform.web.forms import choices
from . import access, bp, followup, plan_export, results
from .display import tr
from .forms import MeasureForm
from .models import Measure, Questionnaire


def dimension_choices(questionnaire):
    return choices((d["key"], tr(d["title"])) for d in questionnaire.dimensions)


def measure_form(municipality: Municipality, questionnaire, measure: Measure | None = None,
                 formdata=None) -> MeasureForm:
    """The measure form with the municipality's team as owners (a former member who
    still owns `measure` stays choosable, marked as such)."""
    form = MeasureForm(obj=measure) if formdata is None else MeasureForm(formdata=formdata, obj=measure)
    form.dimension.choices = dimension_choices(questionnaire)
    team = followup.team_members(municipality.id)
    owners = [(0, _("Nobody of the team (see department)"))] + [(u.id, u.name) for u in team]
    if measure is not None and measure.owner_id and measure.owner_id not in {u.id for u in team}:
        owners.append((measure.owner_id, _("%(name)s (no longer in the team)", name=measure.owner_user.name)))
    form.owner_id.choices = choices(owners)
    if measure is not None:
        form.previous_due_on = measure.due_on
        if request.method == "GET":
            form.owner_id.data = measure.owner_id or 0
    return form


def plan_questionnaire(slug: str | None) -> Questionnaire:
    stmt = db.select(Questionnaire).order_by(Questionnaire.version.desc())
    if slug:
        stmt = stmt.where(Questionnaire.slug == slug)
    return db.session.scalars(stmt.limit(1)).first() or abort(404)


def _plan_page(municipality, questionnaire, form, status=200):
    return render_template(
        "selfcheck/plan.html",
        municipality=municipality,
        questionnaire=questionnaire,
        measures=results.measures_by_dimension(municipality.id, questionnaire.slug),
        form=form,
        can_edit=permissions.can_edit_plan(current_user, municipality),
    ), status


@bp.route("/municipalities/<int:municipality_id>/plan")
def plan(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_view_plan)
    questionnaire = plan_questionnaire(request.args.get("questionnaire"))
    return _plan_page(municipality, questionnaire, measure_form(municipality, questionnaire))


@bp.route("/municipalities/<int:municipality_id>/measures", methods=["POST"])
def add_measure(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_edit_plan)
    questionnaire = plan_questionnaire(request.form.get("questionnaire"))
    form = measure_form(municipality, questionnaire, formdata=request.form)
    if not form.validate_on_submit():
        return _plan_page(municipality, questionnaire, form, 400)
    measure = Measure(
        municipality_id=municipality.id,
        questionnaire_slug=questionnaire.slug,
        dimension_key=form.dimension.data,
        submission_id=request.form.get("submission", type=int),
    )
    _check_submission_link(measure, municipality)
    try:
        followup.save_measure(measure, current_user, **_measure_fields(form))
    except followup.MeasureError:
        db.session.rollback()
        form.owner_id.errors.append(_("Choose someone of the team."))
        return _plan_page(municipality, questionnaire, form, 400)
    db.session.commit()
    flash(_("Measure added to the action plan."), "success")
    return redirect(
        url_for("selfcheck.plan", municipality_id=municipality.id, questionnaire=questionnaire.slug)
        + f"#dim-{measure.dimension_key}"
    )


def _check_submission_link(measure: Measure, municipality) -> None:
    if measure.submission_id is not None:
        sub = access.get_submission_or_404(measure.submission_id)
        permissions.require(sub.municipality_id == municipality.id, 400)


def _measure_fields(form) -> dict:
    return {
        "title": form.title.data,
        "description": form.description.data or "",
        "owner_id": form.owner_id.data or None,
        "owner": form.owner.data or "",
        "due_on": form.due_on.data,
        "status": form.status.data,
    }


@bp.route("/measures/<int:measure_id>", methods=["GET", "POST"])
def edit_measure(measure_id: int):
    measure = db.session.get(Measure, measure_id) or abort(404)
    municipality = get_municipality_or_404(measure.municipality_id, permissions.can_edit_plan)
    questionnaire = plan_questionnaire(measure.questionnaire_slug)
    form = measure_form(municipality, questionnaire, measure)
    if request.method == "GET":
        form.dimension.data = measure.dimension_key
    if form.validate_on_submit():
        try:
            followup.save_measure(measure, current_user, **_measure_fields(form))
        except followup.MeasureError:
            db.session.rollback()
            form.owner_id.errors.append(_("Choose someone of the team."))
            return render_template("selfcheck/measure_edit.html", measure=measure,
                                   municipality=municipality, form=form), 400
        measure.dimension_key = form.dimension.data
        db.session.commit()
        flash(_("Measure saved."), "success")
        return redirect(
            url_for(
                "selfcheck.plan", municipality_id=municipality.id, questionnaire=questionnaire.slug
            )
            + f"#dim-{measure.dimension_key}"
        )
    return render_template(
        "selfcheck/measure_edit.html", measure=measure, municipality=municipality, form=form
    ), 400 if form.errors else 200


# --- exports and calendar files -----------------------------------------------------


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "private, no-store",
    })


@bp.route("/municipalities/<int:municipality_id>/plan.pdf")
def plan_pdf(municipality_id: int):
    """The action plan for the council committee, in the current language."""
    municipality = get_municipality_or_404(municipality_id, permissions.can_view_plan)
    questionnaire = plan_questionnaire(request.args.get("questionnaire"))
    return _download(plan_export.pdf_bytes(municipality, questionnaire), "application/pdf",
                     plan_export.filename(municipality, "pdf"))


@bp.route("/municipalities/<int:municipality_id>/plan.xlsx")
def plan_xlsx(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_view_plan)
    questionnaire = plan_questionnaire(request.args.get("questionnaire"))
    return _download(
        plan_export.xlsx_bytes(municipality, questionnaire),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        plan_export.filename(municipality, "xlsx"),
    )


@bp.route("/municipalities/<int:municipality_id>/plan.ics")
def plan_ics(municipality_id: int):
    """Every open measure of the municipality with a due date, as calendar events."""
    municipality = get_municipality_or_404(municipality_id, permissions.can_view_plan)
    deadlines = [
        calendar_files.Deadline(
            uid=calendar_files.uid("measure", m.id),
            day=m.due_on,
            summary=_("Due: %(measure)s", measure=m.title),
            description=_("Action plan of %(municipality)s", municipality=municipality.name),
            url=url_for("selfcheck.plan", municipality_id=municipality.id,
                        questionnaire=m.questionnaire_slug, _external=True),
        )
        for m in followup.open_measures_with_due_date(municipality.id)
    ]
    return calendar_files.calendar_response(
        deadlines, _("Action plan of %(municipality)s", municipality=municipality.name),
        plan_export.filename(municipality, "ics"))


@bp.route("/submissions/<int:submission_id>/deadline.ics")
def deadline_ics(submission_id: int):
    """The round's deadline for whoever may see the submission."""
    sub = access.get_submission_or_404(submission_id)
    round_ = sub.round
    deadline = calendar_files.Deadline(
        uid=calendar_files.uid("round-deadline", f"{round_.id}-{sub.municipality_id}"),
        day=round_.deadline,
        summary=_("Deadline: self-check %(round)s", round=round_.title),
        description=sub.municipality.name,
        url=url_for("selfcheck.submission", submission_id=sub.id, _external=True),
        remind_days_before=7,
    )
    return calendar_files.calendar_response(
        [deadline], _("Self-check %(round)s", round=round_.title), f"selbstcheck-frist-{round_.id}.ics")
