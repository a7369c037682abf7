"""The incident log of officials and their trust persons."""

from .core import _authenticated
from .forum import can_view_forum


def can_report_incident(user) -> bool:
    """Record incidents: officials (mayors, council members, staff in the official
    role), with their second factor set up."""
    return (
        _authenticated(user)
        and user.has_second_factor
        and any(m.role == "official" for m in user.memberships)
    )


def incident_access(user, incident) -> str | None:
    """"owner" for the reporter, "write" or "read" for a trust person with an active
    grant that still holds (grant_holds), None for everyone else — coordinators and
    admins included. Everyone who can read an incident must have a second factor.
    Derived from the current memberships at every request: a grant row alone gives
    nothing once its trust person's role has ended."""
    if not _authenticated(user) or not user.has_second_factor:
        return None
    if incident.reporter_id == user.id:
        return "owner"
    for grant in incident.grants:
        if grant.user_id == user.id and grant.revoked_at is None:
            if not grant_holds(user, incident.reporter):
                return None
            return "write" if grant.can_write else "read"
    return None


def grant_holds(grantee, reporter) -> bool:
    """A grant gives access only while its trust person is an active user who still
    holds the trust-person role in one of the reporter's municipalities — the same
    rule as for granting (can_be_granted). When it stops holding, the grant is
    revoked (incidents/grant_lapse.py); this check holds even before that."""
    return bool(getattr(grantee, "active", False)) and can_be_granted(grantee, reporter)


def can_view_incident(user, incident) -> bool:
    """Read an incident: its reporter and the trust persons it is granted to."""
    return incident_access(user, incident) is not None


def can_edit_incident(user, incident) -> bool:
    """Change it, add timeline entries and evidence: the reporter and trust persons
    with a read-and-write grant; nothing once it is shredded."""
    return not incident.shredded and incident_access(user, incident) in ("owner", "write")


def can_manage_incident(user, incident) -> bool:
    """Grant and revoke access, link, close, delete, see who looked: the reporter only."""
    return incident_access(user, incident) == "owner"


def can_be_granted(user, reporter) -> bool:
    """Trust persons of one of the reporter's municipalities may be granted access."""
    towns = {m.municipality_id for m in reporter.memberships}
    return _authenticated(user) and user.id != reporter.id and any(
        m.role == "trust_person" and m.municipality_id in towns for m in user.memberships
    )


def can_view_incident_statistics(user, network) -> bool:
    """The network's anonymous incident statistics: every member and the staff."""
    return can_view_forum(user, network)


def can_download_incident_deadline(user, incident) -> bool:
    """A deadline of an incident as a calendar file: the reporter alone, for their own
    calendar (not trust persons, whatever their grant); nothing once shredded."""
    return not incident.shredded and incident_access(user, incident) == "owner"
