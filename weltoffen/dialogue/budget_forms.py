"""Forms of a participatory budget: the CSV upload and a funded project's implementation."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.validators import DataRequired, NumberRange, Optional

from ..platform.web.forms import choices
from .accountability_models import PROJECT_STATES
from .labels import PROJECT_LABELS


class BudgetImportForm(FlaskForm):
    file = FileField(
        _l("CSV file of the proposals"),
        validators=[FileRequired(_l("Choose a CSV file."))],
        description=_l("Exported from your voting tool, at most 2 MB; the columns are described below."),
        render_kw={"accept": ".csv,text/csv"},
    )


class BudgetConfirmForm(FlaskForm):
    """The confirmation of a previewed upload: the token of the kept file."""

    token = HiddenField(validators=[DataRequired()])


class ProposalForm(FlaskForm):
    funded = BooleanField(_l("Funded"))
    amount_euro = IntegerField(_l("Amount funded (euro)"), validators=[Optional(), NumberRange(
        min=0, max=1_000_000_000, message=_l("Enter an amount of 0 euro or more."))])
    status = SelectField(_l("Implementation status"), choices=[], validators=[Optional()])
    progress_percent = IntegerField(_l("Progress (%)"), validators=[Optional(), NumberRange(
        min=0, max=100, message=_l("Progress lies between 0 and 100 %%."))])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices((s, PROJECT_LABELS[s]) for s in PROJECT_STATES)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.funded.data and self.amount_euro.data is None and not self.amount_euro.errors:
            self.amount_euro.errors.append(_("Enter the amount of a funded project."))
            ok = False
        return ok
