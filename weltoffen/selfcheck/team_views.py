"""The team view: everyone's answers per question, the spread, the lead's team
answer and comments; submitting and reopening."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..auth.models import User
from ..extensions import db, htmx
from . import access, answers, bp, mails, services
from .forms import CommentForm, ReopenForm, SubmitForm
from .question_types import TYPES
from .views import dimension_or_404, question_or_404, submission_page


@bp.route("/submissions/<int:submission_id>/team/<key>")
def team(submission_id: int, key: str):
    sub = access.get_submission_or_404(submission_id)
    permissions.require(permissions.is_team(current_user, sub.municipality))
    dim = dimension_or_404(sub, key)
    by_question = answers.answers_by_question(sub)
    user_ids = {a.user_id for rows in by_question.values() for a in rows}
    names = {u.id: u.name for u in db.session.scalars(db.select(User).where(User.id.in_(user_ids)))}
    summaries = {
        q["key"]: TYPES[q["type"]].summarise(
            q, [a.value for a in by_question.get(q["key"], []) if a.special is None]
        )
        for q in dim["questions"]
    }
    return render_template(
        "selfcheck/team.html",
        submission=sub,
        dimension=dim,
        by_question=by_question,
        names=names,
        summaries=summaries,
        team_size=max(len(mails.team_of(sub.municipality_id)), len(user_ids)),
        effective=answers.effective_answers(sub),
        team_answers=answers.team_answers(sub),
        comments=answers.comments(sub),
        comment_form=CommentForm(),
        can_lead=permissions.can_lead_submission(current_user, sub)
        and permissions.can_fill(current_user, sub),
        can_comment=permissions.can_fill(current_user, sub),
    )


@bp.route("/submissions/<int:submission_id>/team-answers/<key>", methods=["POST"])
def set_team_answer(submission_id: int, key: str):
    sub = access.get_submission_or_404(submission_id, permissions.can_lead_submission)
    permissions.require(permissions.can_fill(current_user, sub), 409)
    question = question_or_404(sub, key)
    parsed = answers.set_team_answer(
        sub, current_user, question, answers.raw_from_form(request.form, key, prefix="team")
    )
    if parsed.error:
        db.session.rollback()
        if htmx:
            return render_template("selfcheck/_saved.html", error=str(parsed.error)), 422
        flash(str(parsed.error), "danger")
    else:
        db.session.commit()
        if htmx:
            return render_template("selfcheck/_saved.html", error=None)
        flash(_("The team answer is saved."), "success")
    dim = next(d for d in sub.questionnaire.dimensions if question in d["questions"])
    return redirect(url_for("selfcheck.team", submission_id=sub.id, key=dim["key"]) + f"#q-{key}")


@bp.route("/submissions/<int:submission_id>/comments/<key>", methods=["POST"])
def comment(submission_id: int, key: str):
    sub = access.get_submission_or_404(submission_id, permissions.can_fill)
    question = question_or_404(sub, key)
    form = CommentForm()
    dim = next(d for d in sub.questionnaire.dimensions if question in d["questions"])
    if form.validate_on_submit():
        answers.add_comment(sub, current_user, key, form.text.data)
        db.session.commit()
        flash(_("Comment added."), "success")
    else:
        flash(_("A comment needs 1 to 2,000 characters."), "danger")
    return redirect(url_for("selfcheck.team", submission_id=sub.id, key=dim["key"]) + f"#q-{key}")


@bp.route("/submissions/<int:submission_id>/submit", methods=["POST"])
def submit(submission_id: int):
    sub = access.get_submission_or_404(submission_id, permissions.can_lead_submission)
    permissions.require(permissions.can_fill(current_user, sub), 409)
    form = SubmitForm()
    complete = not answers.missing_for_submit(sub.questionnaire.definition, answers.effective_answers(sub))
    if complete and not form.validate_on_submit():
        return submission_page(sub, form, 422)
    try:
        services.submit(sub, current_user)
    except services.SubmitProblem as problem:
        db.session.rollback()
        flash(
            _("%(n)d required questions still need a team answer.", n=len(problem.missing)),
            "danger",
        )
        return redirect(url_for("selfcheck.submission", submission_id=sub.id) + "#missing")
    db.session.commit()
    flash(_("The self-check is submitted. Here is your result."), "success")
    return redirect(url_for("selfcheck.result", submission_id=sub.id))


@bp.route("/submissions/<int:submission_id>/reopen", methods=["GET", "POST"])
def reopen(submission_id: int):
    sub = access.get_submission_or_404(submission_id, permissions.can_reopen)
    form = ReopenForm()
    if form.validate_on_submit():
        services.reopen(sub, current_user, form.reason.data)
        db.session.commit()
        flash(_("The self-check of %(name)s is open again.", name=sub.municipality.name), "success")
        return redirect(url_for("selfcheck.round_detail", round_id=sub.round_id))
    return render_template(
        "selfcheck/reopen.html", submission=sub, form=form
    ), 400 if form.errors else 200
