from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from ..platform.web.forms import language_field, new_password_fields

ONE_TIME_CODE = {"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class SecondFactorForm(FlaskForm):
    code = StringField(
        _l("Code from your authenticator app or a recovery code"),
        validators=[DataRequired(), Length(max=20)],
        render_kw=ONE_TIME_CODE,
    )


class EnrolForm(FlaskForm):
    code = StringField(
        _l("Six-digit code shown in the app"),
        validators=[DataRequired(), Length(max=10)],
        render_kw=ONE_TIME_CODE,
    )


class AcceptInvitationForm(FlaskForm):
    name = StringField(
        _l("Your name"),
        validators=[DataRequired(), Length(max=120)],
        render_kw={"autocomplete": "name"},
    )
    password, confirm = new_password_fields()
    language = language_field()


class ResetRequestForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
        render_kw={"autocomplete": "email"},
    )


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class ProfileForm(FlaskForm):
    name = StringField(
        _l("Name"), validators=[DataRequired(), Length(max=120)], render_kw={"autocomplete": "name"}
    )
    language = language_field()


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired()],
        render_kw={"autocomplete": "current-password"},
    )
    password, confirm = new_password_fields()


class InviteForm(FlaskForm):
    email = EmailField(
        _l("E-mail address"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = SelectField(_l("Role"), validators=[DataRequired()])
