"""Stage 2: from those who registered, the panel (and a reserve) that reflects the
population, chosen by sortition-algorithms (selection.py). Targets per feature value
are proposed from the population – the register's counts for age band, gender and
district, census shares typed in for education and migration background – and can be
edited. A run is queued (at most one per lottery is queued or running: a partial
unique index), then executed outside the web request (`execute`, by the job runner or
`flask dialogue select`); its panel, reserve and probabilities are sealed, its quotas
and any explanation of infeasible targets are figures about groups."""

import dataclasses
import math
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ... import audit
from ...extensions import db
from ...platform import jobs
from . import members, registration, services
from . import selection_types as types
from .models import CensusShare, Lottery, Registrant, SelectionRun

#: Features the register has (their shares come from its counts).
REGISTER_FEATURES = ("age_band", "gender", "district")
CENSUS_FEATURES = ("education", "migration")
#: Seats of slack on either side of a value's proportional share.
SLACK = 1


def candidates(lottery: Lottery) -> list[types.Candidate]:
    """The active registrations as candidates (their declared features, their household)."""
    out = []
    for registrant in db.session.scalars(select(Registrant).where(
            Registrant.lottery_id == lottery.id, Registrant.state == "registered").order_by(Registrant.id)):
        details = registration.details_of(lottery, registrant) or {}
        features = details.get("features") or {}
        out.append(types.Candidate(str(registrant.id), {k: str(v) for k, v in features.items()},
                                    registrant.household or None))
    return out


def population_shares(lottery: Lottery) -> dict[str, dict[str, float]]:
    """feature -> value -> share 0–1 of the population the targets follow."""
    shares: dict[str, dict[str, float]] = {}
    row = services.register_of(lottery)  # its counts stay when the extract is shredded
    counts = (row.counts if row else None) or {}
    for feature in REGISTER_FEATURES:
        values = counts.get(feature) or {}
        total = sum(values.values())
        if total:
            shares[feature] = {value: n / total for value, n in values.items()}
    for row in db.session.scalars(select(CensusShare).where(CensusShare.lottery_id == lottery.id)):
        shares.setdefault(row.feature, {})[row.value] = row.percent / 100
    return shares


def propose_targets(lottery: Lottery, panel_size: int, pool: list[types.Candidate]) -> dict:
    """{feature: {value: [min, max]}}: each value's proportional share of the seats, one
    seat of slack either way; values only among the registrants get 0 to their share of
    the registrants; features without population shares get no limits."""
    shares = population_shares(lottery)
    targets: dict = {}
    features = sorted({f for c in pool for f in c.features})
    for feature in features:
        values = sorted({c.features[feature] for c in pool if feature in c.features} | set(shares.get(feature, {})))
        known = shares.get(feature)
        targets[feature] = {}
        for value in values:
            if known is None:
                targets[feature][value] = [0, panel_size]
                continue
            seats = known.get(value, 0.0) * panel_size
            targets[feature][value] = [max(0, math.floor(seats) - SLACK), min(panel_size, math.ceil(seats) + SLACK)]
    return targets


def as_targets(stored: dict) -> types.Targets:
    return {f: {v: types.Quota(int(q[0]), int(q[1])) for v, q in values.items()} for f, values in stored.items()}


#: A run queued or running for longer than this was interrupted (its worker stopped).
STALE = timedelta(hours=2)


def end_stale(lottery: Lottery, now: datetime | None = None) -> int:
    """Mark runs queued or running for longer than STALE as failed, so that a stopped
    worker does not block the lottery for good; the number marked."""
    limit = (now or datetime.now(UTC)) - STALE
    stale = list(db.session.scalars(select(SelectionRun).where(
        SelectionRun.lottery_id == lottery.id, SelectionRun.status.in_(("queued", "running")),
        SelectionRun.created_at < limit)))
    for run in stale:
        run.status, run.error, run.finished_at = "failed", "interrupted: the job runner stopped", datetime.now(UTC)
    db.session.flush()
    return len(stale)


class AlreadyRunning(services.LotteryError):
    """A run is queued or running for this lottery."""


