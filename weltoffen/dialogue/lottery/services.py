"""A lottery's life before the panel: created for a citizens' assembly, its data key
wrapped by the master key; the register extract imported and sealed as one blob; N
invitations drawn (draw.py) with a personal registration code each; the register
shredded as soon as the letters are produced. Flushes, never commits; every step that
touches personal data is in the audit log."""

import hashlib
import json
import secrets
from datetime import date

from sqlalchemy import delete, select

from ... import audit, crypto
from ...extensions import db
from ...platform.db.columns import utcnow
from . import draw as draw_mod
from . import register
from .models import Invitation, Lottery, LotteryOrganiser, LotteryRegister

ASSEMBLY_FORMAT = "citizens_assembly"
#: Registration codes: 16 symbols of 32 (80 bits), without 0/O, 1/I.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 16


class LotteryError(ValueError):
    """A step refused in the lottery's current state (the message says why)."""


def lottery_of(process) -> Lottery | None:
    return db.session.scalar(select(Lottery).where(Lottery.process_id == process.id))


def create(process, user) -> Lottery:
    if process.format_key != ASSEMBLY_FORMAT:
        raise LotteryError("only a citizens' assembly draws its members by lot")
    lottery = lottery_of(process)
    if lottery is not None:
        return lottery
    lottery = Lottery(process_id=process.id)
    db.session.add(lottery)
    db.session.flush()
    lottery.wrapped_key = crypto.wrap_key(crypto.new_data_key(), lottery.aad("key"))
    if user is not None:
        lottery.organisers.append(LotteryOrganiser(user_id=user.id, named_by_id=user.id))
    db.session.flush()
    audit.record("dialogue.lottery_created", actor=user, obj=process, municipality_id=process.municipality_id)
    return lottery


# --- sealing ------------------------------------------------------------------------


def _key(lottery: Lottery) -> bytes:
    if lottery.shredded:
        raise LotteryError("the lottery's personal data has been shredded")
    return crypto.unwrap_key(lottery.wrapped_key, lottery.aad("key"))


def seal_bytes(lottery: Lottery, data: bytes, place: str) -> bytes:
    return crypto.seal(data, lottery.aad(place), _key(lottery))


def unseal_bytes(lottery: Lottery, blob: bytes, place: str) -> bytes:
    return crypto.unseal(blob, lottery.aad(place), _key(lottery))


def seal_json(lottery: Lottery, value, place: str) -> bytes:
    return seal_bytes(lottery, json.dumps(value, ensure_ascii=False).encode(), place)


def unseal_json(lottery: Lottery, blob: bytes, place: str):
    return json.loads(unseal_bytes(lottery, blob, place))


def household_key(lottery: Lottery, household: str) -> str:
    """A keyed hash of a normalised address: equal within the lottery, meaningless outside."""
    return hashlib.blake2b(household.encode(), key=_key(lottery), digest_size=16).hexdigest()


# --- the register extract -----------------------------------------------------------


def register_of(lottery: Lottery) -> LotteryRegister | None:
    return db.session.scalar(select(LotteryRegister).where(LotteryRegister.lottery_id == lottery.id))


def import_register(lottery: Lottery, result: register.RegisterResult, user, today: date) -> LotteryRegister:
    """Keep a checked extract (replacing an earlier one until invitations are drawn)."""
    if not result.ok:
        raise LotteryError("only a checked register without errors is kept")
    if lottery.drawn_at is not None:
        raise LotteryError("the invitations have been drawn; the register can no longer be replaced")
    db.session.execute(delete(LotteryRegister).where(LotteryRegister.lottery_id == lottery.id))
    row = LotteryRegister(lottery_id=lottery.id, people=len(result.entries),
                          counts=register.counts(result.entries, today),
                          imported_by_id=user.id if user else None)
    row.sealed = seal_bytes(lottery, register.pack(result.entries), "register")
    db.session.add(row)
    lottery.figures = {**(lottery.figures or {}), "register": {"people": row.people, **row.counts}}
    db.session.flush()
    audit.record("dialogue.lottery_register_imported", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, people=row.people)
    return row


