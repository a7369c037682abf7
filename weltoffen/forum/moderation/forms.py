"""Forms of the moderation part: report a post, decide on it, edit with a reason, suspend."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ...platform.web.forms import choices

REPORT_REASON_LABELS = {
    "spam": _l("Spam or advertising"),
    "offensive": _l("Offensive or hurtful"),
    "off_topic": _l("Does not belong here"),
    "other": _l("Something else"),
}
RESOLUTION_LABELS = {"kept": _l("kept"), "hidden": _l("hidden"), "edited": _l("edited")}
HIDDEN_REASON_LABELS = {
    "reports": _l("hidden after several reports, awaiting review"),
    "moderator": _l("hidden by the moderation"),
    "suspended": _l("hidden because the author is suspended"),
}


class ReportForm(FlaskForm):
    reason = RadioField(
        _l("Why are you reporting this post?"),
        choices=choices(REPORT_REASON_LABELS.items()),
        validators=[InputRequired(message=_l("Please choose a reason."))],
    )
    note = TextAreaField(
        _l("Note for the moderators"),
        validators=[Optional(), Length(max=1000)],
        description=_l("Only the network coordination sees your report and this note."),
    )


def _reason_field(label, required=True):
    validators = [DataRequired(message=_l("Please give a reason."))] if required else [Optional()]
    return TextAreaField(
        label,
        validators=[*validators, Length(max=500)],
        description=_l("Written to the audit log."),
    )


class DecisionForm(FlaskForm):
    reason = _reason_field(_l("Reason for your decision"))


class ModeratorEditForm(FlaskForm):
    body = TextAreaField(_l("Text of the post"), validators=[DataRequired(), Length(max=20000)])
    reason = TextAreaField(
        _l("Reason for the change"),
        validators=[DataRequired(message=_l("Please give a reason.")), Length(max=500)],
        description=_l("Shown in the post's history and written to the audit log."),
    )


class SuspendForm(FlaskForm):
    reason = _reason_field(_l("Reason for the suspension"))


class ReinstateForm(FlaskForm):
    reason = _reason_field(_l("Reason for ending the suspension"), required=False)
