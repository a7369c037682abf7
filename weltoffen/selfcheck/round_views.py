"""For the network coordination: rounds, participation, the advice inbox."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..network.access import get_network_or_404
from ..network.models import Municipality
from ..platform.mail import MailError
from ..platform.web.forms import choices
from . import bp, followup, mails, services
from .display import lang
from .forms import AdviceAnswerForm, ExtendForm, RoundForm
from .models import AdviceRequest, Questionnaire, Round, Submission


def _round_or_404(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id) or abort(404)
    permissions.require(permissions.can_manage_rounds(current_user, round_.network))
    return round_


def _round_form(network) -> RoundForm:
    form = RoundForm()
    form.questionnaire.choices = choices(
        (q.id, f"{q.title_de if lang() == 'de' else q.title_en} (v{q.version})")
        for q in services.latest_questionnaires()
    )
    form.municipalities.choices = choices(
        (m.id, m.name)
        for m in db.session.scalars(
            select(Municipality)
            .where(Municipality.network_id == network.id)
            .order_by(Municipality.name)
        )
    )
    return form


@bp.route("/networks/<int:network_id>/rounds", methods=["GET", "POST"])
def rounds(network_id: int):
    network = get_network_or_404(network_id, permissions.can_manage_rounds)
    form = _round_form(network)
    if form.validate_on_submit():
        questionnaire = db.session.get(Questionnaire, form.questionnaire.data) or abort(400)
        ids = (
            [c.value for c in form.municipalities.choices]
            if form.all_municipalities.data
            else form.municipalities.data
        )
        try:
            round_ = services.open_round(
                current_user,
                network,
                questionnaire,
                form.title.data,
                form.opens_on.data,
                form.deadline.data,
                ids,
            )
        except services.SelfcheckError:
            abort(400)
        db.session.commit()
        flash(_("The round “%(title)s” is open.", title=round_.title), "success")
        return redirect(url_for("selfcheck.round_detail", round_id=round_.id))
    all_rounds = db.session.scalars(
        select(Round).where(Round.network_id == network.id).order_by(Round.opens_on.desc())
    ).all()
    return render_template(
        "selfcheck/rounds.html",
        network=network,
        rounds=all_rounds,
        form=form,
        participation={r.id: services.participation(r) for r in all_rounds},
    ), 400 if form.errors else 200


@bp.route("/rounds/<int:round_id>")
def round_detail(round_id: int):
    round_ = _round_or_404(round_id)
    submissions = db.session.scalars(
        select(Submission)
        .join(Municipality)
        .where(Submission.round_id == round_.id)
        .order_by(Municipality.name)
    ).all()
    extend = ExtendForm()
    if request.method == "GET":
        extend.deadline.data = round_.deadline
    return render_template(
        "selfcheck/round.html",
        round=round_,
        submissions=submissions,
        participation=services.participation(round_),
        extend_form=extend,
    )


@bp.route("/rounds/<int:round_id>/extend", methods=["POST"])
def extend_round(round_id: int):
    round_ = _round_or_404(round_id)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            services.extend_round(current_user, round_, form.deadline.data)
        except services.SelfcheckError:
            flash(_("The new deadline must not be earlier than the current one."), "danger")
        else:
            db.session.commit()
            flash(
                _("The deadline is now %(date)s.", date=format_date(form.deadline.data)),
                "success",
            )
    else:
        flash(_("Please enter a valid date."), "danger")
    return redirect(url_for("selfcheck.round_detail", round_id=round_.id))


@bp.route("/rounds/<int:round_id>/close", methods=["POST"])
def close_round(round_id: int):
    round_ = _round_or_404(round_id)
    services.close_round(current_user, round_)
    db.session.commit()
    flash(_("The round is closed; unsubmitted self-checks can no longer be changed."), "success")
    return redirect(url_for("selfcheck.round_detail", round_id=round_.id))


@bp.route("/networks/<int:network_id>/advice")
def advice_inbox(network_id: int):
    network = get_network_or_404(network_id, permissions.can_manage_rounds)
    status = (
        request.args.get("status")
        if request.args.get("status") in ("open", "in_progress", "answered")
        else None
    )
    return render_template(
        "selfcheck/advice_inbox.html",
        network=network,
        status=status,
        requests=followup.advice_inbox(network.id, status),
    )


@bp.route("/advice/<int:advice_id>", methods=["GET", "POST"])
def advice_detail(advice_id: int):
    advice = db.session.get(AdviceRequest, advice_id) or abort(404)
    permissions.require(permissions.can_view_advice(current_user, advice))
    can_answer = permissions.can_answer_advice(current_user, advice)
    form = AdviceAnswerForm(obj=advice)
    if request.method == "POST":
        permissions.require(can_answer)
        if form.validate_on_submit():
            followup.work_on_advice(advice, current_user, form.status.data, form.answer.data or "")
            try:
                if advice.status == "answered":
                    mails.advice_answered(advice)
            except MailError:
                db.session.rollback()
                flash(
                    _(
                        "The municipality could not be notified by e-mail. Nothing was saved; please try again."
                    ),
                    "danger",
                )
                return render_template(
                    "selfcheck/advice.html", advice=advice, form=form, can_answer=True
                ), 503
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("selfcheck.advice_detail", advice_id=advice.id))
    return render_template(
        "selfcheck/advice.html", advice=advice, form=form, can_answer=can_answer
    ), 400 if form.errors else 200
