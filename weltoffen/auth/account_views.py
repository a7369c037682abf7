"""The account page: profile, language, password and second factor."""

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from .. import audit
from ..extensions import db, limiter
from ..platform.db.setup import end_read_transaction
from . import bp, services, totp
from .forms import ChangePasswordForm, EnrolForm, ProfileForm, SecondFactorForm
from .passwords import verify_password

ENROL_KEY = "totp_enrolment_secret"


@bp.route("/account", methods=["GET", "POST"])
def account():
    profile = ProfileForm(obj=current_user, prefix="profile")
    password = ChangePasswordForm(prefix="password")
    if request.method == "POST" and request.form.get("form") == "profile":
        if profile.validate_on_submit():
            changed = {
                k: getattr(profile, k).data
                for k in ("name", "language")
                if getattr(profile, k).data != getattr(current_user, k)
            }
            profile.populate_obj(current_user)
            audit.record(
                "account.updated", actor=current_user, obj=current_user, fields=sorted(changed)
            )
            db.session.commit()
            flash(_("Your details have been saved."), "success")
            return redirect(url_for("auth.account"))
    elif request.method == "POST" and request.form.get("form") == "password":
        if password.validate_on_submit():
            stored = current_user.password_hash
            end_read_transaction()  # no write lock held through argon2
            if not verify_password(stored, password.current_password.data):
                password.current_password.errors.append(_("The current password is not correct."))
            else:
                new_hash = services.hash_new_password(password.password.data)
                services.set_password(current_user, new_hash, reason="account")
                db.session.commit()
                login_user(current_user._get_current_object())  # this session goes on, new token
                flash(
                    _("Your password has been changed. Other sessions have been logged out."),
                    "success",
                )
                return redirect(url_for("auth.account"))
    return render_template(
        "auth/account.html",
        profile=profile,
        password=password,
        remaining_codes=totp.remaining_recovery_codes(current_user)
        if current_user.has_second_factor
        else 0,
    )


@bp.route("/account/second-factor", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def setup_second_factor():
    if current_user.has_second_factor:
        return redirect(url_for("auth.account"))
    secret = session.get(ENROL_KEY)
    if not secret:
        secret = session[ENROL_KEY] = totp.new_secret()
    form = EnrolForm()
    if form.validate_on_submit():
        codes = totp.enable(current_user, secret, form.code.data)
        if codes is None:
            form.code.errors.append(
                _(
                    "This code does not match. Check the time on your phone "
                    "and try the current code."
                )
            )
        else:
            session.pop(ENROL_KEY, None)
            audit.record("second_factor.enabled", actor=current_user, obj=current_user)
            db.session.commit()
            flash(_("Second factor is active."), "success")
            return render_template("auth/recovery_codes.html", codes=codes)
    uri = totp.provisioning_uri(current_user, secret)
    return render_template(
        "auth/setup_second_factor.html",
        form=form,
        qr=totp.qr_svg(uri, _("QR code for your authenticator app")),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        required=current_user.needs_second_factor,
    )


@bp.route("/account/recovery-codes", methods=["POST"])
@limiter.limit("20 per minute")
def new_recovery_codes():
    form = SecondFactorForm()
    if form.validate_on_submit() and totp.verify(current_user, form.code.data) == "totp":
        codes = totp.new_recovery_codes(current_user)
        audit.record("second_factor.recovery_codes_renewed", actor=current_user, obj=current_user)
        db.session.commit()
        return render_template("auth/recovery_codes.html", codes=codes)
    db.session.rollback()
    flash(_("New recovery codes need the current code from your authenticator app."), "danger")
    return redirect(url_for("auth.account"))


@bp.route("/account/second-factor/disable", methods=["POST"])
def disable_second_factor():
    form = SecondFactorForm()
    if current_user.needs_second_factor:
        flash(_("Your role requires a second factor; it cannot be switched off."), "danger")
        return redirect(url_for("auth.account"))
    if form.validate_on_submit() and totp.verify(current_user, form.code.data):
        totp.disable(current_user)
        audit.record("second_factor.disabled", actor=current_user, obj=current_user)
        db.session.commit()
        flash(_("Second factor switched off."), "success")
    else:
        db.session.rollback()
        flash(_("Switching off needs a valid code."), "danger")
    return redirect(url_for("auth.account"))
