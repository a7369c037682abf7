"""E-mails of the self-check: advice requests and answers, deadline reminders (also
to municipalities without a submission), reminders before a measure is due."""

from flask import url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..network import services as network_services
from ..permissions import TEAM_ROLES
from ..platform.mail import render_and_send
from .display import tr
from .models import Answer


def _dimension_title(questionnaire, key: str, language: str) -> str:
    with force_locale(language):
        return tr(questionnaire.dimension(key)["title"])


def advice_requested(advice) -> None:
    """Tell the network's coordinators; raises mail.MailError."""
    coordinators = db.session.scalars(
        select(User).where(
            User.network_role == "coordinator",
            User.network_id == advice.municipality.network_id,
            User.active.is_(True),
        )
    )
    link = url_for("selfcheck.advice_detail", advice_id=advice.id, _external=True)
    for user in coordinators:
        render_and_send(
            user.email,
            _l("New advice request"),
            "advice_requested",
            language=user.language,
            advice=advice,
            link=link,
            dimension=_dimension_title(
                advice.submission.questionnaire, advice.dimension_key, user.language
            ),
        )


def _coordinators(network_id: int) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.network_role == "coordinator", User.network_id == network_id, User.active.is_(True))))


def reopen_requested(submission, user, reason: str) -> int:
    """Tell the network's coordinators that a lead asks for reopening; the number told.
    Raises mail.MailError."""
    link = url_for("selfcheck.reopen", submission_id=submission.id, _external=True)
    coordinators = _coordinators(submission.municipality.network_id)
    for coordinator in coordinators:
        render_and_send(coordinator.email, _l("A municipality asks to reopen its self-check"), "reopen_requested",
                        language=coordinator.language, submission=submission, user=user, reason=reason, link=link)
    return len(coordinators)


def advice_answered(advice) -> None:
    user = advice.created_by
    if user is None or not user.active:
        return
    render_and_send(
        user.email,
        _l("Your advice request has been answered"),
        "advice_answered",
        language=user.language,
        advice=advice,
        link=url_for("selfcheck.advice_detail", advice_id=advice.id, _external=True),
        dimension=_dimension_title(
            advice.submission.questionnaire, advice.dimension_key, user.language
        ),
    )


def team_of(municipality_id: int) -> list[User]:
    return network_services.active_people(municipality_id, TEAM_ROLES)


def deadline_reminder(submission) -> int:
    """Remind every team member; returns the number of e-mails sent."""
    link = url_for("selfcheck.submission", submission_id=submission.id, _external=True)
    started = db.session.scalar(select(Answer.id).where(Answer.submission_id == submission.id).limit(1)) is not None
    sent = 0
    for user in team_of(submission.municipality_id):
        render_and_send(
            user.email,
            _l("Reminder: your self-check is due soon"),
            "deadline_reminder",
            language=user.language,
            submission=submission,
            started=started,
            link=link,
        )
        sent += 1
    return sent


def measure_reminder(measure) -> int:
    """Remind the measure's owner – or, without one on the team, the municipality's
    leads – that it is due soon; returns the number of e-mails sent."""
    owner = measure.owner_user
    team = {u.id for u in team_of(measure.municipality_id)}
    if owner is not None and owner.id in team:
        recipients = [owner]
    else:
        recipients = network_services.active_people(measure.municipality_id, ("lead",))
    link = url_for("selfcheck.plan", municipality_id=measure.municipality_id,
                   questionnaire=measure.questionnaire_slug, _external=True) + f"#dim-{measure.dimension_key}"
    for user in recipients:
        render_and_send(user.email, _l("Reminder: a measure of your action plan is due soon"), "measure_reminder",
                        language=user.language, measure=measure, owner=user if user is owner else None,
                        link=link)
    return len(recipients)
