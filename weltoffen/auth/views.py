import time
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from .. import audit
from ..extensions import db, limiter, login_manager
from ..network.models import Membership
from ..permissions import public
from ..platform.mail import render_message, send_later
from . import bp, services, totp
from .forms import (
    AcceptInvitationForm,
    LoginForm,
    ResetPasswordForm,
    ResetRequestForm,
    SecondFactorForm,
)
from .models import User, new_session_token

PENDING_KEY = "pending_second_factor"
PENDING_SECONDS = 300


@cache
def _load_user_statement():
    """Built once per process: the user by session token with memberships, their
    municipalities and two navigation facts (unread notifications, a granted incident).
    Building the statement cost more than running it."""
    from ..forum.models import Notification
    from ..incidents.grants import holding
    from ..incidents.models import Incident, IncidentGrant

    unread = (
        db.select(db.func.count(Notification.id))
        .where(Notification.user_id == User.id, Notification.read_at.is_(None))
        .correlate(User)
        .scalar_subquery()
    )
    granted = (
        db.select(IncidentGrant.id)
        .join(Incident, Incident.id == IncidentGrant.incident_id)
        .where(IncidentGrant.user_id == User.id, holding(), Incident.shredded_at.is_(None))
        .correlate(User)
        .exists()
    )
    return (
        db.select(User, unread, granted)
        .where(User.session_token == db.bindparam("token"), User.active.is_(True))
        .options(joinedload(User.memberships).joinedload(Membership.municipality))
    )


@login_manager.user_loader
def load_user(session_token: str) -> User | None:
    # Every page reads the memberships and their municipalities (the second-factor
    # gate, the navigation, the permission rules) and two navigation facts: all loaded
    # with the user in one query.
    row = db.session.execute(_load_user_statement(), {"token": session_token}).unique().one_or_none()
    if row is None:
        return None
    user, user.nav_unread, user.nav_has_grant = row[0], row[1], bool(row[2])
    return user


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after login."""
    if target:
        parts = urlsplit(target)
        if (
            not parts.scheme
            and not parts.netloc
            and target.startswith("/")
            and not target.startswith("//")
        ):
            return target
    return url_for("home.index")


def _complete_login(user: User, method: str, next_url: str | None, welcome: str | None = None):
    # A fresh session at every login: nothing from before survives it.
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    if welcome:
        flash(welcome, "success")
    login_user(user)
    session.permanent = True
    services.record_login(user, method)
    db.session.commit()
    return redirect(safe_next(next_url))


@bp.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    next_url = request.args.get("next")
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            db.session.commit()  # keep the audit entry of the failed attempt
            form.password.errors.append(_("The e-mail address or the password is not correct."))
            return render_template("auth/login.html", form=form), 200
        if user.has_second_factor:
            db.session.commit()
            session[PENDING_KEY] = {"user": user.id, "at": time.time(), "next": next_url}
            return redirect(url_for("auth.second_factor"))
        return _complete_login(user, "none", next_url)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def second_factor():
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        flash(_("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    user = db.session.get(User, pending["user"])
    if user is None or not user.active:
        session.pop(PENDING_KEY, None)
        return redirect(url_for("auth.login"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        method = totp.verify(user, form.code.data)
        if method:
            return _complete_login(user, method, pending.get("next"))
        audit.record("login.second_factor_failed", actor=user, obj=user)
        db.session.commit()
        form.code.errors.append(_("This code is not valid. Enter the current code from your app."))
    return render_template("auth/second_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
@public
def logout():
    if current_user.is_authenticated:
        # A new session token ends every session of the user, also a copied cookie:
        # for people whose data is sensitive, logging out means everywhere.
        current_user.session_token = new_session_token()
        audit.record("logout", actor=current_user, obj=current_user)
        db.session.commit()
    logout_user()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    flash(_("You have been logged out."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
@public
def accept_invitation(token: str):
    try:
        invitation = services.find_invitation(token)
    except services.TokenError as exc:
        return render_template("auth/link_invalid.html", reason=exc.reason, kind="invitation"), 410
    existing = services.get_user_by_email(invitation.email)
    if existing is not None:
        return _accept_as_existing_user(invitation, existing, token)
    if current_user.is_authenticated:
        return render_template("auth/invitation_other_account.html", invitation=invitation), 409
    form = AcceptInvitationForm()
    if request.method == "GET":
        form.language.data = session.get("lang", "de")
    if form.validate_on_submit():
        user = services.accept_invitation(
            invitation,
            name=form.name.data,
            password=form.password.data,
            language=form.language.data,
        )
        return _complete_login(
            user, "none", url_for("home.index"), _("Welcome to weltoffen! Your account is ready.")
        )
    return render_template("auth/accept_invitation.html", form=form, invitation=invitation)


def _accept_as_existing_user(invitation, user: User, token: str):
    if not current_user.is_authenticated:
        flash(_("This invitation is for an existing account. Log in to accept it."), "info")
        return redirect(url_for("auth.login", next=request.path))
    if current_user.id != user.id:
        return render_template("auth/invitation_other_account.html", invitation=invitation), 409
    from flask_wtf import FlaskForm

    form = FlaskForm()
    if form.validate_on_submit():
        services.accept_invitation(invitation, user=current_user)
        db.session.commit()
        flash(_("Invitation accepted."), "success")
        return redirect(url_for("home.index"))
    return render_template(
        "auth/accept_invitation.html", form=form, invitation=invitation, existing=True
    )


@bp.route("/reset", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        reset = services.request_password_reset(form.email.data)
        # Known or not, the mail is rendered and the request commits; a known address's
        # mail goes to the mail thread, so neither the answer nor its timing tells
        # whether it has an account (tests/auth/test_reset_timing.py). A failed
        # delivery is logged; the person can ask again.
        user = reset.user or _NoAccount(form.email.data, str(get_locale() or "de"))
        message = render_message(
            user.email,
            _l("Reset your weltoffen password"),
            "password_reset",
            language=user.language,
            user=user,
            link=url_for("auth.reset_password", token=reset.token, _external=True),
            minutes=current_app.config["PASSWORD_RESET_MINUTES"],
        )
        db.session.commit()
        if reset.user is not None:
            send_later(message)
        return render_template("auth/reset_sent.html", email=form.email.data)
    return render_template("auth/reset_request.html", form=form)


@dataclass
class _NoAccount:
    """Stands in for the user when rendering the mail that is not sent."""

    email: str
    language: str
    name: str = ""


@bp.route("/reset/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_login_limit, methods=["POST"])
def reset_password(token: str):
    try:
        reset = services.find_password_reset(token)
    except services.TokenError as exc:
        return render_template("auth/link_invalid.html", reason=exc.reason, kind="reset"), 410
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.complete_password_reset(reset, form.password.data)
        db.session.commit()
        if current_user.is_authenticated:
            logout_user()
        flash(_("Your password has been changed. You can log in now."), "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)
