"""E-mails sent about accounts (rendered in the recipient's language)."""

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from ..network.labels import ROLE_LABELS
from ..platform.mail import render_and_send


def send_invitation(invitation, token: str, inviter, language: str = "de") -> None:
    """Raises mail.MailError when the SMTP server does not take the message."""
    role = ROLE_LABELS[invitation.role or invitation.network_role]
    place = invitation.municipality.name if invitation.municipality else invitation.network.name
    render_and_send(
        invitation.email,
        _l("Invitation to weltoffen"),
        "invitation",
        language=language,
        inviter=inviter,
        role=role,
        place=place,
        link=url_for("auth.accept_invitation", token=token, _external=True),
        days=current_app.config["INVITATION_DAYS"],
    )


def send_second_factor_reset(user, token: str, actor) -> None:
    """Tell the user their second factor was reset, with a link to a new password.
    Raises mail.MailError."""
    render_and_send(
        user.email,
        _l("Your second factor has been reset"),
        "second_factor_reset",
        language=user.language,
        user=user,
        actor=actor,
        link=url_for("auth.reset_password", token=token, _external=True),
        minutes=current_app.config["PASSWORD_RESET_MINUTES"],
    )
