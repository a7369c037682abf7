"""The process form: title, question, format, mandate, target groups, the six phases,
budget, responsibility, status, fields of action and, for participatory budgets, the
period and the voters. Choices that depend on the municipality are set by the view."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..platform.web.forms import choices
from . import catalogue
from .labels import PHASE_LABELS, STATUS_LABELS, TARGET_GROUP_LABELS
from .models import PHASES

TEXT_MAX = 4000


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def pre_validate(self, form):
        known = {value for value, *_rest in self.iter_choices()}
        if any(value not in known for value in self.data or []):
            raise ValidationError(_l("Choose one of the options."))


class WholeNumberField(IntegerField):
    """An integer field with the project's own message for what is not a number."""

    def process_formdata(self, valuelist):
        if valuelist and valuelist[0].strip():
            try:
                self.data = int(valuelist[0].strip())
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a whole number, such as 12.")) from None
        else:
            self.data = None


class DayField(DateField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(_l("Enter a date such as 2026-05-31.")) from None


def _end_not_before_start(start_name: str):
    def check(form, field):
        start = form[start_name].data
        if start and field.data and field.data < start:
            raise ValidationError(_l("The end must not be before the start."))
    return check


class ProcessForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)],
                        description=_l("For example: Citizens’ assembly on climate protection"))
    question = TextAreaField(_l("Question put to citizens"), validators=[Length(max=TEXT_MAX)],
                             render_kw={"rows": 3})
    format_key = SelectField(_l("Format"), validate_choice=False)
    status = SelectField(_l("Status"), choices=choices(STATUS_LABELS.items()), validate_choice=False)
    mandate_by = StringField(_l("Commissioned by"), validators=[Length(max=200)],
                             description=_l("For example: the town council, by its decision of 12 March"))
    mandate = TextAreaField(
        _l("What the council or the mayor committed to before it starts"),
        validators=[Length(max=TEXT_MAX)], render_kw={"rows": 4},
        description=_l("For example: every recommendation with at least 80 percent support is implemented "
                       "or answered in council within 3 months."),
    )
    threshold_percent = WholeNumberField(
        _l("Support needed, in percent"),
        validators=[Optional(), NumberRange(0, 100, _l("Enter a number from 0 to 100."))],
        description=_l("Recommendations with at least this support fall under the commitment."),
    )
    response_months = WholeNumberField(
        _l("Months to respond"), validators=[Optional(), NumberRange(0, 120, _l("Enter a number from 0 to 120."))],
    )
    target_groups = CheckboxListField(_l("Target groups"), choices=choices(TARGET_GROUP_LABELS.items()))
    budget_euro = WholeNumberField(
        _l("Budget (in euro)"),
        validators=[Optional(), NumberRange(0, 10**12, _l("Enter an amount of 0 euro or more."))],
    )
    responsible_office = StringField(
        _l("Responsible office"), validators=[Length(max=200)],
        description=_l("Shown publicly: an office, such as “Office for citizen participation”, never a citizen."),
    )
    contact_id = SelectField(_l("Contact person in the team"), validate_choice=False)
    dimension_keys = CheckboxListField(_l("Self-check fields of action it serves"))
    period_start = DayField(_l("Budget period from"), validators=[Optional()])
    period_end = DayField(_l("Budget period until"), validators=[Optional(), _end_not_before_start("period_start")])
    voters = WholeNumberField(
        _l("Number of voters"), validators=[Optional(), NumberRange(0, 10**9, _l("Enter 0 or more."))],
    )

    def validate_format_key(self, field):
        if catalogue.get(field.data or "") is None:
            raise ValidationError(_l("Choose one of the formats."))

    def validate_status(self, field):
        if field.data not in STATUS_LABELS:
            raise ValidationError(_l("Choose one of the options."))

    def validate_contact_id(self, field):
        if (field.data or "") not in {c.value for c in field.choices}:
            raise ValidationError(_l("Choose one of the options."))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        previous = None  # (label, start) of the nearest earlier phase with a start
        for kind in PHASES:
            start = self[f"{kind}_start"]
            if start.errors:
                continue
            if start.data and previous and start.data < previous[1]:
                start.errors = [*start.errors, _l("A phase must not start before the previous phase (%(phase)s).",
                                                  phase=previous[0])]
                valid = False
            if start.data:
                previous = (PHASE_LABELS[kind], start.data)
        return valid

    def phase_fields(self):
        return [(kind, self[f"{kind}_start"], self[f"{kind}_end"]) for kind in PHASES]

    def phases(self) -> dict:
        return {kind: (start.data, end.data) for kind, start, end in self.phase_fields()}

    def values(self) -> dict:
        values = {name: self[name].data for name in (
            "title", "format_key", "status", "threshold_percent", "response_months", "target_groups",
            "dimension_keys", "budget_euro", "period_start", "period_end", "voters")}
        for name in ("question", "mandate_by", "mandate", "responsible_office"):
            values[name] = (self[name].data or "").strip().replace("\r\n", "\n")
        values["title"] = values["title"].strip()
        values["contact_id"] = int(self.contact_id.data) if self.contact_id.data else None
        return values

    def fill(self, process) -> None:
        """Sets the fields from a process (GET of the edit form)."""
        for name in ("title", "question", "format_key", "status", "mandate_by", "mandate", "threshold_percent",
                     "response_months", "target_groups", "dimension_keys", "budget_euro", "responsible_office",
                     "period_start", "period_end", "voters"):
            self[name].data = getattr(process, name)
        self.contact_id.data = str(process.contact_id) if process.contact_id else ""
        for phase in process.phases:
            self[f"{phase.kind}_start"].data = phase.starts_on
            self[f"{phase.kind}_end"].data = phase.ends_on


for _kind in PHASES:
    setattr(ProcessForm, f"{_kind}_start",
            DayField(_l("%(phase)s: start", phase=PHASE_LABELS[_kind]), validators=[Optional()]))
    setattr(ProcessForm, f"{_kind}_end",
            DayField(_l("%(phase)s: end", phase=PHASE_LABELS[_kind]),
                     validators=[Optional(), _end_not_before_start(f"{_kind}_start")]))
