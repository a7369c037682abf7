"""Forms of the recommendation pages: a recommendation with its vote, a response, a
progress update. Rules that need the database are checked by accountability.py."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from ..platform.web.forms import choices
from .accountability_models import REASON_REQUIRED
from .labels import RESPONSE_LABELS

_VOTES = [Optional(), NumberRange(min=0, message=_l("Votes cannot be negative."))]


class RecommendationForm(FlaskForm):
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(min=1, max=9999)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    text = TextAreaField(_l("Text of the recommendation"), validators=[Optional(), Length(max=20000)])
    votes_for = IntegerField(_l("Votes for"), validators=_VOTES)
    votes_against = IntegerField(_l("Votes against"), validators=_VOTES)
    votes_abstain = IntegerField(_l("Abstentions"), validators=_VOTES)
    members_present = IntegerField(
        _l("Members present"), validators=[Optional(), NumberRange(min=0)],
        description=_l("If given, the votes must add up to it."),
    )
    voted_on = DateField(_l("Date of the vote"), validators=[Optional()])
    department = StringField(_l("Responsible department"), validators=[Optional(), Length(max=200)])
    due_on = DateField(
        _l("Response due by"), validators=[Optional()],
        description=_l("Empty: the date of the vote plus the months the mandate gives for a response."),
    )

    def validate_members_present(self, field):
        if field.data is None:
            return
        votes = [f.data for f in (self.votes_for, self.votes_against, self.votes_abstain)]
        if any(v is not None and v < 0 for v in votes):
            return
        if sum(v or 0 for v in votes) != field.data:
            raise ValidationError(_l("Votes for, against and abstentions must add up to the members present."))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in (
            "number", "title", "text", "votes_for", "votes_against", "votes_abstain", "voted_on",
            "department", "due_on")}


class ResponseForm(FlaskForm):
    state = SelectField(_l("Response"), choices=choices(RESPONSE_LABELS.items()), validators=[InputRequired()])
    reason = TextAreaField(
        _l("Reason"), validators=[Optional(), Length(max=20000)],
        description=_l("Required unless the recommendation is adopted."),
    )
    decided_by = StringField(_l("Decided by"), validators=[Optional(), Length(max=200)],
                             description=_l("For example the council or the mayor."))
    decided_on = DateField(_l("Date of the decision"), validators=[InputRequired()])

    def validate_reason(self, field):
        if self.state.data in REASON_REQUIRED and not (field.data or "").strip():
            raise ValidationError(_l("Give a reason for this response."))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ("state", "reason", "decided_by", "decided_on")}


class ProgressForm(FlaskForm):
    percent = IntegerField(_l("Progress in %"), validators=[
        InputRequired(), NumberRange(min=0, max=100, message=_l("Enter a percentage from 0 to 100."))])
    noted_on = DateField(_l("Date"), validators=[InputRequired()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=20000)],
                         description=_l("Required if the progress went down."))

    def values(self) -> dict:
        return {name: getattr(self, name).data for name in ("percent", "noted_on", "note")}
