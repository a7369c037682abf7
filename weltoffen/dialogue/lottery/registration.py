"""Registration of the people invited by letter: the personal code opens the form once;
what a person declares (contact details, selection features, needs, availability,
consent) is sealed with the lottery's key; a withdrawal link ends the registration and
destroys the sealed details. Codes and withdrawal tokens are stored only as SHA-256.
Flushes, never commits."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ... import audit
from ...extensions import db
from ...platform.db.columns import utcnow
from . import register as register_csv
from . import services
from .models import Invitation, Lottery, PanelMember, Registrant


@dataclass(frozen=True)
class Opened:
    lottery: Lottery
    invitation: Invitation


def is_open(lottery: Lottery, today: date) -> bool:
    """Letters are out, nothing is shredded, the deadline (if any) has not passed."""
    return (lottery.letters_at is not None and not lottery.shredded
            and (lottery.registration_until is None or today <= lottery.registration_until))


def open_code(code: str, today: date) -> Opened | None:
    """The invitation a code belongs to, if it can still register; None for an unknown,
    used or expired code alike (the caller says the same for all three)."""
    normalised = services.normalise_code(code)
    if len(normalised) != services.CODE_LENGTH:
        return None
    invitation = db.session.scalar(select(Invitation).where(Invitation.code_hash == services.code_hash(normalised)))
    if invitation is None or invitation.state != "invited":
        return None
    lottery = db.session.get(Lottery, invitation.lottery_id)
    if lottery is None or not is_open(lottery, today):
        return None
    return Opened(lottery, invitation)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(lottery: Lottery, invitation: Invitation | None, details: dict, *, source: str,
             entered_by=None) -> tuple[Registrant, str]:
    """Keep a registration; returns it with the withdrawal token (shown once, mailed)."""
    token = secrets.token_urlsafe(32)
    household = ""
    if invitation is not None:
        data = services.invitation_data(lottery, invitation)
        household = services.household_key(lottery, register_csv.household_of(data["street"], data["postcode"]))
        invitation.state = "registered"
    elif details.get("street") and details.get("postcode"):
        household = services.household_key(lottery, register_csv.household_of(details["street"], details["postcode"]))
    registrant = Registrant(lottery_id=lottery.id, invitation_id=invitation.id if invitation else None,
                            source=source, household=household, withdraw_hash=_token_hash(token),
                            entered_by_id=entered_by.id if entered_by else None)
    db.session.add(registrant)
    db.session.flush()
    registrant.sealed = services.seal_json(lottery, details, f"registrant:{registrant.id}")
    db.session.flush()
    audit.record("dialogue.lottery_registered", actor=entered_by, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, source=source)
    return registrant, token


def details_of(lottery: Lottery, registrant: Registrant) -> dict | None:
    if registrant.sealed is None:
        return None
    return services.unseal_json(lottery, registrant.sealed, f"registrant:{registrant.id}")


def registrant_by_token(token: str) -> Registrant | None:
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(Registrant).where(Registrant.withdraw_hash == _token_hash(token)))


def withdraw(registrant: Registrant, actor=None) -> None:
    """End a registration: the sealed details are destroyed, the count stays."""
    if registrant.state == "withdrawn":
        return
    registrant.state = "withdrawn"
    registrant.withdrawn_at = utcnow()
    registrant.sealed = None
    # a panel member who withdraws has declined their seat (a replacement can be drawn)
    member = db.session.scalar(select(PanelMember).where(PanelMember.registrant_id == registrant.id))
    if member is not None and member.state not in ("declined", "no_answer"):
        member.state, member.answered_at = "declined", utcnow()
    db.session.flush()
    lottery = db.session.get(Lottery, registrant.lottery_id)
    audit.record("dialogue.lottery_withdrawn", actor=actor, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id)
