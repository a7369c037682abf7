"""Demo data for the network statistics: about 90 recorded incidents over the last eight
quarters, reported by officials of several demo municipalities, so the statistics page
has enough to show. Distributed roughly as in KoMo (channels: social networks 29
percent, e-mail 18, letter 17, in person, phone, other). Each incident has its own key
and a short sealed description, like every other incident. Idempotent: nothing is
added once the demo officials have incidents."""

import random
from datetime import date, timedelta

from sqlalchemy import func, select

from ..auth.models import User
from ..extensions import db
from ..network import services as network_services
from ..network.models import Municipality, Network
from ..network.sizes import size_class
from . import sealing, statistics, statistics_release
from .models import Incident

DOMAIN = "demo.weltoffen.de"
#: (e-mail local part, name, AGS): officials who exist only as reporters of the demo
#: incidents; their password hash is unusable, so nobody can log in as them.
OFFICIALS = [
    ("amt.bochum", "Bernd Bürgermeister", "05911000"),
    ("amt.dortmund", "Dana Dezernentin", "05913000"),
    ("amt.leipzig", "Lars Ratsmitglied", "14713000"),
    ("amt.rostock", "Rita Ratsfrau", "13003000"),
    ("amt.goettingen", "Gregor Ortsvorsteher", "03159016"),
    ("amt.zwickau", "Zora Beigeordnete", "14524330"),
    ("amt.konstanz", "Konrad Kämmerer", "08335043"),
    ("amt.muenchen", "Mia Stadträtin", "09162000"),
]
UNUSABLE_PASSWORD = "!demo-reporter-without-login"  # noqa: S105 - not a hash: no password matches it
#: (channel, weight in percent, [(form, weight)], [(severity index, weight)])
CHANNELS = [
    ("social_media", 29, [("online_hate", 5), ("insult", 3), ("defamation", 2), ("incitement", 1), ("threat", 2)],
     [(0, 2), (1, 6), (2, 2)]),
    ("email", 18, [("insult", 5), ("threat", 3), ("defamation", 2), ("discrimination", 1)], [(0, 3), (1, 5), (2, 2)]),
    ("letter", 17, [("insult", 4), ("threat", 4), ("defamation", 1), ("discrimination", 1)], [(0, 2), (1, 4), (2, 3)]),
    ("in_person", 16, [("insult", 3), ("threat", 2), ("coercion", 1), ("physical_shoving", 2),
                       ("physical_crowding", 2), ("physical_hitting", 1)], [(1, 4), (2, 2), (4, 3)]),
    ("phone", 8, [("insult", 3), ("threat", 3), ("coercion", 1), ("stalking", 1)], [(1, 4), (2, 3)]),
    ("other", 12, [("property_vehicle", 2), ("property_campaign", 4), ("property_home", 2), ("stalking", 1)],
     [(3, 5), (2, 1)]),
]
COUNT = 200
TEXTS = {
    "online_hate": "Hasskommentare unter einem Beitrag der Stadt",
    "insult": "Beleidigung nach einer Ratssitzung",
    "threat": "Drohung wegen einer Entscheidung zur Unterbringung Geflüchteter",
    "defamation": "Falsche Behauptungen über die Amtsführung",
    "property_campaign": "Wahlplakate beschmiert und zerstört",
}


def _officials(network: Network) -> list[tuple[User, Municipality]]:
    result = []
    for local, name, ags in OFFICIALS:
        municipality = db.session.scalar(select(Municipality).where(Municipality.ags == ags))
        if municipality is None or municipality.network_id != network.id:
            continue
        email = f"{local}@{DOMAIN}"
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, password_hash=UNUSABLE_PASSWORD)
            db.session.add(user)
            db.session.flush()
            network_services.add_membership(None, user, municipality, "official")
        result.append((user, municipality))
    return result


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def load(network: Network, today: date | None = None) -> int:
    """Add the demo incidents (once); returns how many were added."""
    officials = _officials(network)
    if not officials:
        return 0
    ids = [u.id for u, _m in officials]
    if db.session.scalar(select(func.count()).select_from(Incident).where(Incident.reporter_id.in_(ids))):
        return 0
    today = today or date.today()
    rng = random.Random(6)  # the same demo every time
    # the 8 closed quarters the statistics cover, and some in the running quarter
    quarters = statistics.quarters_until(today, statistics.QUARTERS + 1)
    year, q = int(quarters[0][:4]), int(quarters[0][-1])
    start = date(year, 3 * q - 2, 1)
    made = []
    for _ in range(COUNT):
        user, municipality = rng.choice(officials)
        channel, _w, forms, severities = _pick(rng, [((c, w, f, s), w) for c, w, f, s in CHANNELS])
        form = _pick(rng, forms)
        day = start + timedelta(days=rng.randrange((today - start).days + 1))
        quarter = f"{day.year}-Q{(day.month - 1) // 3 + 1}"
        if quarter not in quarters:
            continue
        closed = day < today - timedelta(days=180) and rng.random() < 0.6
        incident = Incident(
            reporter_id=user.id, network_id=network.id, status="closed" if closed else "open", quarter=quarter,
            form=form, channel=channel, severity=_pick(rng, severities),
            size_class=size_class(municipality.population),
        )
        db.session.add(incident)
        made.append((incident, day))
    db.session.flush()
    for incident, day in made:
        sealing.create_key(incident)
        contents = {"date": day.isoformat(), "description": TEXTS.get(incident.form, "Vorfall (Demo)"),
                    "targets": ["official"], "perpetrator_known": "unknown"}
        incident.sealed = sealing.seal_json(incident, contents, "incident")
        incident.recorded_at = incident.created_at = incident.updated_at = _at(day)
        if incident.status == "closed":
            incident.closed_at = _at(day + timedelta(days=60))
    db.session.flush()
    statistics_release.refresh(network, today)
    return len(made)


def _at(day: date):
    from datetime import UTC, datetime

    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