def start(lottery: Lottery, user, *, algorithm: str, seed: int, panel_size: int, reserve_size: int,
          one_per_household: bool, targets: dict, kind: str = "panel", replacing: list | None = None) -> SelectionRun:
    """Queue a run; AlreadyRunning when one is queued or running (and not stale);
    LotteryError for a new panel once the panel has been invited."""
    end_stale(lottery)
    if kind == "panel" and members.invited_any(lottery):
        raise services.LotteryError("the panel has been invited; it cannot be selected again")
    run = SelectionRun(lottery_id=lottery.id, kind=kind, replacing=replacing or [], algorithm=algorithm,
                       seed=seed or 1, panel_size=panel_size, reserve_size=reserve_size,
                       one_per_household=one_per_household, targets=targets, created_by_id=user.id if user else None)
    try:
        with db.session.begin_nested():
            db.session.add(run)
            db.session.flush()
    except IntegrityError:
        raise AlreadyRunning("a selection is already running for this lottery") from None
    audit.record("dialogue.lottery_selection_started", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, algorithm=algorithm, seed=str(run.seed), kind=kind)
    return run


def execute(run: SelectionRun) -> SelectionRun:
    """Run a queued selection to its end; commits its progress and its result."""
    lottery = db.session.get(Lottery, run.lottery_id)
    run.status, run.started_at = "running", datetime.now(UTC)
    db.session.commit()

    def progress(phase: str, fraction: float) -> None:
        run.phase, run.fraction = phase, round(fraction, 3)
        db.session.commit()

    from . import selection as engine  # the library and its numerical stack, in the job only

    pool = candidates(lottery)
    kind, targets, size, reserve = run.kind, as_targets(run.targets), run.panel_size, run.reserve_size
    options = {"seed": run.seed, "one_per_household": run.one_per_household, "algorithm": run.algorithm,
               "progress": progress}
    try:
        people = members.replacement_input(lottery, run, pool) if kind == "replacement" else None
        # No transaction while the solver works (minutes for maximin): on SQLite every
        # transaction holds the write lock from its first statement, and the pages must write.
        db.session.commit()
        if people is not None:
            result = engine.replacements(people[0], targets, people[1], people[2], **options)
        else:
            result = engine.select(pool, targets, size, reserve_size=reserve, **options)
    except (ValueError, engine.SelectionFailed, services.LotteryError) as exc:
        run.status, run.error = "failed", str(exc)
    else:
        if isinstance(result, engine.Infeasible):
            run.status = "infeasible"
            run.explanation = {
                "explanation": result.explanation,
                "conflicts": [dataclasses.asdict(c) for c in result.conflicts],
                "relaxation": ({f: {v: [q.min, q.max] for v, q in values.items()}
                                for f, values in result.relaxation.items()} if result.relaxation else None),
            }
        elif run.kind == "replacement":
            members.seat_replacements(lottery, run, result)
            run.status, run.library_version = "done", engine.LIBRARY_VERSION
            run.quotas = members.composition(lottery, run.targets, pool)
            run.sealed = services.seal_json(lottery, {"panel": result, "reserve": [], "probabilities": {}},
                                            f"selection:{run.id}")
        elif members.invited_any(lottery):  # the previous panel was invited while this one ran
            run.status, run.error = "failed", "the panel has been invited meanwhile; this selection is void"
        else:
            run.status, run.library_version = "done", result.library_version
            run.quotas = {f: {v: [q.min, q.max, reached] for v, (q, reached) in values.items()}
                          for f, values in result.quotas.items()}
            run.sealed = services.seal_json(lottery, {
                "panel": result.panel, "reserve": result.reserve, "probabilities": result.probabilities,
            }, f"selection:{run.id}")
            members.seat_panel(lottery, run, result.panel)
    run.finished_at = datetime.now(UTC)
    run.phase, run.fraction = "done", 1.0
    audit.record("dialogue.lottery_selection_finished", actor=None, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, status=run.status)
    db.session.commit()
    return run


@jobs.handler("dialogue.select")
def select_job(run_id: int) -> str:
    """The job runner's entry: execute a queued run (a run already taken is left alone)."""
    run = db.session.get(SelectionRun, run_id)
    if run is None or run.status != "queued":
        return "skipped"
    return execute(run).status


def result_of(lottery: Lottery, run: SelectionRun) -> dict | None:
    if run.sealed is None:
        return None
    return services.unseal_json(lottery, run.sealed, f"selection:{run.id}")


def start_replacement(lottery: Lottery, user, *, algorithm: str, seed: int) -> SelectionRun:
    """Queue a run drawing replacements for every seat declined or not answered, within
    the lottery's targets as they stand (widened ones apply, if the first try failed)."""
    base = members.panel_run(lottery)
    seats = members.replaceable(lottery)
    if base is None or not seats:
        raise services.LotteryError("nobody has declined or failed to answer")
    return start(lottery, user, algorithm=algorithm, seed=seed, panel_size=len(seats), reserve_size=0,
                 one_per_household=base.one_per_household, targets=lottery.targets or base.targets,
                 kind="replacement", replacing=[m.id for m in seats])
