"""The pages a German public body must have (Impressum, Datenschutzerklärung,
Erklärung zur Barrierefreiheit per BITV 2.0 § 7), linked from every footer. Their text
is the operator's: Markdown files in the instance folder (`instance/legal/<page>.md`),
else the templates beside this module. The accessibility statement carries the
feedback form its § 7 requires; a message reaches the platform admins by mail."""

from pathlib import Path

from flask import abort, current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from sqlalchemy import select
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from .. import audit
from ..auth.models import User
from ..extensions import db, limiter
from ..forum.discussions.rendering import render as render_markdown
from ..permissions import public
from ..platform.mail import MailError, render_and_send
from . import bp

PAGES = {"impressum": _l("Legal notice"), "datenschutz": _l("Privacy policy"),
         "barrierefreiheit": _l("Accessibility statement")}
DEFAULTS = Path(__file__).parent / "legal"


class FeedbackForm(FlaskForm):
    message = TextAreaField(_l("Which barrier did you meet?"),
                            validators=[DataRequired(_l("Describe the barrier.")), Length(max=4000)],
                            description=_l("What did you want to do, and what stood in the way?"))
    page = StringField(_l("On which page?"), validators=[Optional(), Length(max=500)])
    email = StringField(_l("Your e-mail address, if you would like an answer"),
                        validators=[Optional(), Email(_l("Enter a valid e-mail address.")), Length(max=254)])


def text_of(page: str) -> Markup:
    """The operator's text of a legal page (instance/legal/<page>.md), else the template."""
    own = Path(current_app.instance_path) / "legal" / f"{page}.md"
    source = own if own.is_file() else DEFAULTS / f"{page}.md"
    return Markup(render_markdown(source.read_text(encoding="utf-8")))  # noqa: S704 - sanitised by nh3


def _page(page: str, form=None, status: int = 200, sent: bool = False):
    response = current_app.make_response((render_template(
        "home/legal.html", page=page, title=PAGES[page], text=text_of(page), form=form, sent=sent), status))
    # the statement carries a form with a CSRF token: never kept by a shared cache
    response.headers["Cache-Control"] = "private, no-store" if form is not None else "public, max-age=300"
    return response


@bp.route("/<any(impressum, datenschutz, barrierefreiheit):page>")
@public
@limiter.limit("60 per minute")
def legal(page: str):
    return _page(page, FeedbackForm() if page == "barrierefreiheit" else None)


@bp.route("/barrierefreiheit", methods=["POST"])
@public
@limiter.limit("5 per hour")
def accessibility_feedback():
    form = FeedbackForm()
    if not form.validate_on_submit():
        return _page("barrierefreiheit", form, 422)
    admins = list(db.session.scalars(select(User).where(User.network_role == "admin", User.active.is_(True))))
    if not admins:
        abort(503)
    audit.record("accessibility.feedback", actor=None, page=(form.page.data or "")[:200])
    try:
        for admin in admins:
            render_and_send(admin.email, _l("Feedback on a barrier in weltoffen"), "accessibility_feedback",
                            language=admin.language, message=form.message.data.strip(),
                            page=(form.page.data or "").strip(), reply_to=(form.email.data or "").strip())
    except MailError:
        db.session.rollback()
        form.message.errors = [_("Your message could not be delivered just now. Please try again later.")]
        return _page("barrierefreiheit", form, 503)
    db.session.commit()
    return _page("barrierefreiheit", FeedbackForm(formdata=None), sent=True)
