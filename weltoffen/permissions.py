"""Every rule of who may see or do what (DESIGN.md, "Users and what they come for").

Each rule is a `can_*`/`is_*` function returning a bool, with a docstring; views call
`require(...)`, templates use the same functions through the `can` global, so role
logic lives here and nowhere else. Routes are closed to anonymous users unless their
view is marked `@public` (enforced in security.require_login).
"""

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


# --- forum and practice library --------------------------------------------------------


def network_ids(user) -> set[int]:
    """The networks a user belongs to: through a municipality or as a coordinator."""
    if not _authenticated(user):
        return set()
    ids = {m.municipality.network_id for m in user.memberships}
    if user.network_id is not None:
        ids.add(user.network_id)
    return ids


def can_view_forum(user, network) -> bool:
    """The network's forum and practice library: its members and its staff."""
    return is_admin(user) or network.id in network_ids(user)


def can_view_category(user, category) -> bool:
    """Categories for the whole network, or for its staff only."""
    if category.audience == "staff":
        return is_network_staff(user, category.network_id)
    return can_view_forum(user, category.network)


def can_manage_categories(user, network) -> bool:
    """Create, order and edit categories: the network's staff."""
    return is_network_staff(user, network.id)


def is_forum_suspended(user) -> bool:
    """Suspended from the forum by a moderator (cannot post, posts hidden)."""
    from .extensions import db
    from .forum.models import ForumProfile

    if not _authenticated(user):
        return False
    profile = db.session.get(ForumProfile, user.id)
    return profile is not None and profile.suspended_at is not None


def can_moderate(user, network_id: int | None) -> bool:
    """Work the report queue, hide/keep/edit posts, lock, pin, suspend: the staff."""
    return is_network_staff(user, network_id)


def _is_author(user, obj) -> bool:
    return _authenticated(user) and obj.author_id == user.id


def can_view_topic(user, topic) -> bool:
    """Visible topics of a visible category; hidden topics and unpublished practices
    only to their author (and the practice's municipality leads) and the staff."""
    if not can_view_category(user, topic.category):
        return False
    if can_moderate(user, topic.network_id):
        return True
    if topic.kind == "practice" and topic.practice is not None and topic.practice.status != "published":
        return _is_author(user, topic) or has_role(user, topic.practice.municipality, "lead")
    return not topic.hidden or _is_author(user, topic)


def can_view_post(user, post) -> bool:
    """A post's text: everyone who sees the topic, unless it is hidden (then its
    author and the staff)."""
    if not can_view_topic(user, post.topic):
        return False
    return not post.hidden or _is_author(user, post) or can_moderate(user, post.topic.network_id)


def can_start_topic(user, category) -> bool:
    """Open a topic: anyone who sees the category and is not suspended."""
    return can_view_category(user, category) and not is_forum_suspended(user)


def can_reply(user, topic) -> bool:
    """Reply: anyone who sees the topic, unless it is locked (staff may still) or the
    user is suspended."""
    if not can_view_topic(user, topic) or is_forum_suspended(user):
        return False
    return not topic.locked or can_moderate(user, topic.network_id)


def can_post_for(user, municipality) -> bool:
    """Post on behalf of a municipality: its self-check team."""
    return is_team(user, municipality)


def can_edit_post(user, post) -> bool:
    """Edit a post: its author (not while suspended or the topic is locked)."""
    if not _is_author(user, post) or is_forum_suspended(user):
        return False
    return not post.topic.locked and can_view_topic(user, post.topic)


def can_report(user, post) -> bool:
    """Report a post to the moderators: everyone who sees it, except its author."""
    return can_view_post(user, post) and not _is_author(user, post)


def can_view_attachment(user, attachment) -> bool:
    """An attachment follows its post; one not yet posted only to its uploader."""
    if attachment.post is None:
        return _authenticated(user) and attachment.uploader_id == user.id
    return can_view_post(user, attachment.post)


def can_submit_practice(user, municipality) -> bool:
    """Describe a practice of a municipality: its self-check team."""
    return is_team(user, municipality) and not is_forum_suspended(user)


def can_edit_practice(user, practice) -> bool:
    """Change a practice's fields: its author and the municipality's leads, until
    it is published; the staff always."""
    if can_moderate(user, practice.topic.network_id):
        return True
    if practice.status == "published":
        return False
    return _is_author(user, practice.topic) or has_role(user, practice.municipality, "lead")


def can_review_practice(user, practice) -> bool:
    """Publish, send back or reject a submitted practice: the network's staff."""
    return can_moderate(user, practice.topic.network_id)


def can_record_adoption(user, practice, municipality) -> bool:
    """Record "we adopted this" and its outcome: the adopting municipality's team,
    for published practices of its own network."""
    return (
        practice.status == "published"
        and is_team(user, municipality)
        and municipality.network_id == practice.topic.network_id
    )


# --- incident log -----------------------------------------------------------------------


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


# Dialogue with citizens (weltoffen/dialogue/). A process is the municipality's team's
# own until it is published; the network staff learn from published processes by name
# and from the rest only as counts under the K rule (dialogue/network_views.py).


def can_view_dialogue(user, municipality) -> bool:
    """Internal process pages (sessions, safety plans, drafts): the municipality's team."""
    return is_team(user, municipality)


def can_edit_dialogue(user, municipality) -> bool:
    """Record and change processes, sessions, reach, recommendations and responses."""
    return is_team(user, municipality)


def can_publish_dialogue(user, municipality) -> bool:
    """Publish or withdraw a public process page: the municipality's leads."""
    return has_role(user, municipality, "lead")


def can_view_dialogue_overview(user, network) -> bool:
    """The network's overview of formats, response times and implementation."""
    return network is not None and is_network_staff(user, network.id)
