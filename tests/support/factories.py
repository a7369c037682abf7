"""create_* helpers for tests: small, explicit, committed inside the test transaction."""

import itertools

import pyotp

from weltoffen.auth import totp
from weltoffen.auth.models import User
from weltoffen.auth.passwords import hash_password
from weltoffen.network.models import Membership, Municipality, Network

PASSWORD = "correct horse battery"
_seq = itertools.count(1)
_HASH = hash_password(PASSWORD)


class Factory:
    def __init__(self, db):
        self.db = db

    def network(self, name: str | None = None) -> Network:
        n = next(_seq)
        network = Network(name=name or f"Netzwerk {n}", slug=f"netzwerk-{n}")
        self.db.session.add(network)
        self.db.session.flush()
        return network

    def municipality(self, network: Network | None = None, **fields) -> Municipality:
        n = next(_seq)
        values = {
            "ags": f"05{100 + (n // 999) % 900:03d}{1 + n % 999:03d}",
            "name": f"Gemeinde {n}",
            "state": "05",
            "kind": "stadt",
            "population": 20_000 + n,
            "foreign_born_share": 12.5,
        }
        values.update(fields)
        municipality = Municipality(network=network or self.network(), **values)
        self.db.session.add(municipality)
        self.db.session.flush()
        return municipality

    def user(
        self,
        *,
        email: str | None = None,
        name: str | None = None,
        municipality: Municipality | None = None,
        role: str | None = None,
        network_role: str | None = None,
        network: Network | None = None,
        totp_secret: str | None = None,
        password: str | None = None,
        language: str = "de",
    ) -> User:
        n = next(_seq)
        user = User(
            email=(email or f"person{n}@example.org").lower(),
            name=name or f"Person {n}",
            password_hash=hash_password(password) if password else _HASH,
            language=language,
            network_role=network_role,
            network_id=network.id if network is not None else None,
        )
        self.db.session.add(user)
        self.db.session.flush()
        if municipality is not None:
            self.db.session.add(
                Membership(user_id=user.id, municipality_id=municipality.id, role=role or "member")
            )
            self.db.session.flush()
            self.db.session.refresh(user)
        if totp_secret or user.needs_second_factor:
            totp.store_secret(user, totp_secret or pyotp.random_base32())
            self.db.session.flush()
        return user
