"""The reporter decides who else may see an incident: grants to trust persons."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..extensions import db
from . import bp, grants
from .access import get_incident_or_404, open_contents
from .forms import GrantForm


@bp.route("/<int:incident_id>/grants", methods=["GET", "POST"])
def manage_grants(incident_id: int):
    item = get_incident_or_404(incident_id, manage=True)
    people = grants.eligible(item)
    form = GrantForm()
    form.user_id.choices = [(u.id, u.name) for u in people]
    if form.validate_on_submit():
        person = next(u for u in people if u.id == form.user_id.data)
        grants.grant(item, current_user, person, form.right.data == "write")
        db.session.commit()
        flash(_("%(name)s can now see this incident.", name=person.name), "success")
        return redirect(url_for("incidents.manage_grants", incident_id=item.id))
    status = 422 if form.errors else 200
    return render_template("incidents/grants.html", incident=item, contents=open_contents(item), form=form,
                           people=people, active=grants.active_grants(item)), status


@bp.route("/<int:incident_id>/grants/<int:grant_id>/revoke", methods=["POST"])
def revoke_grant(incident_id: int, grant_id: int):
    item = get_incident_or_404(incident_id, manage=True)
    grant = next((g for g in grants.active_grants(item) if g.id == grant_id), None)
    if grant is None:
        abort(404)
    grants.revoke(grant, current_user)
    db.session.commit()
    flash(_("%(name)s can no longer see this incident.", name=grant.user.name), "success")
    return redirect(url_for("incidents.manage_grants", incident_id=item.id))
