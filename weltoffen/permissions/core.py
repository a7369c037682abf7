"""Roles, networks and municipalities, the self-check and the benchmark."""

from flask import abort

MUNICIPAL_ROLES = ("member", "lead", "official", "trust_person")
#: Roles a municipal lead may hand out in their own municipality.
LEAD_INVITABLE = ("member", "lead", "official", "trust_person")
#: Roles a network coordinator may hand out in the network's municipalities.
COORDINATOR_INVITABLE = ("lead",)


def public(view):
    """Mark a view as reachable without login."""
    view.is_public = True
    return view


def require(allowed: bool, status: int = 403) -> None:
    """Abort with `status` unless `allowed`."""
    if not allowed:
        abort(status)


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def is_admin(user) -> bool:
    """Platform admin: manages networks, municipalities, users and questionnaires."""
    return _authenticated(user) and user.network_role == "admin"


def is_coordinator_of(user, network_id: int | None) -> bool:
    """Coordinator of exactly this network."""
    return (
        _authenticated(user)
        and user.network_role == "coordinator"
        and network_id is not None
        and user.network_id == network_id
    )


def is_network_staff(user, network_id: int | None) -> bool:
    """Admins and the network's coordinators: they see every municipality by name."""
    return is_admin(user) or is_coordinator_of(user, network_id)


def has_role(user, municipality, *roles: str) -> bool:
    """The user holds one of `roles` (any role if none given) in the municipality."""
    if not _authenticated(user) or municipality is None:
        return False
    held = user.roles_in(municipality.id)
    return bool(held & set(roles)) if roles else bool(held)


def can_administer(user) -> bool:
    """Admin pages: networks, municipalities, imports, users."""
    return is_admin(user)


def can_view_municipality(user, municipality) -> bool:
    """Its profile and team list: its own people and the network staff."""
    return has_role(user, municipality) or is_network_staff(user, municipality.network_id)


def can_manage_team(user, municipality) -> bool:
    """Invite and remove people: the municipality's leads, its coordinators, admins."""
    return has_role(user, municipality, "lead") or is_network_staff(user, municipality.network_id)


def invitable_roles(user, municipality) -> tuple[str, ...]:
    """Municipal roles this user may grant in this municipality."""
    if is_admin(user):
        return MUNICIPAL_ROLES
    roles: list[str] = []
    if has_role(user, municipality, "lead"):
        roles.extend(LEAD_INVITABLE)
    if is_coordinator_of(user, municipality.network_id):
        roles.extend(r for r in COORDINATOR_INVITABLE if r not in roles)
    return tuple(r for r in MUNICIPAL_ROLES if r in roles)


def can_invite(user, municipality, role: str) -> bool:
    """A lead invites into their own municipality; a coordinator invites leads."""
    return role in invitable_roles(user, municipality)


def can_remove_membership(user, membership) -> bool:
    """Leads manage their team; coordinators may remove leads; admins anyone."""
    municipality = membership.municipality
    if is_admin(user) or has_role(user, municipality, "lead"):
        return True
    return is_coordinator_of(user, municipality.network_id) and membership.role == "lead"


def can_invite_coordinator(user, network) -> bool:
    """Coordinators bring in fellow coordinators of their network; admins any."""
    return is_admin(user) or is_coordinator_of(user, network.id)


def can_reset_second_factor(user, target) -> bool:
    """Remove a lost second factor: admins for anyone but themselves; a network's
    coordinator for the leads of its municipalities – never for a network role
    (admins, coordinators) or someone who also belongs to another network."""
    if not _authenticated(user) or target is None or target.id == user.id:
        return False
    if is_admin(user):
        return True
    if user.network_role != "coordinator" or user.network_id is None or target.network_role is not None:
        return False
    memberships = target.memberships
    return any(m.role == "lead" for m in memberships) and all(
        m.municipality.network_id == user.network_id for m in memberships
    )


def can_view_network(user, network) -> bool:
    """The list of a network's municipalities with their teams."""
    return is_network_staff(user, network.id)


# --- self-check -----------------------------------------------------------------

#: Municipal roles that make up the self-check team.
TEAM_ROLES = ("member", "lead", "official")


def can_manage_rounds(user, network) -> bool:
    """Open, extend and close rounds, reopen submissions: the network's staff."""
    return is_network_staff(user, network.id)


def is_team(user, municipality) -> bool:
    """Part of the municipality's self-check team."""
    return has_role(user, municipality, *TEAM_ROLES)


def can_view_submission(user, submission) -> bool:
    """The team always; the network staff once it is submitted (drafts stay internal)."""
    if is_team(user, submission.municipality):
        return True
    return submission.status == "submitted" and is_network_staff(
        user, submission.municipality.network_id
    )


def can_fill(user, submission) -> bool:
    """Answer questions: the team, while the round is open and nothing is submitted."""
    return (
        is_team(user, submission.municipality)
        and submission.status != "submitted"
        and submission.round.status == "open"
    )


def can_lead_submission(user, submission) -> bool:
    """Set team answers, submit, request advice: the municipality's leads."""
    return has_role(user, submission.municipality, "lead")


def can_reopen(user, submission) -> bool:
    """Unlock a submitted self-check (with a reason): the network's staff."""
    return submission.status == "submitted" and is_network_staff(
        user, submission.municipality.network_id
    )


def can_answer_advice(user, advice_request) -> bool:
    """Work on an advice request: the network's staff."""
    return is_network_staff(user, advice_request.municipality.network_id)


def can_view_advice(user, advice_request) -> bool:
    """The asking team and the network's staff."""
    return is_team(user, advice_request.municipality) or can_answer_advice(user, advice_request)


def can_view_plan(user, municipality) -> bool:
    """The action plan: the team and the network's staff."""
    return is_team(user, municipality) or is_network_staff(user, municipality.network_id)


def can_edit_plan(user, municipality) -> bool:
    """Add and update measures: the municipality's leads."""
    return has_role(user, municipality, "lead")


# --- benchmark ------------------------------------------------------------------------


def can_view_benchmark(user, submission) -> bool:
    """The peer comparison of a submitted self-check: its team and the network staff."""
    return submission.status == "submitted" and can_view_submission(user, submission)


def can_decide_comparison(user, municipality) -> bool:
    """Choose the peer groups and opt in or out of sharing named results: the leads."""
    return has_role(user, municipality, "lead")
