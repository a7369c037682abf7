"""The report form (parsed by hand: radio and checkbox groups that re-render exactly
as typed), the timeline and grant forms, and the labels of every choice."""

from datetime import date, time

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..platform.web.forms import choices
from .models import CHANNELS, FORMS, PROSECUTION_STATES, SEVERITIES
from .timeline import CONSEQUENCES, SUPPORT_STATES

FORM_LABELS = {
    "insult": _l("Insult"),
    "defamation": _l("Defamation or slander"),
    "threat": _l("Threat"),
    "coercion": _l("Coercion"),
    "stalking": _l("Stalking"),
    "discrimination": _l("Discrimination"),
    "incitement": _l("Incitement to hatred"),
    "property_vehicle": _l("Damage to a vehicle"),
    "property_campaign": _l("Damage to campaign material"),
    "property_home": _l("Damage to the private home"),
    "property_other": _l("Other property damage"),
    "physical_crowding": _l("Crowding or hemming in"),
    "physical_hitting": _l("Hitting or kicking"),
    "physical_shoving": _l("Shoving"),
    "physical_object": _l("Attack with an object"),
    "physical_other": _l("Other physical attack"),
    "online_hate": _l("Hate posts on the internet"),
}
#: The forms grouped as in KoMo: (legend, forms).
FORM_GROUPS = (
    (_l("Spoken or written"), FORMS[:7]),
    (_l("Property damage"), tuple(f for f in FORMS if f.startswith("property_"))),
    (_l("Physical attack"), tuple(f for f in FORMS if f.startswith("physical_"))),
    (_l("Online"), ("online_hate",)),
)
CHANNEL_LABELS = {
    "in_person": _l("In person"),
    "letter": _l("Letter"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "social_media": _l("Social media"),
    "event": _l("At an event"),
    "other": _l("Other"),
}
TARGET_LABELS = {
    "official": _l("Me in my office"),
    "family": _l("My family"),
    "staff": _l("Staff"),
    "property": _l("Property"),
}
PERPETRATOR_LABELS = {"unknown": _l("Unknown"), "known": _l("Known (partly)")}
MOTIVE_LABELS = {
    "public_person": _l("As a public person"),
    "party_member": _l("As a party member"),
    "local_issues": _l("Because of local issues"),
    "general_politics": _l("Because of general politics"),
    "personal_traits": _l("Because of personal traits"),
    "family": _l("Because of my family"),
}
SEVERITY_LABELS = (
    (_l("Mass mailing"), _l("The same message to many recipients, not aimed at me alone.")),
    (_l("Hurtful behaviour"), _l("Insults, defamation or hostility aimed at me or those close to me.")),
    (_l("Threat"), _l("Someone threatened harm, in words, writing or gestures.")),
    (_l("Targeted property damage"), _l("Something of mine or of those close to me was damaged on purpose.")),
    (_l("Attack"), _l("Someone used physical force, without causing serious injury.")),
    (_l("Extreme violence"), _l("An attack that could cause serious injury or death.")),
)
ENTRY_LABELS = {
    "note": _l("Note"),
    "police_contact": _l("Contact with the police"),
    "complaint_filed": _l("Criminal complaint filed"),
    "deadline": _l("Deadline"),
    "prosecution": _l("Prosecution status"),
    "support": _l("Support"),
    "consequence": _l("Consequences for me"),
}
PROSECUTION_LABELS = {
    "pending": _l("Pending"),
    "convicted": _l("Convicted"),
    "not_convicted": _l("Not convicted"),
    "dropped": _l("Proceedings dropped"),
}
SUPPORT_LABELS = {"sought": _l("Support sought"), "received": _l("Support received")}
CONSEQUENCE_LABELS = {
    "strain": _l("Mental or physical strain"),
    "changed_behaviour": _l("I changed my behaviour"),
    "considering_quitting": _l("I am considering giving up my office"),
}
RIGHT_LABELS = {"owner": _l("Reporter"), "write": _l("Read and change"), "read": _l("Read")}
STATUS_LABELS = {"draft": _l("Draft"), "open": _l("Open"), "closed": _l("Closed")}

LIMITS = {"description": 10000, "perpetrator": 2000, "platform": 100, "link": 2000}


def _text(formdata, name: str, errors: dict) -> str:
    value = (formdata.get(name) or "").strip().replace("\r\n", "\n")
    if len(value) > LIMITS[name]:
        errors[name] = _l("Use at most %(n)d characters.", n=LIMITS[name])
    return value


def parse_incident(formdata, *, strict: bool) -> tuple[dict, dict]:
    """The sealed contents from a posted report form, and errors {field: message}.
    `strict` (saving the report) requires date, form, channel, severity and description."""
    errors: dict = {}
    contents: dict = {}
    raw_date = (formdata.get("date") or "").strip()
    try:
        day = date.fromisoformat(raw_date) if raw_date else None
        if day and day > date.today():
            errors["date"] = _l("The date must not be in the future.")
        contents["date"] = day.isoformat() if day else ""
    except ValueError:
        errors["date"], contents["date"] = _l("Enter a date such as 2026-05-31."), raw_date[:20]
    raw_time = (formdata.get("time") or "").strip()
    try:
        contents["time"] = time.fromisoformat(raw_time).strftime("%H:%M") if raw_time else ""
    except ValueError:
        errors["time"], contents["time"] = _l("Enter a time such as 18:30."), raw_time[:10]
    for name, allowed in (("form", FORMS), ("channel", CHANNELS), ("perpetrator_known", PERPETRATOR_LABELS)):
        value = formdata.get(name) or ""
        if value and value not in allowed:
            errors[name] = _l("Choose one of the options.")
            value = ""
        contents[name] = value
    contents["targets"] = [t for t in formdata.getlist("targets") if t in TARGET_LABELS]
    contents["motives"] = [m for m in formdata.getlist("motives") if m in MOTIVE_LABELS]
    contents["home_address"] = formdata.get("home_address") == "yes"
    for name in ("platform", "link", "perpetrator", "description"):
        contents[name] = _text(formdata, name, errors)
    if contents["link"] and not contents["link"].startswith(("https://", "http://")):
        errors["link"] = _l("Enter the full address, starting with https://")
    raw_severity = formdata.get("severity") or ""
    contents["severity"] = int(raw_severity) if raw_severity.isdigit() and int(raw_severity) < len(SEVERITIES) \
        else None
    if raw_severity and contents["severity"] is None:
        errors["severity"] = _l("Choose one of the options.")
    if strict:
        required = {
            "date": _l("Enter the date of the incident."),
            "form": _l("Choose what happened."),
            "channel": _l("Choose how it reached you."),
            "severity": _l("Choose how serious it was."),
            "description": _l("Describe briefly what happened."),
        }
        for name, message in required.items():
            if contents.get(name) in ("", None) and name not in errors:
                errors[name] = message
    return contents, errors


def blank_contents() -> dict:
    """A new report: today's date, perpetrator unknown, the rest empty."""
    return {"date": date.today().isoformat(), "time": "", "form": "", "channel": "", "platform": "", "link": "",
            "targets": ["official"], "home_address": False, "perpetrator_known": "unknown", "perpetrator": "",
            "motives": [], "description": "", "severity": None}


class CheckboxListField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EntryForm(FlaskForm):
    kind = SelectField(_l("What do you want to add?"), choices=choices(ENTRY_LABELS.items()),
                       validators=[InputRequired()])
    day = DateField(_l("Date"), validators=[InputRequired()], default=date.today)
    text = TextAreaField(_l("Text"), validators=[Optional(), Length(max=5000)],
                         description=_l("For example what was said, who you spoke to, what you agreed."))
    case_number = StringField(_l("Case number"), validators=[Optional(), Length(max=100)],
                              description=_l("Given by the police or the public prosecutor."))
    authority = StringField(_l("Police station or authority"), validators=[Optional(), Length(max=200)])
    due_on = DateField(_l("Due on"), validators=[Optional()],
                       description=_l("You get a reminder by e-mail shortly before."))
    prosecution = SelectField(_l("Status of the proceedings"),
                              choices=choices([("", "–")] + list(PROSECUTION_LABELS.items())), default="",
                              validate_choice=False)
    support = RadioField(_l("Support"), choices=choices(SUPPORT_LABELS.items()), validate_choice=False)
    organisation = StringField(_l("From whom"), validators=[Optional(), Length(max=200)],
                               description=_l("For example HateAid, the police victim protection, a counsellor."))
    consequences = CheckboxListField(_l("Consequences"), choices=choices(CONSEQUENCE_LABELS.items()))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.kind.data == "deadline" and not self.due_on.data and not self.due_on.errors:
            self.due_on.errors = [*self.due_on.errors, _l("Enter the date of the deadline.")]
            valid = False
        return valid

    def validate_prosecution(self, field):
        if field.data and field.data not in PROSECUTION_STATES:
            raise ValidationError(_l("Choose one of the options."))
        if self.kind.data == "prosecution" and field.data not in PROSECUTION_STATES:
            raise ValidationError(_l("Choose the status of the proceedings."))

    def validate_support(self, field):
        if field.data and field.data not in SUPPORT_STATES:
            raise ValidationError(_l("Choose one of the options."))
        if self.kind.data == "support" and not field.data:
            raise ValidationError(_l("Choose whether you sought or received support."))

    def validate_consequences(self, field):
        if self.kind.data == "consequence" and not field.data:
            raise ValidationError(_l("Choose at least one consequence."))

    def validate_text(self, field):
        if self.kind.data in ("note", "police_contact") and not (field.data or "").strip():
            raise ValidationError(_l("Write a few words for this entry."))

    def data_for(self) -> dict:
        """The sealed part of the entry: only what belongs to its kind."""
        kind = self.kind.data
        data = {"date": self.day.data.isoformat(), "text": (self.text.data or "").strip()}
        if kind in ("complaint_filed", "police_contact", "prosecution"):
            data["case_number"] = (self.case_number.data or "").strip()
            data["authority"] = (self.authority.data or "").strip()
        if kind == "prosecution":
            data["status"] = self.prosecution.data
        if kind == "support":
            data["support"] = self.support.data
            data["organisation"] = (self.organisation.data or "").strip()
        if kind == "consequence":
            data["consequences"] = [c for c in self.consequences.data if c in CONSEQUENCES]
        return data


class GrantForm(FlaskForm):
    user_id = RadioField(_l("Trust person"), coerce=int, validators=[DataRequired()])
    right = RadioField(_l("Right"), choices=choices([("read", _l("Read")), ("write", _l("Read and change"))]),
                       default="read", validators=[InputRequired()])

#: The access log's words for every audited action of an incident (audit.record("incident.…")).
ACTION_LABELS = {
    "incident.created": _l("Started the report"),
    "incident.draft_saved": _l("Saved the draft"),
    "incident.recorded": _l("Saved the report"),
    "incident.updated": _l("Changed the report"),
    "incident.viewed": _l("Viewed"),
    "incident.closed": _l("Closed"),
    "incident.reopened": _l("Reopened"),
    "incident.deleted": _l("Deleted"),
    "incident.purged": _l("Destroyed after the retention period"),
    "incident.granted": _l("Shared with a trust person"),
    "incident.revoked": _l("Stopped sharing"),
    "incident.grant_ended": _l("Sharing ended with the role as trust person"),
    "incident.entry_added": _l("Added a timeline entry"),
    "incident.entry_deleted": _l("Removed a timeline entry"),
    "incident.deadline_reminded": _l("Sent a deadline reminder"),
    "incident.evidence_add": _l("Added evidence"),
    "incident.evidence_delete": _l("Removed evidence"),
    "incident.evidence_download": _l("Downloaded evidence"),
    "incident.export": _l("Exported the dossier or the evidence"),
    "incident.linked": _l("Linked with another incident"),
    "incident.unlinked": _l("Removed a link to another incident"),
}
#: What the access log says for an action missing above, rather than its code.
OTHER_ACTION = _l("Other action")


def action_label(action: str) -> str:
    """An audited action of an incident in words, in the reader's language."""
    return str(ACTION_LABELS.get(action, OTHER_ACTION))
