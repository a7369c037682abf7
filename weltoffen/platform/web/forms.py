"""Validators and choices shared by forms of several domains."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, SelectChoice, SelectField
from wtforms.validators import DataRequired, EqualTo, InputRequired, ValidationError

LANGUAGES = {"de": "Deutsch", "en": "English"}


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; labels may be lazy translations."""
    return [SelectChoice(value, label) for value, label in pairs]


class PasswordPolicy:
    """At least PASSWORD_MIN_LENGTH characters, at most 256."""

    def __call__(self, form, field):
        minimum = current_app.config["PASSWORD_MIN_LENGTH"]
        if len(field.data or "") < minimum:
            raise ValidationError(_l("Use at least %(n)d characters.", n=minimum))
        if len(field.data) > 256:
            raise ValidationError(_l("Use at most 256 characters."))


def new_password_fields():
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), PasswordPolicy()],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )
    return password, confirm


def language_field():
    return SelectField(
        _l("Language"), choices=choices(LANGUAGES.items()), validators=[InputRequired()]
    )
