"""Retention of a lottery's personal data: the register extract goes when the letters
are produced (services.letters_produced); invitations, registrations and everything
else about a person go `retention_days` after the last session, by crypto-shredding –
the lottery's wrapped data key is destroyed and every sealed blob set to NULL. What
stays are figures about groups: people in the register, invited and registered per
district, age band, gender, education and migration background, and the counts by
source and state. `flask dialogue purge` (daily) does it when the time has come."""

from collections import Counter
from datetime import date, timedelta

import click
from sqlalchemy import func, select, update

from ... import audit
from ...extensions import db
from ...platform.db.columns import utcnow
from ..cli import dialogue_cli
from ..models import DialogueSession, ProcessPhase
from . import registration
from .models import Invitation, Lottery, LotteryRegister, PanelMember, Registrant, SelectionRun


def registered_figures(lottery: Lottery) -> dict:
    """Counts of the active registrations per feature value, by source and by state."""
    features: dict[str, Counter] = {}
    sources, states = Counter(), Counter()
    for registrant in db.session.scalars(select(Registrant).where(Registrant.lottery_id == lottery.id)):
        states[registrant.state] += 1
        if registrant.state != "registered":
            continue
        sources[registrant.source] += 1
        details = registration.details_of(lottery, registrant) or {}
        for feature, value in (details.get("features") or {}).items():
            features.setdefault(feature, Counter())[value] += 1
    return {"people": sum(sources.values()), "source": dict(sources), "state": dict(states),
            **{feature: dict(counts) for feature, counts in features.items()}}


def shred(lottery: Lottery, user=None) -> None:
    """Destroy every personal detail of the lottery; the figures about groups stay."""
    if lottery.shredded:
        return
    lottery.figures = {**(lottery.figures or {}), "registered": registered_figures(lottery)}
    for table in (Invitation.__table__, Registrant.__table__, LotteryRegister.__table__, SelectionRun.__table__,
                  PanelMember.__table__):
        db.session.execute(update(table).where(table.c.lottery_id == lottery.id).values(sealed=None))
    lottery.wrapped_key = None
    lottery.shredded_at = utcnow()
    db.session.flush()
    audit.record("dialogue.lottery_shredded", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id)


def last_session(lottery: Lottery) -> date | None:
    """The last session held, else the end of the sessions phase."""
    held = db.session.scalar(select(func.max(DialogueSession.held_on))
                             .where(DialogueSession.process_id == lottery.process_id))
    if held is not None:
        return held
    return db.session.scalar(select(ProcessPhase.ends_on).where(
        ProcessPhase.process_id == lottery.process_id, ProcessPhase.kind == "sessions"))


def due(today: date) -> list[Lottery]:
    out = []
    for lottery in db.session.scalars(select(Lottery).where(Lottery.wrapped_key.is_not(None))):
        last = last_session(lottery)
        if last is not None and last + timedelta(days=lottery.retention_days) < today:
            out.append(lottery)
    return out


@dialogue_cli.command("purge")
@click.option("--dry-run", is_flag=True, help="only list what would be shredded")
def purge_command(dry_run: bool) -> None:
    """Crypto-shred the personal data of lotteries whose retention after the last session has passed."""
    lotteries = due(date.today())
    for lottery in lotteries:
        click.echo(f"lottery {lottery.id} of process {lottery.process_id}: last session {last_session(lottery)}, "
                   f"{lottery.retention_days} days kept")
        if not dry_run:
            shred(lottery)
            db.session.commit()
    click.echo(f"{len(lotteries)} lottery(ies) {'due' if dry_run else 'shredded'}.")
