"""What the process form offers: the municipality's team as contact persons, the
self-check fields of action of the network's rounds, and the next phase date."""

from datetime import date

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..network.models import Membership
from ..permissions import TEAM_ROLES
from ..selfcheck.display import tr
from ..selfcheck.models import Questionnaire, Round


def team(municipality) -> list[User]:
    """The municipality's team (member, lead, official), each person once, by name."""
    return list(db.session.scalars(
        select(User).join(Membership, Membership.user_id == User.id)
        .where(Membership.municipality_id == municipality.id, Membership.role.in_(TEAM_ROLES))
        .distinct().order_by(User.name, User.id)
    ))


def dimensions(municipality) -> dict[str, str]:
    """{dimension key: title} of the questionnaires the network's rounds use (newest
    round first); without rounds, those of the newest questionnaire loaded."""
    questionnaires = list(db.session.scalars(
        select(Questionnaire).join(Round, Round.questionnaire_id == Questionnaire.id)
        .where(Round.network_id == municipality.network_id)
        .order_by(Round.opens_on.desc(), Round.id.desc())
    ))
    if not questionnaires:
        newest = db.session.scalar(
            select(Questionnaire).order_by(Questionnaire.loaded_at.desc(), Questionnaire.id.desc()).limit(1)
        )
        questionnaires = [newest] if newest else []
    found: dict[str, str] = {}
    for questionnaire in questionnaires:
        for dim in questionnaire.dimensions:
            found.setdefault(dim["key"], tr(dim.get("title")) or dim["key"])
    return found


def next_phase(process, today: date | None = None):
    """The first phase that starts today or later, else None."""
    today = today or date.today()
    upcoming = [p for p in process.phases if p.starts_on and p.starts_on >= today]
    return min(upcoming, key=lambda p: p.starts_on) if upcoming else None
