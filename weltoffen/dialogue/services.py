"""Dialogue processes: create, change, publish and withdraw (no HTTP; the view commits).

Sessions: sessions.py; reach: reach.py; recommendations and responses: accountability.py;
participatory budgets: budget.py."""

import re
import unicodedata
from datetime import date

from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..network.validation import fold
from ..platform.db.columns import utcnow
from . import catalogue
from .models import PHASES, STATUSES, DialogueProcess, ProcessPhase

#: Fields of a process a form may set (phases are given separately).
FIELDS = (
    "title", "question", "format_key", "status", "mandate_by", "mandate", "threshold_percent",
    "response_months", "target_groups", "dimension_keys", "budget_euro", "responsible_office",
    "contact_id", "period_start", "period_end", "voters",
)


def slugify(text: str) -> str:
    """Umlauts spelled out (network.validation.fold), other accents dropped."""
    text = unicodedata.normalize("NFKD", fold(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "prozess"


def _unique_slug(municipality_id: int, title: str) -> str:
    base = slugify(title)
    taken = set(db.session.scalars(
        select(DialogueProcess.slug).where(DialogueProcess.municipality_id == municipality_id,
                                           DialogueProcess.slug.like(f"{base}%"))
    ))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def create_process(municipality, user, *, phases: dict | None = None, **values) -> DialogueProcess:
    """A new process of `municipality`; `values` are FIELDS, `phases` kind -> (start, end)."""
    process = DialogueProcess(municipality_id=municipality.id, created_by_id=user.id if user else None)
    _apply(process, values)
    process.slug = _unique_slug(municipality.id, process.title)
    db.session.add(process)
    set_phases(process, phases or {})
    db.session.flush()
    audit.record("dialogue.process_created", actor=user, obj=process, municipality_id=municipality.id)
    return process


def update_process(process: DialogueProcess, user, *, phases: dict | None = None, **values) -> DialogueProcess:
    _apply(process, values)
    if phases is not None:
        set_phases(process, phases)
    db.session.flush()
    audit.record("dialogue.process_changed", actor=user, obj=process, municipality_id=process.municipality_id)
    return process


def _apply(process: DialogueProcess, values: dict) -> None:
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown process fields: {sorted(unknown)}")
    if "format_key" in values and catalogue.get(values["format_key"]) is None:
        raise ValueError(f"unknown format {values['format_key']!r}")
    if "status" in values and values["status"] not in STATUSES:
        raise ValueError(f"unknown status {values['status']!r}")
    for name, value in values.items():
        if name in ("target_groups", "dimension_keys"):
            value = list(value or [])
        setattr(process, name, value)


def set_phases(process: DialogueProcess, phases: dict[str, tuple[date | None, date | None]]) -> None:
    """Sets the dates of the given phases (kind -> (start, end)); others stay."""
    existing = {p.kind: p for p in process.phases}
    for kind, (start, end) in phases.items():
        if kind not in PHASES:
            raise ValueError(f"unknown phase {kind!r}")
        if start and end and end < start:
            raise ValueError(f"{kind}: ends before it starts")
        phase = existing.get(kind)
        if phase is None:
            if start is None and end is None:
                continue
            phase = ProcessPhase(kind=kind, position=PHASES.index(kind))
            process.phases.append(phase)
        if (phase.starts_on, phase.ends_on) != (start, end):
            phase.starts_on, phase.ends_on = start, end
            process.updated_at = utcnow()  # the public page's version (public_data.process_head)


def publish(process: DialogueProcess, user) -> None:
    process.published = True
    process.published_at = process.published_at or utcnow()
    process.withdrawn_at = None
    db.session.flush()
    audit.record("dialogue.published", actor=user, obj=process, municipality_id=process.municipality_id)


def withdraw(process: DialogueProcess, user) -> None:
    process.published = False
    process.withdrawn_at = utcnow()
    db.session.flush()
    audit.record("dialogue.withdrawn", actor=user, obj=process, municipality_id=process.municipality_id)


def processes_of(municipality_id: int) -> list[DialogueProcess]:
    return list(db.session.scalars(
        select(DialogueProcess).where(DialogueProcess.municipality_id == municipality_id)
        .order_by(DialogueProcess.created_at.desc(), DialogueProcess.id.desc())
    ))


def processes_serving(municipality_id: int, dimension_key: str) -> list[DialogueProcess]:
    """The municipality's processes that serve a self-check field of action."""
    return [p for p in processes_of(municipality_id) if dimension_key in (p.dimension_keys or [])]
