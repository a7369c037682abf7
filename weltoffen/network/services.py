"""Networks, municipalities and memberships. Services flush; the request commits."""

import re

from sqlalchemy import func, or_, select

from .. import audit
from ..extensions import db
from . import signals
from .models import Membership, Municipality, Network

PAGE_SIZE = 50








def slugify(text: str) -> str:
    from .validation import fold

    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80] or "netzwerk"


def create_network(actor, name: str, description: str = "") -> Network:
    network = Network(name=name.strip(), slug=slugify(name), description=description.strip())
    db.session.add(network)
    db.session.flush()
    audit.record("network.created", actor=actor, obj=network, name=network.name)
    return network


def update_network(actor, network: Network, name: str, description: str) -> None:
    network.name = name.strip()
    network.description = description.strip()
    audit.record("network.updated", actor=actor, obj=network, name=network.name)


def save_municipality(actor, municipality: Municipality, **fields) -> Municipality:
    """Create (no id yet) or update a municipality from checked values."""
    creating = municipality.id is None
    networks = {municipality.network_id}
    for key, value in fields.items():
        setattr(municipality, key, value)
    if creating:
        db.session.add(municipality)
    db.session.flush()
    audit.record(
        "municipality.created" if creating else "municipality.updated",
        actor=actor,
        obj=municipality,
        municipality_id=municipality.id,
        ags=municipality.ags,
    )
    signals.municipalities_changed.send(tuple(sorted(n for n in networks | {municipality.network_id} if n)))
    return municipality


def contains_pattern(query: str) -> str:
    """A LIKE pattern matching `query` anywhere, with %, _ and \\ taken literally
    (use with escape="\\")."""
    return "%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_municipalities(
    query: str = "", state: str = "", network_id: int | None = None, page: int = 1
):
    """A page of municipalities matching name or AGS; returns (items, total)."""
    stmt = select(Municipality)
    if network_id:
        stmt = stmt.where(Municipality.network_id == network_id)
    if state:
        stmt = stmt.where(Municipality.state == state)
    query = query.strip()
    if query:
        pattern = contains_pattern(query)
        stmt = stmt.where(
            or_(
                Municipality.name.ilike(pattern, escape="\\"),
                Municipality.ags.like(pattern, escape="\\"),
            )
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = db.session.scalars(
        stmt.order_by(Municipality.name, Municipality.id)
        .limit(PAGE_SIZE)
        .offset((max(page, 1) - 1) * PAGE_SIZE)
    ).all()
    return items, total


def team_counts(municipality_ids: list[int]) -> dict[int, int]:
    rows = db.session.execute(
        select(Membership.municipality_id, func.count(func.distinct(Membership.user_id)))
        .where(Membership.municipality_id.in_(municipality_ids))
        .group_by(Membership.municipality_id)
    )
    return dict(rows.all())


def active_people(municipality_id: int, roles) -> list:
    """The active accounts holding one of `roles` in the municipality, each once, by
    name (then id): the self-check team, the leads to remind, owners to choose from."""
    from ..auth.models import User

    return list(db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.id.in_(
            select(Membership.user_id).where(Membership.municipality_id == municipality_id,
                                             Membership.role.in_(tuple(roles)))))
        .order_by(User.name, User.id)
    ))


def team(municipality: Municipality) -> list[Membership]:
    from ..auth.models import User

    return list(
        db.session.scalars(
            select(Membership)
            .join(User)
            .where(Membership.municipality_id == municipality.id)
            .order_by(User.name, Membership.role)
        )
    )


def add_membership(actor, user, municipality: Municipality, role: str) -> Membership:
    membership = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.municipality_id == municipality.id,
            Membership.role == role,
        )
    )
    if membership is None:
        membership = Membership(user_id=user.id, municipality_id=municipality.id, role=role)
        db.session.add(membership)
        db.session.flush()
        audit.record(
            "membership.added",
            actor=actor,
            obj=membership,
            municipality_id=municipality.id,
            user_id=user.id,
            role=role,
        )
        db.session.expire(user, ["memberships"])
    return membership


def remove_membership(actor, membership: Membership) -> None:
    audit.record(
        "membership.removed",
        actor=actor,
        obj=membership,
        municipality_id=membership.municipality_id,
        user_id=membership.user_id,
        role=membership.role,
    )
    db.session.delete(membership)
    db.session.flush()


def set_network_role(actor, user, role: str | None, network_id: int | None) -> None:
    """Make a user coordinator of a network, platform admin, or neither."""
    before = (user.network_role, user.network_id)
    user.network_role = role or None
    user.network_id = network_id if role == "coordinator" else None
    if before != (user.network_role, user.network_id):
        audit.record(
            "user.network_role_changed",
            actor=actor,
            obj=user,
            before=before[0],
            after=user.network_role,
            network_id=user.network_id,
        )
