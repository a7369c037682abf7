"""Grants end with the role.

A grant to a trust person gives access only while they are an active user holding
the trust-person role in one of the reporter's municipalities
(permissions.grant_holds, checked at every request). This module makes the end of
that role final and visible: whenever a change that can end it is committed — a
membership removed, its role or municipality changed, an account deactivated, by
whichever code path — every grant that stopped holding is revoked in the same
transaction, written to the audit log ("incident.grant_ended", with the reason) and
announced to the reporter in the app (a notification of kind "grant_end"; never a
mail, never incident content).

One pair of session hooks instead of a call in every service that touches
memberships or accounts: network/ and auth/ stay unaware of incidents, and a new
code path (a form, an import, the shell) cannot forget it. `before_flush` notes
whose role may have ended while the ORM still knows what changed; `before_commit`,
where the session may flush and write again, settles those people's grants — as
reporter and as grantee — against the database state, so the decision is the same
SQL rule as the access check (grants.holding) and settling twice changes nothing.
A grant, once ended, stays ended: a regained role needs a new grant.
"""

from flask import has_request_context
from sqlalchemy import event, inspect, not_, or_, select
from sqlalchemy.orm import Session

from .. import audit
from ..auth.models import User
from ..extensions import db
from ..network.models import Membership, Municipality
from ..platform.db.columns import utcnow
from .grants import holding
from .models import Incident, IncidentGrant

#: session.info key: {user id: why their role may have ended}, noted until the commit.
_NOTED = "incidents.grant_lapse"
#: Noted instead of a user id after a bulk UPDATE or DELETE of memberships or users:
#: the rows it touched are unknown, so every active grant is settled.
EVERYONE = 0


def _note(session: Session, user_id: int | None, reason: str) -> None:
    if user_id is not None:
        session.info.setdefault(_NOTED, {}).setdefault(user_id, reason)


def _changed(obj, key: str) -> bool:
    return inspect(obj).attrs[key].history.has_changes()


def _removed_memberships(obj) -> list:
    """Memberships taken out of a user's or municipality's collection (delete-orphan
    turns them into deletes only during the flush)."""
    return [m for m in inspect(obj).attrs["memberships"].history.deleted if isinstance(m, Membership)]


@event.listens_for(Session, "before_flush")
def _watch(session: Session, _context, _instances) -> None:
    for obj in session.deleted:
        if isinstance(obj, Membership):
            _note(session, obj.user_id, "membership_removed")
    for obj in session.dirty:
        if isinstance(obj, Membership):
            if _changed(obj, "role"):
                _note(session, obj.user_id, "role_changed")
            if _changed(obj, "municipality_id") or _changed(obj, "municipality"):
                _note(session, obj.user_id, "municipality_changed")
            state = inspect(obj)
            for old in state.attrs["user_id"].history.deleted:
                _note(session, old, "membership_removed")
            for old in state.attrs["user"].history.deleted:
                _note(session, getattr(old, "id", None), "membership_removed")
        elif isinstance(obj, User | Municipality):
            for membership in _removed_memberships(obj):
                _note(session, membership.user_id, "membership_removed")
            if isinstance(obj, User) and _changed(obj, "active") and not obj.active:
                _note(session, obj.id, "account_deactivated")


@event.listens_for(Session, "do_orm_execute")
def _watch_bulk(state) -> None:
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ in (Membership, User):
        _note(state.session, EVERYONE, "role_ended")


@event.listens_for(Session, "before_commit")
def _settle(session: Session) -> None:
    if not db.session.registry.has() or db.session() is not session:
        return  # not the app's session: audit.record could not write into it
    if session.new or session.dirty or session.deleted:
        session.flush()  # what the commit would flush next gets noted too
    for _round in range(10):  # settling writes no memberships; a second round finds nothing
        noted = session.info.pop(_NOTED, None)
        if not noted:
            return
        end_lapsed(noted)
        session.flush()


@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_NOTED, None)


def end_lapsed(noted: dict[int, str]) -> list[IncidentGrant]:
    """Revoke the active grants of, or on incidents of, the noted users that no
    longer hold; audit each and tell the reporter. Flushes; returns the grants."""
    from ..forum.models import Notification

    ids = set(noted)
    stmt = (select(IncidentGrant).join(Incident, Incident.id == IncidentGrant.incident_id)
            .where(IncidentGrant.revoked_at.is_(None), not_(holding())).order_by(IncidentGrant.id))
    if EVERYONE not in ids:
        stmt = stmt.where(or_(IncidentGrant.user_id.in_(ids), Incident.reporter_id.in_(ids)))
    lapsed = db.session.scalars(stmt).all()
    by = _acting_user_id()
    for grant in lapsed:
        grant.revoked_at = utcnow()
        incident = grant.incident
        audit.record("incident.grant_ended", obj=incident, grant=grant.id, user=grant.user_id,
                     reason=_reason(grant, incident, noted), by=by)
        db.session.add(Notification(user_id=incident.reporter_id, kind="grant_end", grant_id=grant.id))
    for user in {g.user for g in lapsed} | {g.incident.reporter for g in lapsed}:
        db.session.expire(user, ["memberships"])  # removed rows may still sit in the collection
    db.session.flush()
    return lapsed


def _reason(grant: IncidentGrant, incident: Incident, noted: dict[int, str]) -> str:
    if not grant.user.active:
        return "account_deactivated"
    if grant.user_id in noted:
        return noted[grant.user_id]
    if incident.reporter_id in noted:
        return "reporter_" + noted[incident.reporter_id]
    return "role_ended"


def _acting_user_id() -> int | None:
    """Who made the change (the request's user), None for scripts and jobs."""
    if not has_request_context():
        return None
    from flask_login import current_user

    return current_user.id if getattr(current_user, "is_authenticated", False) else None
