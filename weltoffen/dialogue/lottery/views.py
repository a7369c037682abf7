"""Stage 1 of a citizens' assembly by lot, for the team: start the lottery and name its
organisers (leads), import the register extract, draw the invitations, write the
letter, and produce the letters as PDF or as CSV for a print service (organisers with
a second factor). Producing letters fixes the draw and shreds the register."""

from datetime import date

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from ... import audit, permissions
from ...extensions import db, limiter
from ...platform.storage.uploads import read_limited
from ...platform.web.forms import choices
from .. import bp
from ..process_choices import team
from . import draw as draw_mod
from . import letter_text, letters, register, services
from .access import assembly_or_404, lottery_or_404
from .forms import DrawForm, LetterForm, OrganisersForm, RegisterForm
from .models import LotteryOrganiser


def _page(process, status=200, **forms):
    lottery = services.lottery_of(process)
    municipality = process.municipality
    organiser_form = forms.get("organiser_form") or OrganisersForm()
    organiser_form.organisers.choices = choices((str(u.id), u.name) for u in team(municipality))
    if lottery is not None and "organiser_form" not in forms:
        organiser_form.organisers.data = [str(o.user_id) for o in lottery.organisers]
    letter_form = forms.get("letter_form")
    if letter_form is None and lottery is not None:
        letter_form = LetterForm(data=letter_text.form_data(lottery, process))
    return render_template(
        "dialogue/lottery/lottery.html", process=process, municipality=municipality, lottery=lottery,
        register=services.register_of(lottery) if lottery else None,
        can_manage=permissions.can_manage_lottery(current_user, municipality),
        can_handle=lottery is not None and permissions.can_handle_lottery_data(current_user, lottery, municipality),
        organiser_form=organiser_form, register_form=forms.get("register_form") or RegisterForm(),
        draw_form=forms.get("draw_form") or DrawForm(), letter_form=letter_form, form=FlaskForm(),
        register_result=forms.get("register_result"),
    ), status


@bp.route("/processes/<int:process_id>/lottery")
def lottery_page(process_id: int):
    return _page(assembly_or_404(process_id))


