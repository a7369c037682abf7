"""The panel for the organisers: every seat with its holder and their answer; inviting
the selected (mail, or letters as one PDF), marking what someone said on the phone,
and drawing replacements for those who declined or did not answer – queued for the
job runner like a selection. Every look at the names is in the audit log."""

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select

from ... import audit
from ...extensions import db, limiter
from ...platform import jobs
from ...platform.mail import render_message, send_later
from .. import bp
from . import letter_text, letters, members, panel, run_choice, services
from .access import lottery_or_404
from .models import PanelMember, SelectionRun


def _latest_replacement(lottery) -> SelectionRun | None:
    return db.session.scalar(select(SelectionRun).where(
        SelectionRun.lottery_id == lottery.id, SelectionRun.kind == "replacement")
        .order_by(SelectionRun.id.desc()).limit(1))


def _page(process, lottery, status=200, errors=None):
    seats = members.members_of(lottery)
    replaced = {m.replaces_id: m for m in seats if m.replaces_id}
    contacts = {m.id: members.contact_of(lottery, m) for m in seats}
    rows = [(m, contacts[m.id], replaced.get(m.id), contacts[replaced[m.id].id] if m.id in replaced else None)
            for m in seats]
    audit.record("dialogue.lottery_panel_viewed", actor=current_user, obj=process,
                 municipality_id=process.municipality_id, seats=len(rows))
    db.session.commit()
    return render_template(
        "dialogue/lottery/members.html", process=process, lottery=lottery, rows=rows,
        open_seats=members.replaceable(lottery), base=members.panel_run(lottery),
        run=_latest_replacement(lottery), form=FlaskForm(), errors=errors or {},
        letters_due=len(members.for_letters(lottery)), to_invite=sum(1 for m in members.current(lottery)
                                                                    if m.invited_at is None),
        algorithms=run_choice.library().available_algorithms(), best=run_choice.library().best_algorithm(),
        MARKS=members.MARKS, kind="replacement",
    ), status


def _csrf_or_400() -> None:
    if not FlaskForm().validate_on_submit():
        abort(400)


@bp.route("/processes/<int:process_id>/lottery/panel")
def lottery_panel(process_id: int):
    process, lottery = lottery_or_404(process_id)
    return _page(process, lottery)


SELECTED_SUBJECT = _l("You have been chosen for the citizens' assembly")


@bp.route("/processes/<int:process_id>/lottery/panel/invite", methods=["POST"])
@limiter.limit("20 per hour")
def lottery_panel_invite(process_id: int):
    """Invite every seat not yet invited: mails now, letters in the PDF."""
    process, lottery = lottery_or_404(process_id)
    _csrf_or_400()
    invited = members.invite(lottery, current_user)
    db.session.commit()
    if not invited:
        flash(_("Everyone on the panel has been invited already."), "info")
        return redirect(url_for("dialogue.lottery_panel", process_id=process.id))
    sessions = letter_text.sessions_lines(process)
    for member, contact, code in invited:
        if member.channel == "mail":
            send_later(render_message(
                contact["email"], SELECTED_SUBJECT, "lottery_selected", language=str(get_locale() or "de"),
                name=contact["name"], process=process, municipality=process.municipality, sessions=sessions,
                code=services.show_code(code), answer_url=letter_text.answer_url(code)))
    mails = sum(1 for m, *_ in invited if m.channel == "mail")
    flash(_("%(mails)d invited by mail; %(letters)d without an e-mail address get a letter (download the PDF).",
            mails=mails, letters=len(invited) - mails), "success")
    return redirect(url_for("dialogue.lottery_panel", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/panel/letters.pdf", methods=["POST"])
@limiter.limit("20 per hour")
def lottery_panel_letters(process_id: int):
    process, lottery = lottery_or_404(process_id)
    _csrf_or_400()
    due = members.for_letters(lottery)
    if not due:
        flash(_("Nobody is waiting for a letter."), "info")
        return redirect(url_for("dialogue.lottery_panel", process_id=process.id))
    recipients = [letters.Recipient(c.get("name", ""), c.get("street", ""), c.get("postcode", ""), c.get("city", ""),
                                    services.show_code(code), letter_text.answer_url(code)) for _m, c, code in due]
    try:
        body = letters.letters_pdf(recipients, letter_text.selected_text(lottery, process, date.today()))
    except letters.LetterTooLong:
        flash(_("The sessions do not fit on one page; list fewer of them."), "error")
        return _page(process, lottery, 422)
    audit.record("dialogue.lottery_panel_letters", actor=current_user, obj=process,
                 municipality_id=process.municipality_id, letters=len(recipients))
    db.session.commit()
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="auswahl-{process.slug}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/processes/<int:process_id>/lottery/panel/<int:member_id>/answer", methods=["POST"])
def lottery_panel_answer(process_id: int, member_id: int):
    """What a member said (on the phone, in a letter): confirmed, declined, no answer."""
    process, lottery = lottery_or_404(process_id)
    _csrf_or_400()
    member = db.session.get(PanelMember, member_id)
    if member is None or member.lottery_id != lottery.id:
        abort(404)
    state = request.form.get("state", "")
    if state not in members.MARKS:
        return _page(process, lottery, 422, {member.id: _("Choose confirmed, declined or no answer.")})
    try:
        members.mark(member, state, current_user)
    except services.LotteryError:
        return _page(process, lottery, 409, {member.id: _("A replacement has taken this seat already.")})
    db.session.commit()
    flash(_("The answer has been saved."), "success")
    return redirect(url_for("dialogue.lottery_panel", process_id=process.id) + f"#member-{member.id}")


@bp.route("/processes/<int:process_id>/lottery/panel/replace", methods=["POST"])
def lottery_panel_replace(process_id: int):
    """Queue a run that draws replacements for every seat declined or not answered."""
    process, lottery = lottery_or_404(process_id)
    _csrf_or_400()
    algorithm, seed, errors = run_choice.read(request.form)
    if errors:
        return _page(process, lottery, 422, errors)
    try:
        run = panel.start_replacement(lottery, current_user, algorithm=algorithm, seed=seed)
    except panel.AlreadyRunning:
        flash(_("A selection is already running. Wait until it has finished."), "error")
        return _page(process, lottery, 409)
    except services.LotteryError:
        flash(_("Nobody on the panel has declined or failed to answer."), "error")
        return _page(process, lottery, 409)
    db.session.commit()
    run.job_id = jobs.enqueue("dialogue.select", run.id).id
    db.session.commit()
    return redirect(url_for("dialogue.lottery_panel", process_id=process.id))
