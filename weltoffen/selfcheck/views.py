"""The team's own pages: the self-check overview and filling in a dimension, with
one autosave request per answer (htmx) and a whole-page save without JavaScript."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from .. import permissions
from ..extensions import db, htmx
from . import access, answers, bp, dialogue_links, followup, services
from .forms import SubmitForm
from .models import Round


def dimension_or_404(submission, key: str) -> dict:
    return submission.questionnaire.dimension(key) or abort(404)


def question_or_404(submission, key: str) -> dict:
    return submission.questionnaire.question(key) or abort(404)


@bp.route("/")
def index():
    municipalities = [
        m for m in current_user.municipalities if permissions.is_team(current_user, m)
    ]
    submissions = {m.id: services.submissions_of(m.id) for m in municipalities}
    networks = []
    if current_user.network and permissions.is_coordinator_of(current_user, current_user.network_id):
        networks = [current_user.network]
    elif permissions.is_admin(current_user):
        from ..network.models import Network

        networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    staff = [
        {
            "network": n,
            "open_rounds": db.session.scalars(
                select(Round).where(Round.network_id == n.id, Round.status == "open")
            ).all(),
            "open_advice": followup.open_advice_count(n.id),
        }
        for n in networks
    ]
    return render_template(
        "selfcheck/index.html", municipalities=municipalities, submissions=submissions, staff=staff
    )


def _progress_context(submission):
    definition = submission.questionnaire.definition
    mine = answers.member_answers(submission, current_user)
    effective = answers.effective_answers(submission)
    my_progress = answers.progress(definition, set(mine))
    team_progress = answers.progress(definition, {k for k, e in effective.items() if e.answered})
    conflicts = {k for k, e in effective.items() if e.conflict}
    return my_progress, team_progress, effective, conflicts


@bp.route("/submissions/<int:submission_id>")
def submission(submission_id: int):
    sub = access.get_submission_or_404(submission_id)
    return submission_page(sub)


def submission_page(sub, submit_form: SubmitForm | None = None, status: int = 200):
    """The submission's overview (with the submit form, refused as `submit_form`)."""
    if not permissions.is_team(current_user, sub.municipality):
        return redirect(url_for("selfcheck.result", submission_id=sub.id))
    my_progress, team_progress, effective, conflicts = _progress_context(sub)
    definition = sub.questionnaire.definition
    missing = answers.missing_for_submit(definition, effective)
    return render_template(
        "selfcheck/submission.html",
        submission=sub,
        my_progress=my_progress,
        team_progress=team_progress,
        conflicts=conflicts,
        missing=missing,
        form=submit_form or SubmitForm(),
        can_fill=permissions.can_fill(current_user, sub),
        can_lead=permissions.can_lead_submission(current_user, sub),
    ), status


@bp.route("/submissions/<int:submission_id>/dimensions/<key>", methods=["GET", "POST"])
def fill(submission_id: int, key: str):
    sub = access.get_submission_or_404(submission_id)
    dim = dimension_or_404(sub, key)
    editable = permissions.can_fill(current_user, sub)
    permissions.require(editable or request.method == "GET")
    errors: dict[str, str] = {}
    if request.method == "POST":
        for q in dim["questions"]:
            parsed = answers.save_answer(
                sub, current_user, q, answers.raw_from_form(request.form, q["key"])
            )
            if parsed.error:
                errors[q["key"]] = str(parsed.error)
        if not errors:
            db.session.commit()
            flash(_("Your answers on this page are saved."), "success")
            following = _next_dimension(sub, key)
            target = (
                url_for("selfcheck.fill", submission_id=sub.id, key=following)
                if following and request.form.get("go") == "next"
                else url_for("selfcheck.fill", submission_id=sub.id, key=key)
            )
            return redirect(target)
        db.session.rollback()
    mine = answers.member_answers(sub, current_user)
    return render_template(
        "selfcheck/fill.html",
        submission=sub,
        dimension=dim,
        mine=mine,
        posted=request.form if errors else None,
        errors=errors,
        editable=editable,
        next_key=_next_dimension(sub, key),
        form=FlaskForm(),
        dialogue_processes=dialogue_links.for_questions(current_user, sub.municipality, dim),
    ), 422 if errors else 200


def _next_dimension(sub, key: str) -> str | None:
    keys = [d["key"] for d in sub.questionnaire.dimensions]
    index = keys.index(key)
    return keys[index + 1] if index + 1 < len(keys) else None


@bp.route("/submissions/<int:submission_id>/answers/<key>", methods=["POST"])
def autosave(submission_id: int, key: str):
    """One answer, saved the moment it changes."""
    sub = access.get_submission_or_404(submission_id)
    question = question_or_404(sub, key)
    if not permissions.can_fill(current_user, sub):
        if permissions.is_team(current_user, sub.municipality):
            return render_template(
                "selfcheck/_saved.html",
                error=_("This self-check is locked; the answer was not saved."),
            ), 409
        abort(403)
    parsed = answers.save_answer(
        sub, current_user, question, answers.raw_from_form(request.form, key)
    )
    if parsed.error:
        db.session.rollback()
        return render_template("selfcheck/_saved.html", error=str(parsed.error)), 422
    db.session.commit()
    if not htmx:
        dim = next(d for d in sub.questionnaire.dimensions if question in d["questions"])
        return redirect(
            url_for("selfcheck.fill", submission_id=sub.id, key=dim["key"]) + f"#q-{key}"
        )
    return render_template("selfcheck/_saved.html", error=None)