@bp.route("/processes/<int:process_id>/lottery/start", methods=["POST"])
def start_lottery(process_id: int):
    process = assembly_or_404(process_id, manage=True)
    services.create(process, current_user)
    db.session.commit()
    flash(_("The lottery has been started. You are its first organiser."), "success")
    return redirect(url_for("dialogue.lottery_page", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/organisers", methods=["POST"])
def lottery_organisers(process_id: int):
    process = assembly_or_404(process_id, manage=True)
    lottery = services.lottery_of(process) or abort(404)
    form = OrganisersForm()
    form.organisers.choices = choices((str(u.id), u.name) for u in team(process.municipality))
    if not form.validate_on_submit() or not form.organisers.data:
        if not form.organisers.errors:
            form.organisers.errors = [_("Name at least one organiser.")]
        return _page(process, 422, organiser_form=form)
    wanted = {int(v) for v in form.organisers.data}
    for organiser in list(lottery.organisers):
        if organiser.user_id not in wanted:
            lottery.organisers.remove(organiser)
    have = {o.user_id for o in lottery.organisers}
    for user_id in sorted(wanted - have):
        lottery.organisers.append(LotteryOrganiser(user_id=user_id, named_by_id=current_user.id))
    audit.record("dialogue.lottery_organisers", actor=current_user, obj=process,
                 municipality_id=process.municipality_id, organisers=sorted(wanted))
    db.session.commit()
    flash(_("The organisers have been saved."), "success")
    return redirect(url_for("dialogue.lottery_page", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/register", methods=["POST"])
@limiter.limit("20 per hour")
def lottery_register(process_id: int):
    process, lottery = lottery_or_404(process_id)
    request.max_content_length = current_app.config["LOTTERY_REGISTER_MAX_BYTES"] + 1_000_000
    form = RegisterForm()
    if not form.validate_on_submit():
        return _page(process, 422, register_form=form)
    if lottery.drawn_at is not None:
        form.file.errors = [_("The invitations have been drawn; the register can no longer be replaced.")]
        return _page(process, 409, register_form=form)
    data = read_limited(form.file.data, current_app.config["LOTTERY_REGISTER_MAX_BYTES"])
    if data is None:
        form.file.errors = [_("The file is too large: at most %(mb)s MB.", mb=format_decimal(
            current_app.config["LOTTERY_REGISTER_MAX_BYTES"] / 2**20, "#,##0.#"))]
        return _page(process, 413, register_form=form)
    result = register.parse(data, date.today())
    if not result.ok:
        return _page(process, 422, register_form=form, register_result=result)
    row = services.import_register(lottery, result, current_user, date.today())
    db.session.commit()
    flash(_("The register has been imported and sealed: %(n)s people.", n=format_decimal(row.people)), "success")
    page = url_for("dialogue.lottery_page", process_id=process.id)
    if request.headers.get("X-Upload-Progress"):  # upload.js: it goes to the page itself
        return "", 204, {"X-Location": page}
    return redirect(page)


@bp.route("/processes/<int:process_id>/lottery/draw", methods=["POST"])
def lottery_draw(process_id: int):
    process, lottery = lottery_or_404(process_id)
    form = DrawForm()
    if not form.validate_on_submit():
        return _page(process, 422, draw_form=form)
    try:
        seed = (draw_mod.seed_from_numbers(form.public_numbers.data) if form.seed_source.data == "public"
                else draw_mod.new_seed())
        result = services.draw_invitations(
            lottery, current_user, form.invitations.data, seed=seed, today=date.today(),
            stratified=form.mode.data == "stratified",
            oversampling=form.factors() if form.mode.data == "stratified" else None,
            one_per_household=bool(form.one_per_household.data),
            public_numbers=form.public_numbers.data.strip() if form.seed_source.data == "public" else "")
    except services.LotteryError:
        flash(_("The letters have been produced; the invitations cannot be drawn again."), "error")
        return _page(process, 409, draw_form=form)
    except ValueError:  # more invitations than people (or households) in the register
        form.invitations.errors = [_("The register does not have that many people (or households) to invite.")]
        return _page(process, 422, draw_form=form)
    db.session.commit()
    flash(_("%(n)s invitations drawn (seed %(seed)s).", n=format_decimal(len(result.ids)), seed=result.seed),
          "success")
    return redirect(url_for("dialogue.lottery_page", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/letter", methods=["POST"])
def lottery_letter(process_id: int):
    process, lottery = lottery_or_404(process_id)
    form = LetterForm()
    if not form.validate_on_submit():
        return _page(process, 422, letter_form=form)
    letter_text.save(lottery, form)
    db.session.commit()
    flash(_("The letter has been saved."), "success")
    return redirect(url_for("dialogue.lottery_page", process_id=process.id))


def _produced(process, lottery, kind: str, body: bytes, mimetype: str, filename: str) -> Response:
    services.letters_produced(lottery, current_user, kind)
    db.session.commit()
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/processes/<int:process_id>/lottery/letters.pdf", methods=["POST"])
@limiter.limit("20 per hour")
def lottery_letters_pdf(process_id: int):
    process, lottery = lottery_or_404(process_id)
    recipients = letter_text.recipients(lottery)
    if not recipients:
        flash(_("Draw the invitations first."), "error")
        return redirect(url_for("dialogue.lottery_page", process_id=process.id))
    try:
        body = letters.letters_pdf(recipients, letter_text.of(lottery, process, date.today()))
    except letters.LetterTooLong:
        flash(_("The letter is too long for one page above the registration box. Shorten it."), "error")
        return _page(process, 422)
    return _produced(process, lottery, "pdf", body, "application/pdf", f"einladungen-{process.slug}.pdf")


@bp.route("/processes/<int:process_id>/lottery/letters.csv", methods=["POST"])
@limiter.limit("20 per hour")
def lottery_letters_csv(process_id: int):
    process, lottery = lottery_or_404(process_id)
    recipients = letter_text.recipients(lottery)
    if not recipients:
        flash(_("Draw the invitations first."), "error")
        return redirect(url_for("dialogue.lottery_page", process_id=process.id))
    return _produced(process, lottery, "csv", letters.print_service_csv(recipients), "text/csv",
                     f"einladungen-{process.slug}.csv")
