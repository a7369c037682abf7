from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..extensions import db
from ..platform.web.forms import choices
from . import validation
from .labels import KIND_LABELS, ROLE_LABELS
from .models import KINDS, MUNICIPAL_ROLES, STATES, Municipality, Network


class NetworkForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])

    def __init__(self, *args, network: Network | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._network = network

    def validate_name(self, field):
        clash = db.session.scalar(select(Network).where(Network.name == field.data.strip()))
        if clash is not None and clash is not self._network:
            raise ValidationError(_l("A network with this name exists already."))


class MunicipalityForm(FlaskForm):
    ags = StringField(
        _l("Official municipality key (AGS)"),
        validators=[DataRequired(), Length(max=12)],
        description=_l("8 digits, e.g. 05911000 for Bochum."),
        render_kw={"inputmode": "numeric"},
    )
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    state = SelectField(
        _l("Federal state"), choices=choices(STATES.items()), validators=[InputRequired()]
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices((k, KIND_LABELS[k]) for k in KINDS),
        validators=[InputRequired()],
    )
    population = IntegerField(
        _l("Population"),
        validators=[DataRequired(), NumberRange(min=1, max=validation.MAX_POPULATION)],
    )
    foreign_born_share = DecimalField(
        _l("Share of foreign-born residents (percent)"),
        places=1,
        validators=[DataRequired(), NumberRange(min=0, max=100)],
    )

    def __init__(self, *args, municipality: Municipality | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._municipality = municipality

    def validate_ags(self, field):
        value, error = validation.parse_ags(field.data, self.state.data or None)
        if error:
            raise ValidationError(error)
        field.data = value
        clash = db.session.scalar(select(Municipality).where(Municipality.ags == value))
        if clash is not None and clash is not self._municipality:
            raise ValidationError(_l("Another municipality has this AGS already."))

    def validate(self, extra_validators=None):
        if not super().validate(extra_validators):
            return False
        errors = validation.check_consistency(self.ags.data, self.state.data, self.kind.data)
        self.ags.errors = list(self.ags.errors) + errors
        return not errors


class ImportForm(FlaskForm):
    network = SelectField(_l("Network"), coerce=int, validators=[InputRequired()])
    file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        description=_l(
            "Columns: ags, name, state, kind, population, foreign_born_share "
            "(German headers and ; as separator work too)."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )


class UserAdminForm(FlaskForm):
    network_role = SelectField(
        _l("Network role"),
        choices=choices(
            [("", _l("none"))] + [(r, ROLE_LABELS[r]) for r in ("coordinator", "admin")]
        ),
    )
    network = SelectField(_l("Network (for coordinators)"), coerce=int, validate_choice=False)
    active = BooleanField(_l("Account active"))

    def validate_network(self, field):
        if self.network_role.data == "coordinator" and not field.data:
            raise ValidationError(_l("A coordinator needs a network."))


class AddMemberForm(FlaskForm):
    email = EmailField(
        _l("E-mail address of an existing account"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    role = SelectField(_l("Role"), choices=choices((r, ROLE_LABELS[r]) for r in MUNICIPAL_ROLES))
