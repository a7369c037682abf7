"""What the public process pages and the feed read: published processes only, loaded
with few queries, and a version token of a page's data for its ETag.

Nothing here returns a user: the pages name only offices, departments and bodies
(responsible_office, department, decided_by). Who recorded a response or a progress
update is internal and never leaves this module."""

import hashlib
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..network.models import Municipality
from .accountability_models import BudgetProposal, ProgressUpdate, Recommendation, RecommendationResponse
from .lottery.models import Lottery, Registrant, SelectionRun
from .models import DialogueProcess, DialogueSession, PopulationShare, ProcessReach


def municipality(ags: str) -> Municipality | None:
    if not ags.isdigit() or len(ags) != 8:
        return None
    return db.session.scalar(select(Municipality).where(Municipality.ags == ags))


def published_processes(municipality_id: int) -> list[DialogueProcess]:
    return list(db.session.scalars(
        select(DialogueProcess)
        .where(DialogueProcess.municipality_id == municipality_id, DialogueProcess.published.is_(True))
        .order_by(DialogueProcess.published_at.desc(), DialogueProcess.id.desc())
    ))


def published_process(municipality_id: int, process_id: int) -> DialogueProcess | None:
    """The published process of this municipality, phases loaded."""
    return db.session.scalar(
        select(DialogueProcess)
        .where(DialogueProcess.municipality_id == municipality_id, DialogueProcess.id == process_id,
               DialogueProcess.published.is_(True))
        .options(selectinload(DialogueProcess.phases))
    )


def _max(column, where):
    return select(func.max(column)).where(where).scalar_subquery()


def _count(column, where):
    return select(func.count(column)).where(where).scalar_subquery()


@dataclass(frozen=True)
class Head:
    """A published process found by address, with the version of all its page shows."""

    municipality_id: int
    process_id: int
    version: str


def process_head(ags: str, slug: str) -> Head | None:
    """The published process at this address and the version of all its page shows,
    in two statements of index lookups: first the process (None for an unknown,
    unpublished or withdrawn one alike), then the process's last change (phases touch
    it too), the newest recommendation, response, progress update, session, proposal
    and population share, and the reach counts. Response and progress rows are never
    changed or deleted (a change adds a row), so their newest id is their version."""
    if not ags.isdigit() or len(ags) != 8:
        return None
    found = db.session.execute(
        select(DialogueProcess.municipality_id, DialogueProcess.id, DialogueProcess.updated_at, Municipality.name)
        .join(Municipality, Municipality.id == DialogueProcess.municipality_id)
        .where(Municipality.ags == ags, DialogueProcess.slug == slug, DialogueProcess.published.is_(True))
    ).first()
    if found is None:
        return None
    mid, pid = found[0], found[1]
    rec_ids = select(Recommendation.id).where(Recommendation.process_id == pid)
    lottery_ids = select(Lottery.id).where(Lottery.process_id == pid)
    row = db.session.execute(select(
        _max(Recommendation.updated_at, Recommendation.process_id == pid),
        _count(Recommendation.id, Recommendation.process_id == pid),
        _max(RecommendationResponse.id, RecommendationResponse.recommendation_id.in_(rec_ids)),
        _max(ProgressUpdate.id, ProgressUpdate.recommendation_id.in_(rec_ids)),
        _max(DialogueSession.updated_at, DialogueSession.process_id == pid),
        _count(DialogueSession.id, DialogueSession.process_id == pid),
        _max(BudgetProposal.updated_at, BudgetProposal.process_id == pid),
        _count(BudgetProposal.id, BudgetProposal.process_id == pid),
        _max(PopulationShare.updated_at, PopulationShare.municipality_id == mid),
        _count(PopulationShare.id, PopulationShare.municipality_id == mid),
        _count(ProcessReach.id, ProcessReach.process_id == pid),
        select(func.coalesce(func.sum(ProcessReach.count * ProcessReach.id), 0))
        .where(ProcessReach.process_id == pid).scalar_subquery(),
        # the selection by lot: its latest finished run and how many are registered
        _max(SelectionRun.finished_at, SelectionRun.lottery_id.in_(lottery_ids)),
        _count(Registrant.id, Registrant.lottery_id.in_(lottery_ids) & (Registrant.state == "registered")),
        _max(Lottery.invitations, Lottery.process_id == pid),
    )).one()
    return Head(mid, pid, digest(*found[1:], *row))


def municipality_version(municipality: Municipality, processes: list[DialogueProcess]) -> str:
    return digest(municipality.id, municipality.name, [(p.id, p.updated_at) for p in processes])


def digest(*parts) -> str:
    return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()


@dataclass(frozen=True)
class Change:
    """One entry of a recommendation's history: a response or a progress update."""

    kind: str  # "response" | "progress"
    on: date
    item: object


def recommendations(process_id: int) -> list[Recommendation]:
    """The process's recommendations with their responses and progress (three queries)."""
    return list(db.session.scalars(
        select(Recommendation).where(Recommendation.process_id == process_id)
        .order_by(Recommendation.number)
        .options(selectinload(Recommendation.responses), selectinload(Recommendation.progress))
    ))


def history(recommendation: Recommendation) -> list[Change]:
    """All responses and progress updates in date order (ties: in the order recorded)."""
    changes = [Change("response", r.decided_on, r) for r in recommendation.responses]
    changes += [Change("progress", p.noted_on, p) for p in recommendation.progress]
    return sorted(changes, key=lambda c: (c.on, c.kind == "progress", c.item.id))


def sessions(process_id: int) -> list[DialogueSession]:
    return list(db.session.scalars(
        select(DialogueSession).where(DialogueSession.process_id == process_id)
        .order_by(DialogueSession.held_on, DialogueSession.id)
    ))


@dataclass(frozen=True)
class BudgetFigures:
    proposals: int
    checked: int
    feasible: int
    votes: int
    funded: list
    funded_total: int


def budget(process_id: int) -> BudgetFigures:
    proposals = list(db.session.scalars(
        select(BudgetProposal).where(BudgetProposal.process_id == process_id)
        .order_by(BudgetProposal.votes.desc(), BudgetProposal.reference)
    ))
    funded = [p for p in proposals if p.funded]
    return BudgetFigures(
        proposals=len(proposals),
        checked=sum(1 for p in proposals if p.feasibility != "unchecked"),
        feasible=sum(1 for p in proposals if p.feasibility == "feasible"),
        votes=sum(p.votes for p in proposals),
        funded=funded,
        funded_total=sum(p.amount_euro or 0 for p in funded),
    )
