from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..platform.web.forms import choices
from .display import ADVICE_LABELS, MEASURE_LABELS


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class RoundForm(FlaskForm):
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: Self-check 2027"),
    )
    questionnaire = SelectField(
        _l("Questionnaire version"), coerce=int, validators=[InputRequired()]
    )
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    deadline = DateField(_l("Deadline"), validators=[InputRequired()])
    all_municipalities = BooleanField(
        _l("All municipalities of the network take part"), default=True
    )
    municipalities = CheckboxListField(_l("Participating municipalities"), coerce=int)

    def validate_deadline(self, field):
        if self.opens_on.data and field.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The deadline must not be before the opening day."))

    def validate_municipalities(self, field):
        if not self.all_municipalities.data and not field.data:
            raise ValidationError(_l("Choose at least one municipality."))


class ExtendForm(FlaskForm):
    deadline = DateField(_l("New deadline"), validators=[InputRequired()])


class ReopenForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for reopening"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("The team and the audit log see this reason."),
    )


class SubmitForm(FlaskForm):
    confirm = BooleanField(
        _l("I understand: once submitted, the answers are locked, and only the network coordination can "
           "reopen the self-check."),
        validators=[DataRequired(_l("Confirm that you want to submit the self-check for good."))],
    )


class ReopenRequestForm(FlaskForm):
    reason = TextAreaField(
        _l("What needs to change?"),
        validators=[DataRequired(_l("Say what needs to change, so the coordination can decide.")), Length(max=1000)],
        description=_l("The network coordination is told by e-mail and decides whether to reopen."),
    )


class CommentForm(FlaskForm):
    text = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=2000)])


class AdviceForm(FlaskForm):
    dimension = SelectField(_l("Field of action"), validators=[InputRequired()])
    message = TextAreaField(
        _l("What would you like advice on?"),
        validators=[DataRequired(), Length(max=4000)],
        description=_l(
            "Describe your situation and question; the network coordination answers here."
        ),
    )


class AdviceAnswerForm(FlaskForm):
    status = SelectField(
        _l("Status"), choices=choices(ADVICE_LABELS.items()), validators=[InputRequired()]
    )
    answer = TextAreaField(
        _l("Answer to the municipality"),
        validators=[Optional(), Length(max=8000)],
        description=_l("Saving an answer marks the request as answered."),
    )


class MeasureForm(FlaskForm):
    dimension = SelectField(_l("Field of action"), validators=[InputRequired()])
    title = StringField(_l("Measure"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=4000)])
    #: 0 = nobody of the team chosen; the choices are the municipality's team (plan_views).
    owner_id = SelectField(
        _l("Responsible person"),
        coerce=int,
        default=0,
        description=_l("A member of the team; they get a reminder before the due date."),
    )
    owner = StringField(
        _l("Or a department"),
        validators=[Optional(), Length(max=120)],
        description=_l("For example: Youth office"),
    )
    due_on = DateField(
        _l("Due date"),
        validators=[Optional()],
        render_kw={"autocomplete": "off"},
    )
    status = SelectField(
        _l("Status"), choices=choices(MEASURE_LABELS.items()), validators=[InputRequired()]
    )
    #: The due date stored before this edit (None when creating): only a changed date
    #: must not lie in the past.
    previous_due_on = None

    def validate_due_on(self, field):
        if field.data is None:
            if field.raw_data and field.raw_data[0].strip():
                field.errors.clear()  # WTForms' own "Not a valid date value" is untranslated
                raise ValidationError(_l("Enter a real date, for example 2027-03-31."))
            return
        if field.data < date.today() and field.data != self.previous_due_on:
            raise ValidationError(_l("The due date must not be in the past."))
