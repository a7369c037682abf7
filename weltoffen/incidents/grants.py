"""Grants: the reporter lets a trust person of one of their municipalities read (or
read and change) one incident, and takes it back. Every grant and revocation is
written to the audit log. A grant gives access only while it holds
(permissions.grant_holds); when the trust person's role ends, grant_lapse.py revokes it."""

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import aliased

from .. import audit, permissions
from ..auth.models import User
from ..extensions import db
from ..network.models import Membership
from ..platform.db.columns import utcnow
from .models import Incident, IncidentGrant


def eligible(incident: Incident) -> list[User]:
    """Trust persons who may be granted this incident (permissions.can_be_granted)."""
    towns = [m.municipality_id for m in incident.reporter.memberships]
    users = db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id.in_(towns), Membership.role == "trust_person")
        .order_by(User.name, User.id).distinct()
    ).all()
    return [u for u in users if u.active and permissions.can_be_granted(u, incident.reporter)]


def active_grants(incident: Incident) -> list[IncidentGrant]:
    """The grants that give access now: not revoked, and still holding."""
    return [g for g in incident.grants
            if g.revoked_at is None and permissions.grant_holds(g.user, incident.reporter)]


def holding(grant=IncidentGrant, incident=Incident):
    """permissions.grant_holds as SQL, for queries over grants joined to their
    incident: not revoked, the grantee active and a trust person in one of the
    reporter's municipalities."""
    grantee, trust, theirs = aliased(User), aliased(Membership), aliased(Membership)
    return and_(
        grant.revoked_at.is_(None),
        exists().where(grantee.id == grant.user_id, grantee.active.is_(True)),
        exists().where(
            trust.user_id == grant.user_id, trust.role == "trust_person",
            trust.municipality_id.in_(select(theirs.municipality_id).where(theirs.user_id == incident.reporter_id)),
        ),
    )


def grant(incident: Incident, by, user: User, can_write: bool) -> IncidentGrant:
    """Give `user` read (or read-and-write) access; an active grant is changed in place."""
    if not permissions.can_be_granted(user, incident.reporter):
        raise PermissionError("this person cannot be granted access")
    current = next((g for g in active_grants(incident) if g.user_id == user.id), None)
    if current is None:
        current = IncidentGrant(incident_id=incident.id, user_id=user.id, can_write=can_write)
        incident.grants.append(current)
    else:
        current.can_write = can_write
    db.session.flush()
    audit.record("incident.granted", actor=by, obj=incident, grant=current.id, user=user.id,
                 right="write" if can_write else "read")
    return current


def revoke(grant: IncidentGrant, by) -> None:
    if grant.revoked_at is not None:
        return
    grant.revoked_at = utcnow()
    db.session.flush()
    audit.record("incident.revoked", actor=by, obj=grant.incident, grant=grant.id, user=grant.user_id)


def has_any_grant(user) -> bool:
    """Whether someone granted the user any incident that still exists."""
    if not getattr(user, "is_authenticated", False):
        return False
    known = getattr(user, "nav_has_grant", None)  # loaded with the user (auth.views.load_user)
    if known is not None:
        return known
    return db.session.scalar(
        select(IncidentGrant.id).join(Incident, Incident.id == IncidentGrant.incident_id)
        .where(IncidentGrant.user_id == user.id, holding(), Incident.shredded_at.is_(None)).limit(1)
    ) is not None
