"""Forms of the practice library: a practice, a review decision, an adoption and
its outcome. Choices (municipalities, dimensions) are set by the views."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ...platform.web.forms import choices

FIELD_MAX = 8000


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _text(label, description, required=True):
    validators = [DataRequired(), Length(max=FIELD_MAX)] if required else [Length(max=FIELD_MAX)]
    return TextAreaField(label, validators=validators, description=description, render_kw={"rows": 6})


class PracticeForm(FlaskForm):
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[InputRequired()])
    title = StringField(
        _l("Title"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("For example: Citizens’ assembly chosen by lot"),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=1000)],
        description=_l("Two or three sentences: what you did and what came of it. It opens the discussion."),
        render_kw={"rows": 3},
    )
    initial_situation = _text(_l("Initial situation"), _l("Which problem or occasion led to it?"))
    approach = _text(_l("Approach"), _l("What did you do, step by step, and who took part?"))
    resources = _text(_l("Resources and costs"), _l("Staff time, budget, partners, premises."))
    results = _text(
        _l("Results"), _l("What changed? Give figures where you can (participants, time, money, ratings).")
    )
    transfer = _text(
        _l("What it takes to transfer it"),
        _l("What must another municipality have or decide to do the same?"),
    )
    contact = StringField(
        _l("Contact person"),
        validators=[DataRequired(), Length(max=500)],
        description=_l("Name, office and a way to reach them."),
    )
    dimensions = CheckboxListField(_l("Fields of action it serves"))

    def validate_dimensions(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one field of action."))

    def text_fields(self) -> dict:
        return {
            name: getattr(self, name).data or ""
            for name in ("initial_situation", "approach", "resources", "results", "transfer", "contact")
        }


DECISION_LABELS = {
    "published": _l("Publish"),
    "changes_requested": _l("Send back for changes"),
    "rejected": _l("Reject"),
}


class ReviewForm(FlaskForm):
    decision = RadioField(
        _l("Decision"), choices=choices(DECISION_LABELS.items()), validators=[InputRequired()]
    )
    note = TextAreaField(
        _l("Note to the authors"),
        validators=[Length(max=2000)],
        description=_l("Required when you send the practice back or reject it."),
        render_kw={"rows": 4},
    )

    def validate_note(self, field):
        if self.decision.data in ("changes_requested", "rejected") and not (field.data or "").strip():
            raise ValidationError(_l("Tell the authors what to change or why it is rejected."))


class AdoptForm(FlaskForm):
    municipality = SelectField(_l("Municipality"), coerce=int, validators=[InputRequired()])


class OutcomeForm(FlaskForm):
    outcome = TextAreaField(
        _l("How did it go?"),
        validators=[Length(max=2000)],
        description=_l("A few sentences for others: what worked, what you changed, what came of it."),
        render_kw={"rows": 3},
    )
