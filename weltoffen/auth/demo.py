"""Demo accounts, one per role; the same TOTP secret is kept across runs."""

from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..network import services as network_services
from ..network.labels import ROLE_LABELS
from ..network.models import Municipality, Network
from . import totp
from .models import User
from .passwords import hash_password, verify_password

DOMAIN = "demo.weltoffen.de"
#: (e-mail local part, name, network role, municipality AGS, municipal role)
ACCOUNTS = [
    ("admin", "Alex Admin", "admin", None, None),
    ("koordination", "Kim Koordination", "coordinator", None, None),
    ("leitung.iserlohn", "Lea Leitung", None, "05962024", "lead"),
    ("team.iserlohn", "Tom Team", None, "05962024", "member"),
    ("buergermeisterin.iserlohn", "Bea Bürgermeisterin", None, "05962024", "official"),
    ("vertrauen.iserlohn", "Vera Vertrauensperson", None, "05962024", "trust_person"),
    ("leitung.bochum", "Ben Leitung", None, "05911000", "lead"),
    ("team.bochum", "Bo Team", None, "05911000", "member"),
]


@dataclass
class DemoAccount:
    email: str
    role_label: str
    totp_secret: str | None


def load_accounts(network: Network) -> list[DemoAccount]:
    password = current_app.config["DEMO_PASSWORD"]
    result = []
    for local, name, network_role, ags, role in ACCOUNTS:
        email = f"{local}@{DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, password_hash=hash_password(password))
            db.session.add(user)
        elif not verify_password(user.password_hash, password):
            user.password_hash = hash_password(password)
        db.session.flush()
        network_services.set_network_role(None, user, network_role, network.id)
        if ags:
            municipality = db.session.scalar(select(Municipality).where(Municipality.ags == ags))
            network_services.add_membership(None, user, municipality, role)
        secret = None
        if user.needs_second_factor:
            secret = _ensure_totp(user)
        result.append(DemoAccount(email, str(ROLE_LABELS[network_role or role]), secret))
    return result


def _ensure_totp(user: User) -> str:
    if user.totp_secret_sealed:
        return totp.read_secret(user)
    secret = totp.new_secret()
    totp.store_secret(user, secret)
    totp.new_recovery_codes(user)
    return secret
