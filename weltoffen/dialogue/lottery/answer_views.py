"""The public answer of a selected person (no account): the answer code from the mail
or letter (in the link, typed in, or in the QR code), then "I take part" or "I cannot
take part". Until a replacement has taken the seat one may change one's mind.
Rate-limited and CSRF-protected like the registration; unknown codes, codes of seats
already filled and codes of shredded lotteries get one and the same answer."""

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from ...extensions import db, limiter
from ...permissions import public
from . import letter_text, members
from .models import Lottery
from .public_views import bp, rate_limit
from .registration_forms import CodeForm

BAD_ANSWER_CODE = _l("This code cannot be used: it is not valid, or your seat has been given to someone else. "
                     "Check the code in your letter or mail; if it still does not work, call the number given there.")


def _code_page(form, status=200, bad=False):
    return render_template("dialogue/lottery/public/answer_code.html", form=form, bad=bad,
                           BAD_CODE=BAD_ANSWER_CODE), status


def _answer_page(member, code: str, status=200):
    lottery = db.session.get(Lottery, member.lottery_id)
    process = lottery.process
    return render_template("dialogue/lottery/public/answer.html", process=process, member=member, code=code,
                           sessions=letter_text.sessions_lines(process)), status


@bp.route("/antwort", methods=["GET"])
@public
@limiter.limit("30 per minute")
def answer_start():
    code = request.args.get("code", "")
    if code:
        member = members.by_code(code)
        if member is not None:
            return _answer_page(member, code)
        return _code_page(CodeForm(data={"code": code}), 404, bad=True)
    return _code_page(CodeForm(formdata=None))


@bp.route("/antwort", methods=["POST"])
@public
@limiter.limit(rate_limit)
def answer():
    form = CodeForm()
    if not form.validate_on_submit():
        return _code_page(form, 422 if form.code.errors else 400)
    member = members.by_code(form.code.data)
    if member is None:
        return _code_page(form, 404, bad=True)
    choice = request.form.get("answer")
    if choice not in ("yes", "no"):
        return _answer_page(member, form.code.data)
    members.mark(member, "confirmed" if choice == "yes" else "declined")
    db.session.commit()
    lottery = db.session.get(Lottery, member.lottery_id)
    return render_template("dialogue/lottery/public/answered.html", process=lottery.process,
                           confirmed=choice == "yes", code=form.code.data)
