from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from ...platform.web.forms import choices
from . import attachments

BODY_MAX = 20000
ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.pdf,image/png,image/jpeg,image/gif,image/webp,application/pdf"
AUDIENCE_LABELS = {
    "network": _l("Everyone in the network"),
    "staff": _l("Network coordination only"),
}


def _check_files(form, field):
    uploads = [f for f in field.data or [] if getattr(f, "filename", None)]
    if len(uploads) > attachments.MAX_FILES:
        raise ValidationError(_l("Attach at most %(n)d files.", n=attachments.MAX_FILES))
    problems = []
    for upload in uploads:
        try:
            attachments.check(upload)
        except attachments.AttachmentRejected as exc:
            problems.append(exc.message)
    if problems:
        raise ValidationError(" ".join(problems))


class PostForm(FlaskForm):
    body = TextAreaField(
        _l("Your text"),
        validators=[DataRequired(), Length(max=BODY_MAX)],
        description=_l("Markdown: **bold**, *italic*, > quote, - list. Mention people with @name."),
    )
    municipality = SelectField(_l("Post as"), validators=[Optional()])
    content_warning = BooleanField(_l("Contains abusive language quoted for discussion"))
    files = MultipleFileField(
        _l("Attachments"),
        validators=[Optional(), _check_files],
        description=_l("Images (PNG, JPEG, GIF, WebP) or PDF files, up to %(n)d files.", n=attachments.MAX_FILES),
        render_kw={"accept": ACCEPT},
    )

    def set_municipalities(self, user_name: str, municipalities) -> None:
        """Offer posting as oneself or for one of `municipalities`; drop the field if none."""
        if not municipalities:
            del self.municipality
            return
        self.municipality.choices = choices(
            [("", user_name)] + [(str(m.id), _l("%(name)s for %(municipality)s", name=user_name,
                                                  municipality=m.name)) for m in municipalities]
        )


class TopicForm(PostForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(min=3, max=200)])


class EditPostForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(min=3, max=200)])
    body = TextAreaField(_l("Your text"), validators=[DataRequired(), Length(max=BODY_MAX)])
    content_warning = BooleanField(_l("Contains abusive language quoted for discussion"))


class CategoryForm(FlaskForm):
    title = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=1000)])
    audience = SelectField(
        _l("Visible to"), choices=choices(AUDIENCE_LABELS.items()), validators=[InputRequired()]
    )
