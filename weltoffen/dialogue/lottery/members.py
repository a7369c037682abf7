"""After the selection: the panel's seats. Each selected person is invited – by mail
when they gave an address, else in a letter – with a personal answer code (a link and
a QR code); they answer on the public answer page, or the organisers mark what they
said on the phone: confirmed, declined, no answer. For those who declined or did not
answer, replacements are drawn by the same library with the remaining members fixed
(selection.replacements), so the panel stays within its targets; each replacement's
seat points to the seat it fills. Seats hold registrant ids and states only; the
answer code is sealed like everything else about a person."""

from datetime import UTC, datetime

from sqlalchemy import delete, select

from ... import audit
from ...extensions import db
from . import registration, services
from . import selection_types as types
from .models import Invitation, Lottery, PanelMember, Registrant, SelectionRun

#: States whose seat may be filled by a replacement.
REPLACEABLE = ("declined", "no_answer")
#: States an organiser may set (the invitation sets "invited").
MARKS = ("confirmed", "declined", "no_answer")


def members_of(lottery: Lottery) -> list[PanelMember]:
    """Every seat ever held, in the panel's order (a replacement after the seat it fills)."""
    return list(db.session.scalars(select(PanelMember).where(PanelMember.lottery_id == lottery.id)
                                   .order_by(PanelMember.position, PanelMember.id)))


def current(lottery: Lottery) -> list[PanelMember]:
    """The seats as they stand: members whose seat no replacement has taken over."""
    members = members_of(lottery)
    replaced = {m.replaces_id for m in members if m.replaces_id}
    return [m for m in members if m.id not in replaced]


def invited_any(lottery: Lottery) -> bool:
    return db.session.scalar(select(PanelMember.id).where(
        PanelMember.lottery_id == lottery.id, PanelMember.invited_at.is_not(None)).limit(1)) is not None


def seat_panel(lottery: Lottery, run: SelectionRun, panel: list[str]) -> None:
    """The seats of a new panel (those of an earlier, never invited panel go)."""
    if invited_any(lottery):
        raise services.LotteryError("the panel has been invited; it cannot be selected again")
    db.session.execute(delete(PanelMember).where(PanelMember.lottery_id == lottery.id))
    db.session.add_all([PanelMember(lottery_id=lottery.id, run_id=run.id, registrant_id=int(rid), position=n)
                        for n, rid in enumerate(panel, start=1)])
    db.session.flush()


def replaceable(lottery: Lottery) -> list[PanelMember]:
    return [m for m in current(lottery) if m.state in REPLACEABLE]


def panel_run(lottery: Lottery) -> SelectionRun | None:
    """The run the seats come from (the latest panel run that is done)."""
    return db.session.scalar(select(SelectionRun).where(
        SelectionRun.lottery_id == lottery.id, SelectionRun.kind == "panel", SelectionRun.status == "done")
        .order_by(SelectionRun.id.desc()).limit(1))


def is_replaced(member: PanelMember) -> bool:
    """A replacement has taken over this member's seat."""
    return db.session.scalar(select(PanelMember.id).where(PanelMember.replaces_id == member.id)) is not None


def mark(member: PanelMember, state: str, user=None) -> None:
    """Record an answer; a replaced member's seat is no longer theirs to answer for."""
    if state not in MARKS:
        raise ValueError(f"unknown state {state!r}")
    if is_replaced(member):
        raise services.LotteryError("this seat has been filled by a replacement")
    member.state, member.answered_at = state, datetime.now(UTC)
    lottery = db.session.get(Lottery, member.lottery_id)
    audit.record("dialogue.lottery_member_answered", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, member=member.id, state=state)
    db.session.flush()


# --- invitations and answers -------------------------------------------------------


def contact_of(lottery: Lottery, member: PanelMember) -> dict:
    """Name, e-mail and postal address of a member (from the registration, and from the
    invitation letter's address where they registered with a code); {} once shredded."""
    registrant = db.session.get(Registrant, member.registrant_id)
    details = registration.details_of(lottery, registrant) if registrant else None
    if not details:
        return {}
    out = {"name": details.get("name", ""), "email": details.get("email", ""), "phone": details.get("phone", ""),
           "street": details.get("street", ""), "postcode": details.get("postcode", ""), "city": ""}
    invitation = db.session.get(Invitation, registrant.invitation_id) if registrant.invitation_id else None
    if invitation is not None and invitation.sealed is not None:
        data = services.invitation_data(lottery, invitation)
        out.update(street=data["street"], postcode=data["postcode"], city=data.get("city", ""))
    return out


