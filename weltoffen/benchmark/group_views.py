"""Coordinators define named peer groups for their network."""

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_limiter.util import get_remote_address
from flask_login import current_user
from sqlalchemy import func, select

from .. import permissions
from ..extensions import db, htmx, limiter
from ..network import name_search
from ..network.access import get_network_or_404
from . import bp, named_groups
from .models import PeerGroup, PeerGroupMember
from .services import k_value


def _group_or_404(group_id: int) -> PeerGroup:
    """Load a named group; only its network's coordinators and admins may touch it."""
    group = db.session.get(PeerGroup, group_id) or abort(404)
    get_network_or_404(group.network_id, permissions.can_manage_rounds)
    return group


@bp.route("/networks/<int:network_id>/groups", methods=["GET", "POST"])
def groups_index(network_id: int):
    network = get_network_or_404(network_id, permissions.can_manage_rounds)
    name = request.form.get("name", "").strip()
    error = None
    if request.method == "POST":
        exists = db.session.scalar(
            select(PeerGroup.id).where(PeerGroup.network_id == network.id, PeerGroup.name == name)
        )
        if not name or len(name) > 160:
            error = _("A group needs a name of 1 to 160 characters.")
        elif exists:
            error = _("A group with this name exists already.")
        else:
            group = named_groups.create(network, current_user, name)
            db.session.commit()
            flash(_("Group “%(name)s” created. Now add its municipalities.", name=group.name), "success")
            return redirect(url_for("benchmark.group_detail", group_id=group.id))
    counts = dict(
        db.session.execute(select(PeerGroupMember.group_id, func.count()).group_by(PeerGroupMember.group_id)).all()
    )
    groups = db.session.scalars(select(PeerGroup).where(PeerGroup.network_id == network.id).order_by(PeerGroup.name))
    return render_template(
        "benchmark/groups.html",
        network=network,
        groups=list(groups),
        counts=counts,
        name=name,
        error=error,
        k=k_value(),
    ), 400 if error else 200


def too_close_message(error: named_groups.TooClose) -> str:
    return ngettext(
        "Nothing was saved: the group would differ from “%(group)s” by only %(num)d municipality. Two groups "
        "that differ by fewer than %(k)d municipalities would let anyone work out the scores of those in between.",
        "Nothing was saved: the group would differ from “%(group)s” by only %(num)d municipalities. Two groups "
        "that differ by fewer than %(k)d municipalities would let anyone work out the scores of those in between.",
        error.difference, group=error.name, k=k_value(),
    )


@bp.route("/groups/<int:group_id>", methods=["GET", "POST"])
def group_detail(group_id: int):
    group = _group_or_404(group_id)
    text = request.form.get("ags", "")
    unknown: list[str] = []
    conflict = None
    if request.method == "POST":
        ags_list = named_groups.parse_ags_list(text)
        if not ags_list:
            flash(_("Enter at least one official municipality key (AGS)."), "danger")
        else:
            try:
                added, unknown = named_groups.add_members(group, current_user, ags_list)
            except named_groups.TooClose as error:
                db.session.rollback()
                conflict = too_close_message(error)
            else:
                db.session.commit()
                flash(_("%(n)d municipalities added.", n=added), "success")
                if not unknown:
                    return redirect(url_for("benchmark.group_detail", group_id=group.id))
    return render_template(
        "benchmark/group.html",
        group=group,
        members=named_groups.members(group),
        ags=text if unknown or conflict else "",
        unknown=unknown,
        conflict=conflict,
    ), 400 if conflict else 200


def _user_key() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else get_remote_address()


@bp.route("/groups/<int:group_id>/search")
@limiter.limit(lambda: current_app.config["SEARCH_RATE_LIMIT"], key_func=_user_key)
def group_search(group_id: int):
    """The options of the search by name (the combobox on the group page): the group's
    network's municipalities that are not in the group yet, as the AGS field takes them."""
    group = _group_or_404(group_id)
    text = request.args.get("q", "")[:160]
    in_group = select(PeerGroupMember.municipality_id).where(PeerGroupMember.group_id == group.id)
    found, more = name_search.search(group.network_id, text, exclude=in_group)
    template = "benchmark/_name_search_options.html" if htmx else "benchmark/name_search.html"
    return render_template(
        template, group=group, q=text, found=found, more=more,
        too_short=len(name_search.normalise(text)) < name_search.MIN_LENGTH,
    )


@bp.route("/groups/<int:group_id>/members/<int:municipality_id>/remove", methods=["POST"])
def remove_group_member(group_id: int, municipality_id: int):
    group = _group_or_404(group_id)
    try:
        named_groups.remove_member(group, current_user, municipality_id)
    except named_groups.TooClose as error:
        db.session.rollback()
        flash(too_close_message(error), "danger")
    else:
        db.session.commit()
        flash(_("Removed from the group."), "success")
    return redirect(url_for("benchmark.group_detail", group_id=group_id))


@bp.route("/groups/<int:group_id>/delete", methods=["POST"])
def delete_group(group_id: int):
    group = _group_or_404(group_id)
    network_id = group.network_id
    named_groups.delete_group(group, current_user)
    db.session.commit()
    flash(_("Group deleted."), "success")
    return redirect(url_for("benchmark.groups_index", network_id=network_id))
