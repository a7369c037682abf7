"""Municipality pages with their team (invitations, removal, a lead's lost second
factor), and the network overview for its staff."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..auth import services as auth_services
from ..auth.forms import InviteForm
from ..auth.mails import send_invitation, send_second_factor_reset
from ..auth.models import Invitation, User
from ..extensions import db, htmx
from ..platform.mail import MailError
from ..platform.web.forms import choices
from . import access, bp, services
from .labels import ROLE_LABELS
from .models import STATES


def _invite_form(municipality, formdata=None) -> InviteForm | None:
    roles = permissions.invitable_roles(current_user, municipality)
    if not roles:
        return None
    form = InviteForm(formdata=formdata) if formdata is not None else InviteForm()
    form.role.choices = choices((r, ROLE_LABELS[r]) for r in roles)
    return form


def _second_factor_resets(team) -> set[int]:
    """Membership ids that carry the reset button: one row per person whose second
    factor the current user may reset."""
    rows: dict[int, int] = {}
    for ms in team:
        if ms.user.has_second_factor and permissions.can_reset_second_factor(current_user, ms.user):
            rows.setdefault(ms.user_id, ms.id)
    return set(rows.values())


def _render_municipality(municipality, invite_form=None, status=200):
    manage = permissions.can_manage_team(current_user, municipality)
    team = services.team(municipality)
    return (
        render_template(
            "network/municipality.html",
            municipality=municipality,
            team=team,
            second_factor_resets=_second_factor_resets(team) if manage else set(),
            invitations=auth_services.pending_invitations(municipality.id) if manage else [],
            invite_form=invite_form if invite_form is not None else _invite_form(municipality),
            manage=manage,
        ),
        status,
    )


@bp.route("/municipalities/<int:municipality_id>")
def municipality(municipality_id: int):
    return _render_municipality(access.get_municipality_or_404(municipality_id))


@bp.route("/municipalities/<int:municipality_id>/invitations", methods=["POST"])
def invite(municipality_id: int):
    municipality = access.get_municipality_or_404(municipality_id, permissions.can_manage_team)
    form = _invite_form(municipality, formdata=request.form)
    permissions.require(form is not None)
    if not form.validate_on_submit():
        return _render_municipality(municipality, form, 400)
    permissions.require(permissions.can_invite(current_user, municipality, form.role.data))
    invitation, token = auth_services.create_invitation(
        current_user, form.email.data, municipality=municipality, role=form.role.data
    )
    existing = auth_services.get_user_by_email(form.email.data)
    try:
        send_invitation(invitation, token, current_user, existing.language if existing else "de")
    except MailError:
        db.session.rollback()
        form.email.errors.append(_("The invitation e-mail could not be sent. Nothing was saved; please try again."))
        return _render_municipality(municipality, form, 503)
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("network.municipality", municipality_id=municipality.id) + "#team")


@bp.route("/municipalities/<int:municipality_id>/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke_invitation(municipality_id: int, invitation_id: int):
    municipality = access.get_municipality_or_404(municipality_id, permissions.can_manage_team)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.municipality_id != municipality.id:
        abort(404)
    auth_services.revoke_invitation(current_user, invitation)
    db.session.commit()
    flash(_("Invitation withdrawn."), "success")
    return redirect(url_for("network.municipality", municipality_id=municipality.id) + "#team")


@bp.route("/municipalities/<int:municipality_id>/memberships/<int:membership_id>/remove", methods=["POST"])
def remove_membership(municipality_id: int, membership_id: int):
    municipality = access.get_municipality_or_404(municipality_id, permissions.can_manage_team)
    membership = access.get_membership_or_404(municipality, membership_id)
    permissions.require(permissions.can_remove_membership(current_user, membership))
    name = membership.user.name
    services.remove_membership(current_user, membership)
    db.session.commit()
    flash(_("%(name)s was removed from the team.", name=name), "success")
    return redirect(url_for("network.municipality", municipality_id=municipality.id) + "#team")


@bp.route("/municipalities/<int:municipality_id>/people/<int:user_id>/second-factor", methods=["POST"])
def reset_second_factor(municipality_id: int, user_id: int):
    """A lead lost their second factor: their network's coordinator removes it (as an
    admin may), their sessions end and a mail gives them a link to a new password."""
    municipality = access.get_municipality_or_404(municipality_id, permissions.can_manage_team)
    user = db.session.get(User, user_id)
    if user is None or not user.roles_in(municipality.id):
        abort(404)
    permissions.require(permissions.can_reset_second_factor(current_user, user))
    back = url_for("network.municipality", municipality_id=municipality.id) + "#team"
    reset = auth_services.reset_second_factor(current_user, user)
    try:
        send_second_factor_reset(user, reset.token, current_user)
    except MailError:
        db.session.rollback()
        flash(_("The e-mail to %(email)s could not be sent; nothing was changed. Please try again.",
                email=user.email), "danger")
        return redirect(back)
    db.session.commit()
    flash(_("The second factor of %(name)s has been reset; they have been sent a link to choose a new password "
            "and will set up a second factor at their next login.", name=user.name), "success")
    return redirect(back)


def _coordinator_form(formdata=None) -> InviteForm:
    form = InviteForm(formdata=formdata) if formdata is not None else InviteForm()
    form.role.choices = choices([("coordinator", ROLE_LABELS["coordinator"])])
    return form


@bp.route("/networks/<int:network_id>")
def overview(network_id: int):
    return _render_overview(access.get_network_or_404(network_id))


def _render_overview(network, invite_form=None, status=200):
    query = request.args.get("q", "")[:100]
    state = request.args.get("state", "")
    state = state if state in STATES else ""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    items, total = services.search_municipalities(query, state, network.id, page)
    context = {
        "network": network,
        "items": items,
        "total": total,
        "page": page,
        "page_size": services.PAGE_SIZE,
        "query": query,
        "state": state,
        "states": STATES,
        "counts": services.team_counts([m.id for m in items]),
    }
    if htmx and request.method == "GET":
        return render_template("network/_municipality_table.html", **context)
    coordinators = db.session.scalars(
        select(User).where(User.network_role == "coordinator", User.network_id == network.id).order_by(User.name)
    ).all()
    return (
        render_template(
            "network/overview.html",
            coordinators=coordinators,
            invite_form=invite_form or _coordinator_form(),
            can_invite=permissions.can_invite_coordinator(current_user, network),
            **context,
        ),
        status,
    )


@bp.route("/networks/<int:network_id>/coordinators", methods=["POST"])
def invite_coordinator(network_id: int):
    network = access.get_network_or_404(network_id, permissions.can_invite_coordinator)
    form = _coordinator_form(formdata=request.form)
    if not form.validate_on_submit():
        return _render_overview(network, form, 400)
    invitation, token = auth_services.create_invitation(
        current_user, form.email.data, network=network, network_role="coordinator"
    )
    try:
        send_invitation(invitation, token, current_user)
    except MailError:
        db.session.rollback()
        form.email.errors.append(_("The invitation e-mail could not be sent. Nothing was saved; please try again."))
        return _render_overview(network, form, 503)
    db.session.commit()
    flash(_("Invitation sent to %(email)s.", email=invitation.email), "success")
    return redirect(url_for("network.overview", network_id=network.id) + "#coordinators")
