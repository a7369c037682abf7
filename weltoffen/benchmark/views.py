"""A municipality's comparison with its peers, its choice of groups and the opt-in
to share its named results."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..network.services import get_municipality_or_404
from ..selfcheck.services import get_submission_or_404
from . import bp, groups, services
from .models import PeerGroup, PeerGroupMember


def available_groups(municipality) -> list[tuple[str, str]]:
    """(key, label) of every group the municipality belongs to, network first."""
    keys = groups.attribute_keys(
        municipality.state, municipality.kind, municipality.population, municipality.foreign_born_share
    )
    named = db.session.execute(
        select(PeerGroup.id, PeerGroup.name)
        .join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id)
        .where(PeerGroupMember.municipality_id == municipality.id)
        .order_by(PeerGroup.name)
    ).all()
    options = [(keys[a], groups.label(keys[a])) for a in groups.ATTRIBUTES]
    return options + [(f"named:{gid}", name) for gid, name in named]


@bp.route("/submissions/<int:submission_id>")
def compare(submission_id: int):
    sub = get_submission_or_404(submission_id, permissions.can_view_benchmark)
    municipality = sub.municipality
    chosen = services.chosen_keys(municipality)
    comparison = services.compare(sub, chosen)
    scores = {s.dimension_key: s.score for s in sub.scores}
    dims = sub.questionnaire.dimensions
    weakest = sorted((d for d in dims if scores.get(d["key"]) is not None), key=lambda d: scores[d["key"]])[:3]
    named = dict(db.session.execute(select(PeerGroup.id, PeerGroup.name)).all())
    return render_template(
        "benchmark/compare.html",
        submission=sub,
        comparison=comparison,
        scores=scores,
        weakest=[(d, services.strong_sharing_peers(sub, d["key"])) for d in weakest],
        label=lambda key: groups.label(key, named),
        options=available_groups(municipality),
        chosen=chosen,
        sharing=services.is_sharing(municipality.id),
        can_decide=permissions.can_decide_comparison(current_user, municipality),
    )


@bp.route("/municipalities/<int:municipality_id>/groups", methods=["POST"])
def choose_groups(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_decide_comparison)
    allowed = {key for key, _label in available_groups(municipality)}
    keys = request.form.getlist("group")
    if any(k not in allowed for k in keys) or len(keys) > len(allowed):
        abort(400)
    services.choose(municipality, current_user, [k for k, _ in available_groups(municipality) if k in keys])
    db.session.commit()
    flash(_("The comparison groups are saved."), "success")
    return redirect(_back(municipality))


@bp.route("/municipalities/<int:municipality_id>/sharing", methods=["POST"])
def sharing(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_decide_comparison)
    share = request.form.get("share") == "yes"
    services.set_sharing(municipality, current_user, share)
    db.session.commit()
    if share:
        flash(_("%(name)s now shares its named results with the network.", name=municipality.name), "success")
    else:
        flash(_("%(name)s no longer shares its named results.", name=municipality.name), "success")
    return redirect(_back(municipality))


def _back(municipality) -> str:
    target = request.form.get("next", "")
    if target.startswith("/benchmark/submissions/"):
        return target
    return url_for("selfcheck.index")
