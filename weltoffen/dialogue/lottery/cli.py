"""`flask dialogue …` for a citizens' assembly by lot, for scripting and large runs (a
register of 400,000 adults, 6,000 letters): import-register, invite, letters and
import-registrants. Each is audited like its page (with no user: the command line)."""

import sys
from datetime import date
from pathlib import Path

import click
from sqlalchemy import select

from ...extensions import db
from ..cli import dialogue_cli
from ..models import DialogueProcess
from . import draw as draw_mod
from . import letter_text, letters, register, registrants_csv, registration, services
from .models import Invitation


def _lottery(process_id: int, *, create: bool = False):
    process = db.session.get(DialogueProcess, process_id)
    if process is None or process.format_key != services.ASSEMBLY_FORMAT:
        raise click.ClickException(f"no citizens' assembly with id {process_id}")
    lottery = services.lottery_of(process)
    if lottery is None and create:
        lottery = services.create(process, None)
    if lottery is None:
        raise click.ClickException("the assembly has no lottery yet (start it on its page or with import-register)")
    return lottery


def _fail(name: str, errors, total: int | None = None) -> None:
    for line, message in errors:
        click.echo(f"{name}:{line}: {message}" if line else f"{name}: {message}", err=True)
    raise click.ClickException(f"{total if total is not None else len(errors)} errors, nothing imported")


@dialogue_cli.command("import-register")
@click.argument("process_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_register_command(process_id: int, file: Path) -> None:
    """Import and seal the population register extract of an assembly's lottery
    (docs/dialogue-lottery.md); nothing is kept if any row is wrong."""
    lottery = _lottery(process_id, create=True)
    data = file.read_bytes()
    with click.progressbar(length=max(data.count(b"\n"), 1), label="checking", file=sys.stderr) \
            as bar:
        seen = [0]

        def progress(rows: int) -> None:
            bar.update(rows - seen[0])
            seen[0] = rows

        result = register.parse(data, date.today(), progress=progress)
    if not result.ok:
        _fail(file.name, result.errors, result.error_count)
    try:
        row = services.import_register(lottery, result, None, date.today())
    except services.LotteryError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"{row.people} people imported and sealed")


@dialogue_cli.command("invite")
@click.argument("process_id", type=int)
@click.argument("n", type=click.IntRange(1, 20_000))
@click.option("--seed", type=click.IntRange(0, 2**63 - 1), help="the seed (default: a new random one)")
@click.option("--public-numbers", help='numbers drawn at a public event, e.g. "17 4 23 8 42"')
@click.option("--stratified", is_flag=True, help="by district and age band")
@click.option("--oversample", multiple=True, metavar="BAND=FACTOR", help="e.g. 18_29=1.5 (stratified only)")
@click.option("--all-households", is_flag=True, help="allow more than one person per household")
def invite_command(process_id, n, seed, public_numbers, stratified, oversample, all_households) -> None:
    """Draw N invitations from the register (again, until the letters are produced)."""
    lottery = _lottery(process_id)
    if seed is not None and public_numbers:
        raise click.UsageError("--seed and --public-numbers exclude each other")
    factors = {}
    for item in oversample:
        band, _sep, factor = item.partition("=")
        try:
            factors[band] = float(factor)
        except ValueError:
            raise click.BadParameter(f"{item!r} is not BAND=FACTOR", param_hint="--oversample") from None
    try:
        if public_numbers:
            seed = draw_mod.seed_from_numbers(public_numbers)
        result = services.draw_invitations(
            lottery, None, n, seed=draw_mod.new_seed() if seed is None else seed, today=date.today(),
            stratified=stratified, oversampling=factors or None, one_per_household=not all_households,
            public_numbers=public_numbers or "")
    except ValueError as exc:  # LotteryError included
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"{len(result.ids)} invitations drawn, seed {result.seed} ({result.mode})")


@dialogue_cli.command("letters")
@click.argument("process_id", type=int)
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@click.option("--csv", "as_csv", is_flag=True, help="the print service's CSV instead of a PDF")
@click.option("--base-url", help="the public address of weltoffen (default: PUBLIC_BASE_URL)")
def letters_command(process_id: int, out: Path, as_csv: bool, base_url: str | None) -> None:
    """Produce the letters: this fixes the draw and shreds the register extract."""
    from flask import current_app

    lottery = _lottery(process_id)
    base = base_url or current_app.config.get("PUBLIC_BASE_URL")
    if not base:
        raise click.UsageError("set PUBLIC_BASE_URL or give --base-url: the letters print the address")
    recipients = letter_text.recipients(lottery, base)
    if not recipients:
        raise click.ClickException("draw the invitations first")
    if as_csv:
        body = letters.print_service_csv(recipients)
    else:
        body = letters.letters_pdf(recipients, letter_text.of(lottery, lottery.process, date.today()))
    out.write_bytes(body)
    out.chmod(0o600)
    services.letters_produced(lottery, None, "csv" if as_csv else "pdf")
    db.session.commit()
    click.echo(f"{len(recipients)} letters written to {out}; the register has been shredded")


