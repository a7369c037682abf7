"""Stage 2 for the organisers: census shares, the targets (proposed from the
population, editable), and selection runs – queued for the job runner, their progress
polled with htmx, their result (quotas, panel, reserve, every registrant's
probability, seed and library version) shown to the organisers only."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import delete, select

from ... import audit
from ...extensions import db
from ...platform import jobs, numbers
from .. import bp
from . import panel, registration, run_choice
from .access import lottery_or_404
from .models import RUN_KINDS, CensusShare, Registrant, SelectionRun

CENSUS = {"education": ("low", "medium", "high"), "migration": ("yes", "no")}


def _latest(lottery, kind: str = "panel") -> SelectionRun | None:
    return db.session.scalar(select(SelectionRun).where(SelectionRun.lottery_id == lottery.id,
                                                        SelectionRun.kind == kind)
                             .order_by(SelectionRun.id.desc()).limit(1))


def _names(lottery, ids) -> dict[str, str]:
    out = {}
    for registrant in db.session.scalars(select(Registrant).where(Registrant.id.in_([int(i) for i in ids]))):
        details = registration.details_of(lottery, registrant) or {}
        out[str(registrant.id)] = details.get("name") or _("(withdrawn)")
    return out


def _page(process, lottery, status=200, errors=None, targets=None):
    pool = panel.candidates(lottery)
    run = _latest(lottery)
    result = panel.result_of(lottery, run) if run is not None and run.status == "done" else None
    names = _names(lottery, list(result["probabilities"]) if result else [])
    if result:
        audit.record("dialogue.lottery_panel_viewed", actor=current_user, obj=process,
                     municipality_id=process.municipality_id, run=run.id)
        db.session.commit()
    census = {(c.feature, c.value): c for c in db.session.scalars(
        select(CensusShare).where(CensusShare.lottery_id == lottery.id))}
    return render_template(
        "dialogue/lottery/selection.html", process=process, lottery=lottery, pool=pool, run=run, result=result,
        names=names, census=census, CENSUS=CENSUS, errors=errors or {}, form=FlaskForm(),
        targets=targets or lottery.targets or panel.propose_targets(lottery, lottery.panel_size, pool),
        algorithms=run_choice.library().available_algorithms(), best=run_choice.library().best_algorithm(),
    ), status


@bp.route("/processes/<int:process_id>/lottery/selection")
def lottery_selection(process_id: int):
    process, lottery = lottery_or_404(process_id)
    return _page(process, lottery)


@bp.route("/processes/<int:process_id>/lottery/census", methods=["POST"])
def lottery_census(process_id: int):
    process, lottery = lottery_or_404(process_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    source = (request.form.get("source") or "").strip()[:300]
    values, errors = {}, {}
    for feature, options in CENSUS.items():
        for value in options:
            text = (request.form.get(f"census-{feature}-{value}") or "").strip().replace(",", ".")
            if not text:
                continue
            try:
                values[(feature, value)] = float(text)
            except ValueError:
                errors[f"census-{feature}-{value}"] = _("Enter a share in percent, for example 27,5.")
    for feature in CENSUS:
        total = sum(v for (f, _v), v in values.items() if f == feature)
        if total and abs(total - 100) > 0.5:
            errors[f"census-{feature}"] = _("The shares must add up to 100 %% (now %(total)s).",
                                            total=numbers.decimal(total, 1))
    if errors:
        return _page(process, lottery, 422, errors)
    db.session.execute(delete(CensusShare).where(CensusShare.lottery_id == lottery.id))
    db.session.add_all([CensusShare(lottery_id=lottery.id, feature=f, value=v, percent=p, source=source)
                        for (f, v), p in values.items()])
    db.session.commit()
    flash(_("The census shares have been saved."), "success")
    return redirect(url_for("dialogue.lottery_selection", process_id=process.id))


def _read_targets(panel_size: int, proposed: dict) -> tuple[dict, dict]:
    targets, errors = {}, {}
    for feature, values in proposed.items():
        targets[feature] = {}
        for value in values:
            key = f"t-{feature}-{value}"
            try:
                low, high = int(request.form.get(f"{key}-min", "")), int(request.form.get(f"{key}-max", ""))
            except ValueError:
                errors[key] = _("Enter whole numbers of seats.")
                continue
            if not 0 <= low <= high <= panel_size:
                errors[key] = _("From 0 to %(n)d seats, the minimum not above the maximum.", n=panel_size)
            targets[feature][value] = [low, high]
    return targets, errors


@bp.route("/processes/<int:process_id>/lottery/targets", methods=["POST"])
def lottery_targets(process_id: int):
    process, lottery = lottery_or_404(process_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        panel_size = int(request.form.get("panel_size", ""))
        reserve_size = int(request.form.get("reserve_size", ""))
    except ValueError:
        return _page(process, lottery, 422, {"panel_size": _("Enter whole numbers of seats.")})
    if not (1 <= panel_size <= 500 and 0 <= reserve_size <= 500):
        return _page(process, lottery, 422, {"panel_size": _("Between 1 and 500 seats, a reserve from 0 to 500.")})
    pool = panel.candidates(lottery)
    if request.form.get("propose"):
        lottery.panel_size, lottery.reserve_size = panel_size, reserve_size
        lottery.targets = panel.propose_targets(lottery, panel_size, pool)
    else:
        proposed = panel.propose_targets(lottery, panel_size, pool)
        targets, errors = _read_targets(panel_size, lottery.targets or proposed)
        if errors:
            return _page(process, lottery, 422, errors, targets)
        lottery.panel_size, lottery.reserve_size, lottery.targets = panel_size, reserve_size, targets
    db.session.commit()
    flash(_("The targets have been saved."), "success")
    return redirect(url_for("dialogue.lottery_selection", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/targets/relaxation", methods=["POST"])
def lottery_relaxation(process_id: int):
    """Take over the targets the library suggested after an infeasible run."""
    process, lottery = lottery_or_404(process_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    run = _latest(lottery)
    relaxation = (run.explanation or {}).get("relaxation") if run is not None and run.status == "infeasible" else None
    if not relaxation:
        abort(404)
    targets = {f: dict(values) for f, values in (run.targets or {}).items()}
    for feature, values in relaxation.items():
        targets.setdefault(feature, {}).update({v: [int(q[0]), int(q[1])] for v, q in values.items()})
    lottery.targets = targets
    db.session.commit()
    flash(_("The suggested targets have been taken over. Check them and select again."), "success")
    return redirect(url_for("dialogue.lottery_selection", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/select", methods=["POST"])
def lottery_select(process_id: int):
    process, lottery = lottery_or_404(process_id)
    if not FlaskForm().validate_on_submit():
        abort(400)
    algorithm, seed, errors = run_choice.read(request.form)
    if errors:
        return _page(process, lottery, 422, errors)
    targets = lottery.targets or panel.propose_targets(lottery, lottery.panel_size, panel.candidates(lottery))
    try:
        run = panel.start(lottery, current_user, algorithm=algorithm, seed=seed, panel_size=lottery.panel_size,
                          reserve_size=lottery.reserve_size, one_per_household=lottery.one_per_household,
                          targets=targets)
    except panel.AlreadyRunning:
        flash(_("A selection is already running. Wait until it has finished."), "error")
        return _page(process, lottery, 409)
    except panel.services.LotteryError:
        flash(_("The panel has been invited; it cannot be selected again. Draw replacements for those who "
                "decline on the panel page."), "error")
        return _page(process, lottery, 409)
    db.session.commit()
    run.job_id = jobs.enqueue("dialogue.select", run.id).id
    db.session.commit()
    return redirect(url_for("dialogue.lottery_selection", process_id=process.id))


@bp.route("/processes/<int:process_id>/lottery/selection/status")
def lottery_selection_status(process_id: int):
    """The latest run's state as a fragment (polled by htmx while it runs); ?kind=replacement
    for the panel page's replacement runs."""
    _process, lottery = lottery_or_404(process_id)
    kind = request.args.get("kind", "panel")
    if kind not in RUN_KINDS:
        abort(404)
    run = _latest(lottery, kind)
    response = render_template("dialogue/lottery/_run_status.html", run=run, process=_process, kind=kind)
    if run is not None and run.status not in ("queued", "running"):
        return response, 200, {"HX-Refresh": "true"}
    return response