def register_entries(lottery: Lottery) -> list[register.Entry]:
    row = register_of(lottery)
    if row is None or row.sealed is None:
        raise LotteryError("no register extract has been imported, or it has been shredded")
    return register.unpack(unseal_bytes(lottery, row.sealed, "register"))


# --- stage 1: invitations -----------------------------------------------------------


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def show_code(code: str) -> str:
    """ABCD-EFGH-JKLM-NPQR."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def draw_invitations(lottery: Lottery, user, n: int, *, seed: int, today: date, stratified: bool = False,
                     oversampling: dict[str, float] | None = None, one_per_household: bool = True,
                     public_numbers: str = "") -> draw_mod.Draw:
    """Draw n invitations from the register (again, until the letters are produced)."""
    if lottery.letters_at is not None:
        raise LotteryError("the letters have been produced; the invitations cannot be drawn again")
    entries = register_entries(lottery)
    addresses: dict[tuple[str, str], str] = {}  # one normalisation per address, not per person
    people = [draw_mod.Person(e.register_id, e.district, register.age_band(e.birth_year, e.birth_date, today),
                              addresses.get((e.street, e.postcode))
                              or addresses.setdefault((e.street, e.postcode), e.household()))
              for e in entries]
    result = draw_mod.draw(people, n, seed=seed, stratified=stratified, oversampling=oversampling or None,
                           one_per_household=one_per_household)
    by_id = {e.register_id: e for e in entries}
    db.session.execute(delete(Invitation).where(Invitation.lottery_id == lottery.id))
    for position, person_id in enumerate(result.ids, start=1):
        e = by_id[person_id]
        code = new_code()
        invitation = Invitation(lottery_id=lottery.id, position=position, code_hash=code_hash(code))
        db.session.add(invitation)
        invitation.sealed = seal_json(lottery, {
            "name": e.name, "street": e.street, "postcode": e.postcode, "city": e.city, "district": e.district,
            "age_band": e.age_band(today), "gender": e.gender, "register_id": e.register_id, "code": code,
        }, f"invitation:{position}")
    lottery.draw_mode = result.mode
    lottery.invitations = len(result.ids)
    lottery.seed = seed
    lottery.public_numbers = public_numbers
    lottery.one_per_household = one_per_household
    lottery.oversampling = oversampling or {}
    lottery.drawn_at = utcnow()
    lottery.figures = {**(lottery.figures or {}), "invited": _invited_counts(result.ids, by_id, today)}
    db.session.flush()
    audit.record("dialogue.lottery_drawn", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, invitations=len(result.ids), seed=str(seed),
                 mode=result.mode)
    return result


def _invited_counts(ids, by_id, today: date) -> dict:
    district, band = {}, {}
    for person_id in ids:
        e = by_id[person_id]
        district[e.district] = district.get(e.district, 0) + 1
        b = e.age_band(today)
        band[b] = band.get(b, 0) + 1
    return {"people": len(ids), "district": district, "age_band": band}


def invitation_data(lottery: Lottery, invitation: Invitation) -> dict:
    return unseal_json(lottery, invitation.sealed, f"invitation:{invitation.position}")


def shred_register(lottery: Lottery, user=None) -> None:
    """Destroy the register extract (its counts stay)."""
    row = register_of(lottery)
    if row is not None and row.sealed is not None:
        row.sealed = None
        row.shredded_at = utcnow()
        db.session.flush()
        audit.record("dialogue.lottery_register_shredded", actor=user, obj=lottery.process,
                     municipality_id=lottery.process.municipality_id)


def letters_produced(lottery: Lottery, user, kind: str) -> None:
    """Letters were produced (PDF or CSV): the draw is fixed, the register shredded,
    the run audited."""
    if lottery.letters_at is None:
        lottery.letters_at = utcnow()
    shred_register(lottery, user)
    audit.record("dialogue.lottery_letters", actor=user, obj=lottery.process,
                 municipality_id=lottery.process.municipality_id, kind=kind, letters=lottery.invitations)
