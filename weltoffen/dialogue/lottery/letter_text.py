"""The wording of a lottery's letter and of its information under the GDPR: proposed
from the process (question, municipality, responsible office) until the organisers
save their own, and turned into letters.LetterText for printing."""

from datetime import date

from flask import current_app, request
from flask_babel import force_locale, format_date
from flask_babel import gettext as _
from sqlalchemy import select

from ...extensions import db
from . import letters, services
from .models import Invitation

#: The public registration page; the code follows as ?code=… (the QR code holds both).
REGISTRATION_PATH = "/beteiligung/anmeldung"


def registration_url(code: str | None = None, base: str | None = None) -> str:
    """The address printed in the letter: PUBLIC_BASE_URL (or `base`, or this request's
    host) with the registration path and the code."""
    base = (base or current_app.config.get("PUBLIC_BASE_URL") or request.url_root).rstrip("/")
    return f"{base}{REGISTRATION_PATH}" + (f"?code={code}" if code else "")


def recipients(lottery, base: str | None = None) -> list[letters.Recipient]:
    """Every invitation of the lottery as a letter's recipient, in the order drawn."""
    out = []
    for invitation in db.session.scalars(
            select(Invitation).where(Invitation.lottery_id == lottery.id).order_by(Invitation.position)):
        data = services.invitation_data(lottery, invitation)
        out.append(letters.Recipient(data["name"], data["street"], data["postcode"], data["city"],
                                     services.show_code(data["code"]), registration_url(data["code"], base)))
    return out


def default_subject(process) -> str:
    return _("Invitation to the citizens' assembly “%(title)s”", title=process.title)


def default_body(process) -> str:
    municipality = process.municipality.name
    question = process.question or process.title
    return _(
        "Dear {name},\n\n"
        "%(municipality)s is convening a citizens' assembly on the question: “%(question)s” You have been "
        "drawn by lot from the population register, together with other residents. The assembly should be as "
        "diverse as %(municipality)s itself – your view counts, whatever your age, origin or education.\n\n"
        "The members meet on several days, hear experts and together write recommendations that the council "
        "answers publicly. Participation is voluntary; you receive an allowance, travel costs are refunded, "
        "and we arrange childcare, step-free access and interpreting if you need them.\n\n"
        "If you would like to take part, register with your personal code by the date given on the registration "
        "page. Not everyone who registers can take part: a second draw chooses the members so that they reflect "
        "the population.",
        municipality=municipality, question=question)


def default_consent(process, days: int = 90) -> str:
    office = process.responsible_office or process.municipality.name
    return _(
        "Responsible: %(office)s, %(municipality)s. We use your details only to choose the members of the "
        "citizens' assembly and to organise it (Art. 6 (1) (e) GDPR together with the council's decision). "
        "Your details are encrypted; only the organisers named by the municipality can read them. They are "
        "deleted %(days)d days after the last session at the latest; only figures about groups remain. You can "
        "withdraw your registration at any time with the link in your confirmation e-mail, and you have the "
        "right to access, rectification and erasure, and to lodge a complaint with the data protection "
        "supervisory authority.",
        office=office, municipality=process.municipality.name, days=days)


def form_data(lottery, process) -> dict:
    return {
        "letter_subject": lottery.letter_subject or default_subject(process),
        "letter_body": lottery.letter_body or default_body(process),
        "second_language": lottery.second_language,
        "second_language_body": lottery.second_language_body,
        "consent_text": lottery.consent_text or default_consent(process, lottery.retention_days),
        "retention_days": lottery.retention_days,
        "registration_until": lottery.registration_until,
    }


def save(lottery, form) -> None:
    for name in ("letter_subject", "letter_body", "second_language", "second_language_body", "consent_text"):
        setattr(lottery, name, (form[name].data or "").strip().replace("\r\n", "\n"))
    lottery.retention_days = form.retention_days.data
    lottery.registration_until = form.registration_until.data


def of(lottery, process, today: date) -> letters.LetterText:
    data = form_data(lottery, process)
    municipality = process.municipality.name
    office = process.responsible_office or municipality
    second = None
    if data["second_language"] and data["second_language_body"]:
        second = (data["second_language"], data["second_language_body"])
    with force_locale("de"):  # the letter is German whatever the organiser's screen language
        labels = {"code_label": _("Your personal registration code"), "url_label": _("Register online at"),
                  "qr_label": _("or scan the QR code with your phone")}
    return letters.LetterText(
        **labels,
        sender_line=f"{municipality} · {office}",
        sender_block=[municipality, office],
        place_date=f"{municipality}, {format_date(today, 'long')}",
        subject=data["letter_subject"],
        body=data["letter_body"],
        signature=[office],
        second_language=second,
    )


#: The public page where a selected person answers; the answer code follows as ?code=….
ANSWER_PATH = "/beteiligung/anmeldung/antwort"


def answer_url(code: str | None = None, base: str | None = None) -> str:
    base = (base or current_app.config.get("PUBLIC_BASE_URL") or request.url_root).rstrip("/")
    return f"{base}{ANSWER_PATH}" + (f"?code={code}" if code else "")


def sessions_lines(process) -> list[str]:
    """The sessions, one line each: date, time, place (German in letters, the reader's
    language in mails)."""
    lines = []
    for session in sorted(process.sessions, key=lambda s: s.held_on):
        parts = [format_date(session.held_on, "full"), session.time_of_day, session.place]
        lines.append(", ".join(p for p in parts if p))
    return lines


def selected_text(lottery, process, today: date) -> letters.LetterText:
    """The letter to a selected person without an e-mail address: they have been chosen,
    the sessions, and how to answer (the answer code in the box)."""
    municipality = process.municipality.name
    office = process.responsible_office or municipality
    with force_locale("de"):
        sessions = sessions_lines(process)
        body = _("Dear {name},\n\n"
                 "you registered for the citizens' assembly “%(title)s”, and the second draw has chosen you as "
                 "one of its members. Thank you for being willing to take part!", title=process.title)
        if sessions:
            body += "\n\n" + _("The assembly meets on these days:") + "\n\n" + "\n\n".join(sessions)
        body += "\n\n" + _("Please tell us within two weeks whether you take part: online with the code below, "
                           "or by phone. If you cannot, someone else is drawn in your place so that the assembly "
                           "still reflects the population.")
        text = letters.LetterText(
            sender_line=f"{municipality} · {office}", sender_block=[municipality, office],
            place_date=f"{municipality}, {format_date(today, 'long')}",
            subject=_("You have been chosen for the citizens' assembly “%(title)s”", title=process.title),
            body=body, signature=[office], code_label=_("Your personal answer code"),
            url_label=_("Answer online at"), qr_label=_("or scan the QR code with your phone"))
    return text
