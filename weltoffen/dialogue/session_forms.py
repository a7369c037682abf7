"""The session form: when and where, accessibility, attendance as numbers by target
group (never names), organisations, minutes in Markdown, and the internal safety plan."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from ..platform.web.forms import choices
from .forms import CheckboxListField, DayField, WholeNumberField
from .labels import ACCESSIBILITY_LABELS, TARGET_GROUP_LABELS
from .models import TARGET_GROUPS

MINUTES_MAX = 50_000


class SessionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Length(max=200)],
                        description=_l("For example: First session – getting to know the question"))
    held_on = DayField(_l("Date"), validators=[InputRequired(_l("Enter the date of the session."))])
    time_of_day = StringField(_l("Time"), validators=[Length(max=40)], description=_l("For example: 18:00–21:00"))
    place = StringField(_l("Place"), validators=[Length(max=300)])
    accessibility = CheckboxListField(_l("Accessibility offered"), choices=choices(ACCESSIBILITY_LABELS.items()))
    interpreting_languages = StringField(
        _l("Interpreting languages"), validators=[Length(max=200)],
        description=_l("For example: Turkish, Arabic, German Sign Language"),
    )
    organisations = TextAreaField(_l("Organisations present"), validators=[Length(max=4000)],
                                  render_kw={"rows": 3})
    minutes = TextAreaField(
        _l("Minutes"), validators=[Length(max=MINUTES_MAX)], render_kw={"rows": 10},
        description=_l("You can use Markdown: **bold**, lists with “-”, links. Do not name citizens."),
    )
    is_public_event = BooleanField(_l("Public event"))
    safety_plan = TextAreaField(
        _l("Safety plan (internal)"), validators=[Length(max=8000)], render_kw={"rows": 4},
        description=_l("Stewards, exits, contact with the police. Only the team sees it, never the public page."),
    )

    def attendance_fields(self):
        return [(group, self[f"attendance_{group}"]) for group in TARGET_GROUPS]

    def attendance(self) -> dict:
        return {group: field.data for group, field in self.attendance_fields()}

    def values(self) -> dict:
        values = {name: (self[name].data or "").strip().replace("\r\n", "\n") for name in (
            "title", "time_of_day", "place", "interpreting_languages", "organisations", "minutes", "safety_plan")}
        values.update(held_on=self.held_on.data, accessibility=self.accessibility.data or [],
                      is_public_event=bool(self.is_public_event.data))
        return values

    def fill(self, session, attendance: dict) -> None:
        for name in ("title", "held_on", "time_of_day", "place", "accessibility", "interpreting_languages",
                     "organisations", "minutes", "is_public_event", "safety_plan"):
            self[name].data = getattr(session, name)
        for group, field in self.attendance_fields():
            field.data = attendance.get(group)


for _group in TARGET_GROUPS:
    setattr(SessionForm, f"attendance_{_group}", WholeNumberField(
        TARGET_GROUP_LABELS[_group],
        validators=[Optional(), NumberRange(0, 1_000_000, _l("Enter a number of 0 or more."))],
    ))
