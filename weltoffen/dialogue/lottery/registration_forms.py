"""The public registration: first the personal code, then the form – consent to the
information under the GDPR, contact details, the selection features as the person
declares them, needs and availability."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ...platform.web.forms import choices
from ..forms import CheckboxListField
from ..labels import AGE_BAND_LABELS
from ..models import AGE_BANDS

GENDER_CHOICES = (("female", _l("female")), ("male", _l("male")), ("diverse", _l("diverse")))
EDUCATION_CHOICES = (
    ("low", _l("No school-leaving certificate or Hauptschulabschluss")),
    ("medium", _l("Realschulabschluss (Mittlere Reife) or vocational training")),
    ("high", _l("Abitur, Fachhochschulreife or a university degree")),
)
MIGRATION_CHOICES = (
    ("yes", _l("Yes: I or at least one of my parents came to Germany from another country")),
    ("no", _l("No")),
)
NEEDS = (
    ("step_free", _l("Step-free access")),
    ("childcare", _l("Childcare")),
    ("interpreting", _l("Interpreting (please name the language below)")),
    ("sign_language", _l("Sign-language interpreting")),
    ("travel_costs", _l("Refund of travel costs")),
)


class CodeForm(FlaskForm):
    code = StringField(_l("Your personal code"), validators=[InputRequired(_l("Enter the code from your letter."))],
                       description=_l("16 letters and digits, as printed in your letter, "
                                      "for example ABCD-EFGH-JKLM-NPQR."),
                       render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})


class RegistrationForm(FlaskForm):
    code = HiddenField(validators=[DataRequired()])
    consent = BooleanField(_l("I have read the information on data protection and agree that my details are used "
                              "to select and organise the citizens' assembly."),
                           validators=[DataRequired(_l("Without your consent we cannot register you."))])
    name = StringField(_l("Name"), validators=[InputRequired(_l("Enter your name.")), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-mail"), validators=[Optional(), Email(_l("Enter a valid e-mail address.")),
                                                 Length(max=254)],
                       render_kw={"autocomplete": "email"},
                       description=_l("For the confirmation and the link to withdraw. E-mail or phone is needed."))
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=40)], render_kw={"autocomplete": "tel"})
    age_band = RadioField(_l("Age"), validators=[InputRequired(_l("Choose your age group."))],
                          choices=choices((b, AGE_BAND_LABELS[b]) for b in AGE_BANDS))
    gender = RadioField(_l("Gender"), validators=[InputRequired(_l("Choose an answer."))],
                        choices=choices(GENDER_CHOICES))
    district = SelectField(_l("District you live in"), validators=[InputRequired(_l("Choose your district."))],
                           choices=[])
    education = RadioField(_l("Highest school or vocational qualification"),
                           validators=[InputRequired(_l("Choose an answer."))], choices=choices(EDUCATION_CHOICES))
    migration = RadioField(_l("Migration background"), validators=[InputRequired(_l("Choose an answer."))],
                           choices=choices(MIGRATION_CHOICES))
    needs = CheckboxListField(_l("What you need to take part"), choices=choices(NEEDS))
    language = StringField(_l("Language for interpreting"), validators=[Length(max=80)])
    availability = TextAreaField(_l("Dates you cannot attend"), validators=[Length(max=1000)],
                                 render_kw={"rows": 3})

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if not (self.email.data or "").strip() and not (self.phone.data or "").strip():
            self.email.errors = [*self.email.errors, _("Give an e-mail address or a phone number.")]
            ok = False
        return ok

    def details(self) -> dict:
        """What is sealed."""
        return {
            "name": self.name.data.strip(), "email": (self.email.data or "").strip().lower(),
            "phone": (self.phone.data or "").strip(),
            "features": {"age_band": self.age_band.data, "gender": self.gender.data, "district": self.district.data,
                         "education": self.education.data, "migration": self.migration.data},
            "needs": self.needs.data or [], "language": (self.language.data or "").strip(),
            "availability": (self.availability.data or "").strip(), "consent": True,
        }


class TeamRegistrationForm(RegistrationForm):
    """A registration taken on paper or by phone, entered by an organiser."""

    code = StringField(_l("Code from the letter"), validators=[Optional(), Length(max=40)],
                       description=_l("If the person has it; without a code the registration stands on its own."))
    source = RadioField(_l("Taken"), default="paper", choices=choices((("paper", _l("on paper")),
                                                                       ("phone", _l("by phone")))))
    consent = BooleanField(_l("The person has consented to the information on data protection."),
                           validators=[DataRequired(_l("Without the person's consent the registration cannot be "
                                                       "kept."))])
