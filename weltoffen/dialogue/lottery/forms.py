"""Forms of stage 1: the organisers, the register upload, the draw, and the letter."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ...platform.web.forms import choices
from ..forms import CheckboxListField, DayField, WholeNumberField
from ..labels import AGE_BAND_LABELS
from ..models import AGE_BANDS
from ..reach_forms import PercentField

#: At most this many invitations in one draw (Germany's largest cities invite a few thousand).
MAX_INVITATIONS = 20_000


class OrganisersForm(FlaskForm):
    organisers = CheckboxListField(_l("Organisers"), choices=[],
                                   description=_l("Only they can read names, addresses and registrations, "
                                                  "and only with a second factor."))


class RegisterForm(FlaskForm):
    file = FileField(
        _l("CSV extract of the population register"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        description=_l("One row per person; the columns are described below. The file is sealed right away and "
                       "shredded as soon as the letters are produced."),
        render_kw={"accept": ".csv,text/csv"},
    )


class DrawForm(FlaskForm):
    invitations = WholeNumberField(
        _l("Number of invitations"),
        validators=[InputRequired(_l("Enter how many letters to send.")),
                    NumberRange(min=1, max=MAX_INVITATIONS,
                                message=_l("Between 1 and %(max)d invitations.", max=MAX_INVITATIONS))],
        description=_l("Usually 5 to 10 in 100 of those invited register; for 60 members invite about 2,000."),
    )
    mode = RadioField(_l("How to draw"), default="stratified", choices=choices([
        ("simple", _l("Simple: every person has the same chance")),
        ("stratified", _l("Stratified by district and age band, with more letters for groups that answer less")),
    ]))
    one_per_household = BooleanField(_l("At most one person per household"), default=True)
    seed_source = RadioField(_l("Chance"), default="random", choices=choices([
        ("random", _l("A random seed chosen by the computer (recorded)")),
        ("public", _l("Numbers drawn at a public event")),
    ]))
    public_numbers = StringField(
        _l("Numbers from the public draw"), validators=[Optional(), Length(max=200)],
        description=_l("For example: 17 4 23 8 42. Anyone can repeat the draw with the same numbers."),
    )

    def factor_fields(self):
        return [getattr(self, f"factor_{band}") for band in AGE_BANDS]

    def factors(self) -> dict[str, float]:
        return {band: getattr(self, f"factor_{band}").data or 1.0 for band in AGE_BANDS}

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.seed_source.data == "public" and not (self.public_numbers.data or "").strip():
            self.public_numbers.errors = [*self.public_numbers.errors, _("Enter the numbers drawn at the event.")]
            ok = False
        return ok


for _band in AGE_BANDS:  # one oversampling factor per age band
    setattr(DrawForm, f"factor_{_band}", PercentField(
        AGE_BAND_LABELS[_band], default=1.5 if _band == "18_29" else 1.0,
        validators=[Optional(), NumberRange(min=1.0, max=5.0, message=_l("A factor from 1 to 5."))]))


class LetterForm(FlaskForm):
    letter_subject = StringField(_l("Subject"), validators=[InputRequired(_l("Enter a subject.")), Length(max=200)])
    letter_body = TextAreaField(
        _l("Letter"), validators=[InputRequired(_l("Enter the text of the letter.")), Length(max=6000)],
        render_kw={"rows": 12},
        description=_l("Paragraphs separated by a blank line; {name} becomes the person's name. The code, the "
                       "address of the registration page and the QR code are added below the text."),
    )
    second_language = StringField(_l("Second language (optional)"), validators=[Length(max=40)],
                                  description=_l("For example: Türkçe"))
    second_language_body = TextAreaField(_l("Text in the second language"), validators=[Length(max=2000)],
                                         render_kw={"rows": 4})
    consent_text = TextAreaField(
        _l("Information under the GDPR"), validators=[InputRequired(_l("Enter the information text.")),
                                                      Length(max=8000)],
        render_kw={"rows": 8},
        description=_l("Shown on the registration page before anyone gives their details."),
    )
    registration_until = DayField(_l("Registration open until"), validators=[Optional()],
                                  description=_l("The letter asks people to register by this day."))
    retention_days = WholeNumberField(
        _l("Delete registrations after the last session (days)"), default=90,
        validators=[InputRequired(_l("Enter a number of days.")),
                    NumberRange(min=0, max=730, message=_l("Between 0 and 730 days."))],
    )
