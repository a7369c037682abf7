from flask import current_app, jsonify, redirect, render_template, request, session
from flask_login import current_user
from sqlalchemy import select

from .. import permissions
from ..auth import services as auth_services
from ..auth.views import safe_next
from ..extensions import db
from ..network.models import Network
from ..ops import health
from ..permissions import public
from ..selfcheck import services as selfcheck_services
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
    return render_template("home/dashboard.html", networks=networks, municipalities=municipalities)


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
