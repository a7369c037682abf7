"""The organisers' list of registrations, and a registration taken on paper or by phone
entered by hand. Every look at the list is in the audit log (it shows names)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ... import audit
from ...extensions import db
from .. import bp
from . import registration, services
from .access import lottery_or_404
from .models import Invitation, Registrant
from .registration_forms import TeamRegistrationForm


def _form(lottery, formdata=None) -> TeamRegistrationForm:
    form = TeamRegistrationForm(formdata=formdata) if formdata is not None else TeamRegistrationForm()
    row = services.register_of(lottery)
    districts = sorted((row.counts or {}).get("district", {})) if row else []
    form.district.choices = [("", _("Please choose"))] + [(d, d) for d in districts]
    return form


def _page(process, lottery, form, status=200):
    registrants = list(db.session.scalars(
        select(Registrant).where(Registrant.lottery_id == lottery.id).order_by(Registrant.created_at, Registrant.id)))
    rows = [(r, registration.details_of(lottery, r)) for r in registrants]
    audit.record("dialogue.lottery_registrants_viewed", actor=current_user, obj=process,
                 municipality_id=process.municipality_id, registrants=len(rows))
    db.session.commit()
    return render_template("dialogue/lottery/registrants.html", process=process, lottery=lottery, rows=rows,
                           form=form, withdraw_form=FlaskForm()), status


@bp.route("/processes/<int:process_id>/lottery/registrants", methods=["GET", "POST"])
def lottery_registrants(process_id: int):
    process, lottery = lottery_or_404(process_id)
    form = _form(lottery)
    if not form.is_submitted():
        return _page(process, lottery, form)
    if not form.validate():
        return _page(process, lottery, form, 422)
    invitation = None
    code = services.normalise_code(form.code.data or "")
    if code:
        invitation = db.session.scalar(select(Invitation).where(
            Invitation.lottery_id == lottery.id, Invitation.code_hash == services.code_hash(code)))
        if invitation is None or invitation.state != "invited":
            form.code.errors = [_("This code does not belong to an invitation of this lottery that can still "
                                  "register.")]
            return _page(process, lottery, form, 422)
    registration.register(lottery, invitation, form.details(), source=form.source.data, entered_by=current_user)
    db.session.commit()
    flash(_("The registration has been saved."), "success")
    return redirect(url_for("dialogue.lottery_registrants", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/registrants/<int:registrant_id>/withdraw", methods=["POST"])
def withdraw_registrant(process_id: int, registrant_id: int):
    process, lottery = lottery_or_404(process_id)
    registrant = db.session.get(Registrant, registrant_id)
    if registrant is None or registrant.lottery_id != lottery.id:
        abort(404)
    registration.withdraw(registrant, actor=current_user)
    db.session.commit()
    flash(_("The registration has been withdrawn and its details deleted."), "success")
    return redirect(url_for("dialogue.lottery_registrants", process_id=process.id))
