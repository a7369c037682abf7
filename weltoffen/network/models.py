from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from ..extensions import db
from ..platform.db.columns import UTCDateTime, utcnow
from . import names

#: Official two-digit state codes, the first two digits of every AGS.
STATES: dict[str, str] = {
    "01": "Schleswig-Holstein",
    "02": "Hamburg",
    "03": "Niedersachsen",
    "04": "Bremen",
    "05": "Nordrhein-Westfalen",
    "06": "Hessen",
    "07": "Rheinland-Pfalz",
    "08": "Baden-Württemberg",
    "09": "Bayern",
    "10": "Saarland",
    "11": "Berlin",
    "12": "Brandenburg",
    "13": "Mecklenburg-Vorpommern",
    "14": "Sachsen",
    "15": "Sachsen-Anhalt",
    "16": "Thüringen",
}
KINDS = ("gemeinde", "stadt", "kreisfreie_stadt", "landkreis")
MUNICIPAL_ROLES = ("member", "lead", "official", "trust_person")


class Network(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    description: Mapped[str] = mapped_column(String(2000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipalities: Mapped[list["Municipality"]] = relationship(
        back_populates="network", order_by="Municipality.name"
    )


def _search_name(context) -> str:
    return names.normalise(context.get_current_parameters().get("name"))


class Municipality(db.Model):
    __table_args__ = (
        CheckConstraint(
            "kind IN ('gemeinde', 'stadt', 'kreisfreie_stadt', 'landkreis')", name="kind"
        ),
        CheckConstraint("population >= 0", name="population"),
        CheckConstraint("foreign_born_share >= 0 AND foreign_born_share <= 100", name="share"),
        Index("ix_municipality_network_name", "network_id", "name"),
        Index("ix_municipality_network_search", "network_id", "search_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="RESTRICT"))
    #: Amtlicher Gemeindeschlüssel, 8 digits; the first two are the state code.
    ags: Mapped[str] = mapped_column(String(8), unique=True)
    name: Mapped[str] = mapped_column(String(160))
    #: The name as searched by (names.normalise), kept in step with `name`: set with it
    #: on the object, or from the row's name by an INSERT without ORM objects (bench data).
    search_name: Mapped[str] = mapped_column(String(names.MAX_LENGTH), default=_search_name, server_default="")
    #: Two-digit state code, a key of STATES.
    state: Mapped[str] = mapped_column(String(2), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    population: Mapped[int]
    #: Share of foreign-born residents in percent (0-100).
    foreign_born_share: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    network: Mapped[Network] = relationship(back_populates="municipalities")
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="municipality", cascade="all, delete-orphan"
    )

    @validates("name")
    def _keep_search_name(self, key, value):
        self.search_name = names.normalise(value)
        return value

    @property
    def state_name(self) -> str:
        return STATES.get(self.state, self.state)


class Membership(db.Model):
    __table_args__ = (
        UniqueConstraint("user_id", "municipality_id", "role"),
        CheckConstraint("role IN ('member', 'lead', 'official', 'trust_person')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipality.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped["User"] = relationship(back_populates="memberships")  # noqa: F821
    municipality: Mapped[Municipality] = relationship(back_populates="memberships")
