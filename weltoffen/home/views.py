from datetime import date, timedelta

from flask import current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import func, select

from .. import permissions
from ..auth import services as auth_services
from ..auth.views import safe_next
from ..extensions import db
from ..forum.moderation import services as moderation
from ..network.models import Network
from ..ops import health
from ..permissions import public
from ..selfcheck import followup
from ..selfcheck import services as selfcheck_services
from ..selfcheck.models import Round, Submission
from . import bp


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return render_template("home/landing.html")
    networks = []
    if permissions.is_admin(current_user):
        networks = db.session.scalars(select(Network).order_by(Network.name)).all()
    elif current_user.network:
        networks = [current_user.network]
    municipalities = [_municipality_card(m) for m in current_user.municipalities]
    todo = [_coordination_todo(n) for n in networks if permissions.is_coordinator_of(current_user, n.id)]
    return render_template("home/dashboard.html", networks=networks, municipalities=municipalities, todo=todo,
                           report_first=permissions.can_report_incident(current_user))


#: Rounds whose deadline is this close appear on the coordinators' start page.
DEADLINE_SOON = timedelta(days=14)


def _coordination_todo(network) -> dict:
    """What a coordinator has waiting: open advice requests, the moderation queue, and
    open rounds near their deadline with the municipalities that have not started."""
    soon = date.today() + DEADLINE_SOON
    rounds = []
    for round_ in db.session.scalars(select(Round).where(
            Round.network_id == network.id, Round.status == "open", Round.deadline <= soon).order_by(Round.deadline)):
        not_started = db.session.scalar(select(func.count(Submission.id)).where(
            Submission.round_id == round_.id, Submission.status == "not_started"))
        rounds.append({"round": round_, "not_started": not_started})
    return {"network": network, "advice": followup.open_advice_count(network.id),
            "moderation": moderation.pending_count(network.id), "rounds": rounds}


def _municipality_card(m) -> dict:
    """What the start page shows of one of the user's municipalities."""
    manage = permissions.can_manage_team(current_user, m)
    selfchecks = []
    if permissions.is_team(current_user, m):
        selfchecks = [
            s for s in selfcheck_services.submissions_of(m.id) if s.round.status == "open" or s.status == "submitted"
        ][:2]
    return {
        "municipality": m,
        "roles": sorted(current_user.roles_in(m.id)),
        "manage": manage,
        "invitations": len(auth_services.pending_invitations(m.id)) if manage else 0,
        "team_size": len({ms.user_id for ms in m.memberships}),
        "selfchecks": selfchecks,
    }


@bp.route("/language", methods=["POST"])
@public
def set_language():
    lang = request.form.get("lang", "")
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
        if current_user.is_authenticated and current_user.language != lang:
            current_user.language = lang
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))


@bp.route("/healthz")
@public
def healthz():
    """For load balancers and monitoring: 200 when the database answers and the upload
    folder is writable, else 503 with what failed (weltoffen/ops/health.py)."""
    body, ok = health.report()
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