def answer_code(lottery: Lottery, member: PanelMember) -> str | None:
    if member.sealed is None:
        return None
    return services.unseal_json(lottery, member.sealed, f"member:{member.id}")["code"]


def invite(lottery: Lottery, user) -> list[tuple[PanelMember, dict, str]]:
    """Invite every seat not yet invited: a personal answer code each, the channel mail
    when there is an e-mail address, else letter. Returns (member, contact, code) for
    the caller to send the mails (after the commit) – the letters come from letter_recipients."""
    out = []
    now = datetime.now(UTC)
    for member in current(lottery):
        if member.invited_at is not None:
            continue
        contact = contact_of(lottery, member)
        code = services.new_code()
        member.answer_hash = services.code_hash(code)
        member.sealed = services.seal_json(lottery, {"code": code}, f"member:{member.id}")
        member.channel = "mail" if contact.get("email") else "letter"
        member.state, member.invited_at = "invited", now
        out.append((member, contact, code))
    db.session.flush()
    if out:
        audit.record("dialogue.lottery_panel_invited", actor=user, obj=lottery.process,
                     municipality_id=lottery.process.municipality_id, mails=sum(m.channel == "mail" for m, *_ in out),
                     letters=sum(m.channel == "letter" for m, *_ in out))
    return out


def for_letters(lottery: Lottery) -> list[tuple[PanelMember, dict, str]]:
    """The invited seats whose invitation goes by letter and who have not answered yet."""
    out = []
    for member in current(lottery):
        if member.channel == "letter" and member.state == "invited":
            code = answer_code(lottery, member)
            if code:
                out.append((member, contact_of(lottery, member), code))
    return out


def by_code(code: str) -> PanelMember | None:
    """The seat an answer code belongs to, while it can still be answered: invited (or
    answered, to change one's mind), not taken over by a replacement, not shredded."""
    normalised = services.normalise_code(code)
    if len(normalised) != services.CODE_LENGTH:
        return None
    member = db.session.scalar(select(PanelMember).where(PanelMember.answer_hash == services.code_hash(normalised)))
    if member is None or member.invited_at is None or member.sealed is None or is_replaced(member):
        return None
    return member


# --- replacements --------------------------------------------------------------------


def replacement_input(lottery: Lottery, run: SelectionRun, pool: list[types.Candidate]):
    """(candidates, panel ids, declined ids) for selection.replacements: everyone who
    ever held a seat is out of the pool except the members who remain."""
    members = current(lottery)
    seats = {m.id for m in members if m.id in set(run.replacing) and m.state in REPLACEABLE}
    if not seats:
        raise ValueError("The seats to fill have been answered for or filled meanwhile.")
    remaining = [str(m.registrant_id) for m in members if m.id not in seats]
    declined = [str(m.registrant_id) for m in members if m.id in seats]
    ever = {str(m.registrant_id) for m in members_of(lottery)}
    candidates = [c for c in pool if c.id not in ever or c.id in set(remaining)]
    return candidates, remaining + declined, declined


def seat_replacements(lottery: Lottery, run: SelectionRun, chosen: list[str]) -> None:
    """Each chosen person takes the seat of one who declined, in the panel's order."""
    members = current(lottery)
    seats = [m for m in members if m.id in set(run.replacing) and m.state in REPLACEABLE]
    for member, rid in zip(seats, chosen, strict=True):
        db.session.add(PanelMember(lottery_id=lottery.id, run_id=run.id, registrant_id=int(rid),
                                   position=member.position, replaces_id=member.id))
    db.session.flush()


def composition(lottery: Lottery, targets: dict, pool: list[types.Candidate]) -> dict:
    """{feature: {value: [min, max, seats]}} of the panel as it stands."""
    by_id = {c.id: c for c in pool}
    held = [by_id[str(m.registrant_id)] for m in current(lottery) if str(m.registrant_id) in by_id]
    out = {}
    for feature, values in targets.items():
        out[feature] = {v: [q[0], q[1], sum(1 for c in held if c.features.get(feature) == v)]
                        for v, q in values.items()}
    return out