@dialogue_cli.command("import-registrants")
@click.argument("process_id", type=int)
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_registrants_command(process_id: int, file: Path) -> None:
    """Import registrations taken on paper or by phone (docs/dialogue-lottery.md);
    nothing is kept if any row is wrong."""
    lottery = _lottery(process_id)
    row = services.register_of(lottery)
    districts = set((row.counts or {}).get("district", {})) if row else set()
    result = registrants_csv.parse(file.read_bytes(), districts)
    invitations = {}
    for item in result.rows if result.ok else ():
        if item["code"]:
            invitation = db.session.scalar(select(Invitation).where(
                Invitation.lottery_id == lottery.id, Invitation.code_hash == services.code_hash(item["code"])))
            if invitation is None or invitation.state != "invited":
                result.errors.append((item["line"], "Code: unknown in this lottery, or already registered."))
            invitations[item["line"]] = invitation
    if not result.ok:
        _fail(file.name, result.errors)
    for item in result.rows:
        details = {**item["details"], "street": item["street"], "postcode": item["postcode"]}
        registration.register(lottery, invitations.get(item["line"]), details, source=item["source"])
    db.session.commit()
    click.echo(f"{len(result.rows)} registrations imported")


@dialogue_cli.command("select")
@click.argument("process_id", type=int)
@click.option("--panel", "panel_size", type=click.IntRange(1, 500), help="seats (default: the lottery's)")
@click.option("--reserve", "reserve_size", type=click.IntRange(0, 500), help="reserve list (default: the lottery's)")
@click.option("--algorithm", type=click.Choice(["leximin", "maximin", "nash", "legacy"]),
              help="default: the fairest available here")
@click.option("--seed", type=click.IntRange(1, 2**63 - 1), help="default: a new random one")
@click.option("--all-households", is_flag=True, help="allow more than one person per household")
def select_command(process_id, panel_size, reserve_size, algorithm, seed, all_households) -> None:
    """Select the panel from the registrations now (the page queues the same run for the
    job runner); the lottery's targets, or ones proposed from the population."""
    from . import panel as panel_mod
    from . import selection

    lottery = _lottery(process_id)
    panel_size = panel_size or lottery.panel_size
    reserve_size = lottery.reserve_size if reserve_size is None else reserve_size
    pool = panel_mod.candidates(lottery)
    targets = lottery.targets or panel_mod.propose_targets(lottery, panel_size, pool)
    try:
        run = panel_mod.start(lottery, None, algorithm=algorithm or selection.best_algorithm(),
                              seed=seed or draw_mod.new_seed(), panel_size=panel_size, reserve_size=reserve_size,
                              one_per_household=not all_households, targets=targets)
    except services.LotteryError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    run = panel_mod.execute(run)
    if run.status == "done":
        click.echo(f"panel of {run.panel_size} and reserve of {run.reserve_size} selected with {run.algorithm} "
                   f"(seed {run.seed}, sortition-algorithms {run.library_version})")
        for feature, values in run.quotas.items():
            click.echo(f"  {feature}: " + ", ".join(f"{v} {q[2]} ({q[0]}–{q[1]})" for v, q in values.items()))
    elif run.status == "infeasible":
        raise click.ClickException("the targets cannot be met: " + run.explanation.get("explanation", ""))
    else:
        raise click.ClickException(f"the selection failed: {run.error}")


@dialogue_cli.command("replace")
@click.argument("process_id", type=int)
@click.option("--algorithm", type=click.Choice(["leximin", "maximin", "nash", "legacy"]),
              help="default: the fairest available here")
@click.option("--seed", type=click.IntRange(1, 2**63 - 1), help="default: a new random one")
def replace_command(process_id, algorithm, seed) -> None:
    """Draw replacements now for every panel member who declined or did not answer,
    keeping the panel within its targets (the panel page queues the same run)."""
    from . import panel as panel_mod
    from . import selection

    lottery = _lottery(process_id)
    try:
        run = panel_mod.start_replacement(lottery, None, algorithm=algorithm or selection.best_algorithm(),
                                            seed=seed or draw_mod.new_seed())
    except services.LotteryError as exc:
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    run = panel_mod.execute(run)
    if run.status == "done":
        click.echo(f"{run.panel_size} replacement(s) drawn with {run.algorithm} (seed {run.seed}, "
                   f"sortition-algorithms {run.library_version}); the panel now:")
        for feature, values in run.quotas.items():
            click.echo(f"  {feature}: " + ", ".join(f"{v} {q[2]} ({q[0]}–{q[1]})" for v, q in values.items()))
    elif run.status == "infeasible":
        raise click.ClickException("no replacements keep the targets: " + run.explanation.get("explanation", ""))
    else:
        raise click.ClickException(f"the replacement failed: {run.error}")
