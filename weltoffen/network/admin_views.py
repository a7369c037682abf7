"""Admin pages: networks, municipalities, users and memberships (platform admins only)."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import func, or_, select

from .. import audit, permissions
from ..auth import mails as auth_mails
from ..auth import services as auth_services
from ..auth.models import User
from ..auth.services import get_user_by_email
from ..extensions import db
from ..platform import mail
from ..platform.web.forms import choices
from . import bp, services
from .forms import AddMemberForm, MunicipalityForm, NetworkForm, UserAdminForm
from .models import STATES, Membership, Municipality, Network


@bp.before_request
def admin_only():
    if request.endpoint and request.endpoint.startswith("network.admin_"):
        permissions.require(permissions.can_administer(current_user))


@bp.route("/admin/")
def admin_index():
    counts = {
        "networks": db.session.scalar(select(func.count(Network.id))),
        "municipalities": db.session.scalar(select(func.count(Municipality.id))),
        "users": db.session.scalar(select(func.count(User.id))),
        "memberships": db.session.scalar(select(func.count(Membership.id))),
    }
    return render_template("network/admin/index.html", counts=counts,
                           outbox=bool(current_app.config.get("MAIL_OUTBOX")))


@bp.route("/admin/users/<int:user_id>/second-factor", methods=["POST"])
def admin_reset_second_factor(user_id: int):
    """Someone lost their second factor: remove it, end their sessions, mail them a link
    to a new password; they enrol again at the next login."""
    user = db.session.get(User, user_id) or abort(404)
    if not FlaskForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash(_("You cannot reset your own second factor here."), "danger")
        return redirect(url_for("network.admin_user_edit", user_id=user.id))
    reset = auth_services.reset_second_factor(current_user, user)
    try:
        auth_mails.send_second_factor_reset(user, reset.token, current_user)
    except mail.MailError:
        db.session.rollback()
        flash(_("The e-mail to %(email)s could not be sent; nothing was changed. Please try again.",
                email=user.email), "danger")
        return redirect(url_for("network.admin_user_edit", user_id=user.id))
    db.session.commit()
    flash(_("The second factor of %(name)s has been reset; they have been sent a link to choose a new password "
            "and will set up a second factor at their next login.", name=user.name), "success")
    return redirect(url_for("network.admin_user_edit", user_id=user.id))


@bp.route("/admin/outbox")
def admin_outbox():
    """Demo and development: the mails the app would have sent (no MAIL_SERVER)."""
    folder = current_app.config.get("MAIL_OUTBOX")
    if not folder:
        abort(404)
    messages = mail.outbox_messages(folder)
    audit.record("admin.outbox_viewed", actor=current_user, messages=len(messages))
    db.session.commit()
    return render_template("network/admin/outbox.html", messages=messages)


@bp.route("/admin/networks", methods=["GET", "POST"])
def admin_networks():
    form = NetworkForm()
    if form.validate_on_submit():
        network = services.create_network(current_user, form.name.data, form.description.data or "")
        db.session.commit()
        flash(_("Network “%(name)s” created.", name=network.name), "success")
        return redirect(url_for("network.admin_networks"))
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    status = 400 if form.errors else 200
    return render_template("network/admin/networks.html", networks=networks, form=form), status


@bp.route("/admin/networks/<int:network_id>", methods=["GET", "POST"])
def admin_network_edit(network_id: int):
    network = db.session.get(Network, network_id) or abort(404)
    form = NetworkForm(obj=network, network=network)
    if form.validate_on_submit():
        services.update_network(current_user, network, form.name.data, form.description.data or "")
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("network.admin_networks"))
    status = 400 if form.errors else 200
    return render_template("network/admin/network_edit.html", network=network, form=form), status


@bp.route("/admin/municipalities")
def admin_municipalities():
    query = request.args.get("q", "")[:100]
    state = request.args.get("state", "")
    state = state if state in STATES else ""
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    items, total = services.search_municipalities(query, state, None, page)
    return render_template(
        "network/admin/municipalities.html",
        items=items,
        total=total,
        page=page,
        page_size=services.PAGE_SIZE,
        query=query,
        state=state,
        states=STATES,
    )


def _municipality_form_page(municipality: Municipality | None):
    form = MunicipalityForm(obj=municipality, municipality=municipality)
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    if not networks:
        flash(_("Create a network first."), "info")
        return redirect(url_for("network.admin_networks"))
    network_id = request.form.get("network_id", type=int) or (
        municipality.network_id if municipality else networks[0].id
    )
    if network_id not in {n.id for n in networks}:
        abort(400)
    if form.validate_on_submit():
        target = municipality or Municipality()
        services.save_municipality(
            current_user,
            target,
            network_id=network_id,
            ags=form.ags.data,
            name=form.name.data.strip(),
            state=form.state.data,
            kind=form.kind.data,
            population=form.population.data,
            foreign_born_share=float(form.foreign_born_share.data),
        )
        db.session.commit()
        flash(_("“%(name)s” saved.", name=target.name), "success")
        return redirect(url_for("network.admin_municipalities", q=target.ags))
    status = 400 if form.errors else 200
    return render_template(
        "network/admin/municipality_edit.html",
        form=form,
        municipality=municipality,
        networks=networks,
        network_id=network_id,
        member_form=AddMemberForm(prefix="member") if municipality else None,
    ), status


@bp.route("/admin/municipalities/new", methods=["GET", "POST"])
def admin_municipality_new():
    return _municipality_form_page(None)


@bp.route("/admin/municipalities/<int:municipality_id>", methods=["GET", "POST"])
def admin_municipality_edit(municipality_id: int):
    return _municipality_form_page(db.session.get(Municipality, municipality_id) or abort(404))


@bp.route("/admin/municipalities/<int:municipality_id>/members", methods=["POST"])
def admin_add_member(municipality_id: int):
    municipality = db.session.get(Municipality, municipality_id) or abort(404)
    form = AddMemberForm(prefix="member")
    if form.validate_on_submit():
        user = get_user_by_email(form.email.data)
        if user is None:
            flash(
                _("There is no account with this e-mail address. Invite the person instead."),
                "danger",
            )
        else:
            services.add_membership(current_user, user, municipality, form.role.data)
            db.session.commit()
            flash(_("%(name)s added.", name=user.name), "success")
    else:
        flash(_("Please enter a valid e-mail address and role."), "danger")
    return redirect(url_for("network.municipality", municipality_id=municipality.id) + "#team")


@bp.route("/admin/users")
def admin_users():
    query = request.args.get("q", "")[:100].strip()
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    stmt = select(User)
    if query:
        pattern = services.contains_pattern(query)
        stmt = stmt.where(
            or_(User.name.ilike(pattern, escape="\\"), User.email.ilike(pattern, escape="\\"))
        )
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    users = db.session.scalars(
        stmt.order_by(User.name, User.id)
        .limit(services.PAGE_SIZE)
        .offset((page - 1) * services.PAGE_SIZE)
    ).all()
    return render_template(
        "network/admin/users.html",
        users=users,
        total=total,
        page=page,
        page_size=services.PAGE_SIZE,
        query=query,
    )


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
def admin_user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    form = UserAdminForm(
        data=None
        if request.method == "POST"
        else {
            "network_role": user.network_role or "",
            "network": user.network_id or 0,
            "active": user.active,
        }
    )
    form.network.choices = choices([(0, "—")] + [(n.id, n.name) for n in networks])
    if form.validate_on_submit():
        if user.id == current_user.id and (
            form.network_role.data != "admin" or not form.active.data
        ):
            flash(_("You cannot remove your own admin rights or deactivate yourself."), "danger")
            return redirect(url_for("network.admin_user_edit", user_id=user.id))
        services.set_network_role(
            current_user, user, form.network_role.data or None, form.network.data or None
        )
        if user.active != form.active.data:
            user.active = form.active.data
            audit.record(
                "user.activated" if user.active else "user.deactivated",
                actor=current_user,
                obj=user,
            )
        db.session.commit()
        flash(_("Saved."), "success")
        return redirect(url_for("network.admin_user_edit", user_id=user.id))
    status = 400 if form.errors else 200
    return render_template("network/admin/user_edit.html", user=user, form=form), status
