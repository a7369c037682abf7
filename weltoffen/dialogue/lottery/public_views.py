"""The public registration for a citizens' assembly (no account): the code from the
letter (typed in, or in the QR code's address), then the form; a confirmation mail
with a link to withdraw. Rate-limited and CSRF-protected; unknown, used and expired
codes get the same answer, so nothing tells whether another code exists. Unlike the
process pages these answers are personal: never cached, no referrer sent."""

from datetime import date

from flask import Blueprint, Response, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ...extensions import db, limiter
from ...permissions import public
from ...platform.mail import render_message, send_later
from . import letter_text, registration, services
from .registration_forms import CodeForm, RegistrationForm

bp = Blueprint("anmeldung", __name__, url_prefix="/beteiligung/anmeldung")
BAD_CODE = _l("This code cannot be used: it is not valid, it has already been used, or the registration has "
              "closed. Check the code in your letter; if it still does not work, call the number in the letter.")


def rate_limit() -> str:
    return current_app.config.get("LOTTERY_REGISTRATION_RATE_LIMIT", "10 per minute")


@bp.after_request
def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _districts(lottery) -> list[str]:
    row = services.register_of(lottery)
    return sorted((row.counts or {}).get("district", {})) if row else []


def _registration_form(opened, code: str, formdata=None) -> RegistrationForm:
    form = RegistrationForm(formdata=formdata, code=code) if formdata is not None else RegistrationForm(code=code)
    form.district.choices = [("", _("Please choose"))] + [(d, d) for d in _districts(opened.lottery)]
    return form


def _form_page(opened, form, status=200):
    process = opened.lottery.process
    consent = letter_text.form_data(opened.lottery, process)["consent_text"]
    return render_template("dialogue/lottery/public/form.html", form=form, lottery=opened.lottery,
                           process=process, consent=consent), status


def _code_page(form, status=200, bad=False):
    return render_template("dialogue/lottery/public/code.html", form=form, bad=bad, BAD_CODE=BAD_CODE), status


@bp.route("", methods=["GET"])
@public
@limiter.limit("30 per minute")
def start():
    code = request.args.get("code", "")
    if code:
        opened = registration.open_code(code, date.today())
        if opened is not None:
            return _form_page(opened, _registration_form(opened, services.normalise_code(code)))
        return _code_page(CodeForm(data={"code": code}), 404, bad=True)
    return _code_page(CodeForm(formdata=None))


@bp.route("", methods=["POST"])
@public
@limiter.limit(rate_limit)
def check_code():
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(form, 422)
    opened = registration.open_code(form.code.data, date.today())
    if opened is None:
        return _code_page(form, 404, bad=True)
    return _form_page(opened, _registration_form(opened, services.normalise_code(form.code.data)))


@bp.route("/formular", methods=["POST"])
@public
@limiter.limit(rate_limit)
def submit():
    code = request.form.get("code", "")
    opened = registration.open_code(code, date.today())
    if opened is None:
        return _code_page(CodeForm(formdata=None), 404, bad=True)
    form = _registration_form(opened, code, formdata=request.form)
    if not form.validate_on_submit():
        return _form_page(opened, form, 422)
    registrant, token = registration.register(opened.lottery, opened.invitation, form.details(), source="online")
    db.session.commit()
    withdraw_url = url_for("anmeldung.withdraw", token=token, _external=True)
    details = form.details()
    if details["email"]:
        send_later(render_message(
            details["email"], _l("Your registration for the citizens' assembly"), "lottery_registered",
            language=str(get_locale() or "de"), name=details["name"], process=opened.lottery.process,
            municipality=opened.lottery.process.municipality, withdraw_url=withdraw_url))
    return render_template("dialogue/lottery/public/done.html", process=opened.lottery.process,
                           withdraw_url=withdraw_url, mailed=bool(details["email"]))


@bp.route("/abmelden/<token>", methods=["GET", "POST"])
@public
@limiter.limit(rate_limit)
def withdraw(token: str):
    registrant = registration.registrant_by_token(token)
    if registrant is None or registrant.state != "registered":
        return render_template("dialogue/lottery/public/withdrawn.html", gone=True), 404
    if request.method == "POST":
        from flask_wtf import FlaskForm

        if not FlaskForm().validate_on_submit():
            return render_template("dialogue/lottery/public/withdraw.html", token=token), 400
        registration.withdraw(registrant)
        db.session.commit()
        return render_template("dialogue/lottery/public/withdrawn.html", gone=False)
    return render_template("dialogue/lottery/public/withdraw.html", token=token)
