"""A participatory budget's page: volume and period, proposals received and checked,
votes, funded projects with their implementation, the CSV import of proposals and
votes, and the change of a funded project's status. Other formats answer 404."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db, limiter
from ..platform.storage.uploads import read_limited
from . import access, bp, budget, budget_pending
from .budget_forms import BudgetConfirmForm, BudgetImportForm, ProposalForm


def _budget_or_404(process_id: int, *, edit: bool = False):
    process = access.process_or_404(process_id, edit=edit)
    if not process.is_budget:
        abort(404)
    return process


def _page(process, form, result=None, status=200):
    accounts, proposals = budget.summary(process)
    return render_template(
        "dialogue/budget.html", process=process, form=form, accounts=accounts, proposals=proposals,
        result=result,
    ), status


@bp.route("/processes/<int:process_id>/budget")
def budget_page(process_id: int):
    return _page(_budget_or_404(process_id), BudgetImportForm())


@bp.route("/processes/<int:process_id>/budget/import", methods=["POST"])
@limiter.limit("30 per hour")
def import_budget(process_id: int):
    """Check the upload and show what it would do; nothing is written yet."""
    process = _budget_or_404(process_id, edit=True)
    form = BudgetImportForm()
    if not form.validate_on_submit():
        return _page(process, form, status=422)
    data = read_limited(form.file.data, current_app.config["IMPORT_MAX_BYTES"])
    if data is None:
        form.file.errors.append(_("The file is too large: at most %(mb)s MB.",
                                  mb=format_decimal(current_app.config["IMPORT_MAX_BYTES"] / 2**20, "#,##0.#")))
        return _page(process, form, status=413)
    result = budget.parse(data)
    if not result.ok:
        return _page(process, form, result=result, status=422)
    token = budget_pending.keep(process.id, current_user.id, data)
    return render_template("dialogue/budget_preview.html", process=process, preview=budget.preview(process, result),
                           form=BudgetConfirmForm(token=token), filename=form.file.data.filename or "")


@bp.route("/processes/<int:process_id>/budget/import/confirm", methods=["POST"])
@limiter.limit("30 per hour")
def confirm_budget_import(process_id: int):
    """Write the previewed upload (parsed again: the checks hold for what is written)."""
    process = _budget_or_404(process_id, edit=True)
    form = BudgetConfirmForm()
    data = budget_pending.take(process.id, current_user.id, form.token.data) if form.validate_on_submit() else None
    if data is None:
        form = BudgetImportForm()
        form.file.errors = [_("The preview has expired or was already imported. Choose the file again.")]
        return _page(process, form, status=410)
    result = budget.parse(data)
    if not result.ok:  # cannot happen for a kept upload, unless the rules changed meanwhile
        return _page(process, BudgetImportForm(), result=result, status=422)
    created, updated = budget.apply(process, result, current_user)
    db.session.commit()
    budget_pending.discard(process.id, current_user.id, form.token.data)
    flash(_("Import done: %(created)d proposals added, %(updated)d updated.", created=created, updated=updated),
          "success")
    return redirect(url_for("dialogue.budget_page", process_id=process.id))


@bp.route("/proposals/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit_proposal(proposal_id: int):
    proposal = access.proposal_or_404(proposal_id, edit=True)
    process = _budget_or_404(proposal.process_id, edit=True)
    form = ProposalForm(obj=proposal)
    if form.validate_on_submit():
        budget.update_proposal(proposal, current_user, funded=form.funded.data, amount_euro=form.amount_euro.data,
                               status=form.status.data or None, progress_percent=form.progress_percent.data)
        db.session.commit()
        flash(_("The proposal has been saved."), "success")
        return redirect(url_for("dialogue.budget_page", process_id=process.id))
    return render_template("dialogue/budget_proposal.html", process=process, proposal=proposal,
                           form=form), 422 if form.errors else 200
