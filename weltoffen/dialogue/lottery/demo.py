"""The demo's citizens' assembly by lot: Iserlohn's "Bürgerrat Klimafreundliche
Mobilität" gets the lottery it was chosen by – a synthetic register of 20,000 adults
(imported, then shredded when the letters were produced), 2,000 invitations drawn by
district and age band with younger people oversampled, 180 registrations, census
shares, a panel of 60 with a reserve selected by the fairest algorithm available here,
everyone invited, two who declined replaced by the library – so the organiser (the
mayor, who has a second factor) sees every page, and the public page shows the
composition. Everyone in it is made up. Idempotent: nothing happens if the process has
a lottery. Seeds are fixed, so every demo has the same panel."""

import random
import time
from datetime import date

from sqlalchemy import select

from ...extensions import db
from ...platform.db.columns import utcnow
from ..models import AGE_BANDS
from . import members, panel, register, registration, services
from .models import CensusShare, Invitation, LotteryOrganiser

REGISTER_SIZE = 20_000
INVITATIONS = 2_000
REGISTRATIONS = 180
PANEL, RESERVE = 60, 10
#: Stadtteile with their share of the adults.
DISTRICTS = {"Innenstadt": 0.34, "Letmathe": 0.28, "Hennen": 0.12, "Sümmern": 0.1, "Oestrich": 0.09,
             "Dröschede": 0.07}
#: Share of the adults per age band (the register has 16 and over) and the answer rate.
AGES = {"under_18": (0.03, 0.06), "18_29": (0.15, 0.05), "30_44": (0.22, 0.08), "45_64": (0.34, 0.1),
        "65_plus": (0.26, 0.11)}
GENDERS = {"female": 0.505, "male": 0.49, "diverse": 0.005}
CENSUS = {"education": {"low": 31.0, "medium": 42.0, "high": 27.0}, "migration": {"yes": 29.0, "no": 71.0}}
CENSUS_SOURCE = "Zensus 2022, Stadt Iserlohn (Werte für die Demo gerundet)"
FIRST = ("Anna", "Ben", "Cem", "Dilara", "Elias", "Fatma", "Greta", "Hannes", "Ilse", "Jonas", "Katarzyna",
         "Lukas", "Mira", "Nils", "Olga", "Paul", "Rania", "Sven", "Tamara", "Ugur", "Vera", "Wilhelm", "Yasemin")
LAST = ("Becker", "Demir", "Fischer", "Hoffmann", "Kaya", "Klein", "Kowalski", "Lange", "Meyer", "Nowak",
        "Öztürk", "Richter", "Schmidt", "Schulz", "Wagner", "Weber", "Yilmaz", "Zimmermann")
STREETS = ("Bahnhofstraße", "Hagener Straße", "Lindenweg", "Am Poth", "Kirchplatz", "Untere Mühle", "Grüner Weg",
           "Hembergstraße", "Dorfstraße", "Am Seilersee")


def register_file(today: date, rng: random.Random) -> bytes:
    """A register extract in the municipal CSV layout (Windows-style `;` separated)."""
    rows = ["Ordnungsmerkmal;Vorname;Nachname;Straße;Hausnummer;PLZ;Ort;Stadtteil;Geburtsjahr;Geschlecht"]
    lows = {"under_18": 16, "18_29": 18, "30_44": 30, "45_64": 45, "65_plus": 65}
    highs = {"under_18": 17, "18_29": 29, "30_44": 44, "45_64": 64, "65_plus": 92}
    bands = list(AGES)
    for n in range(REGISTER_SIZE):
        band = rng.choices(bands, weights=[AGES[b][0] for b in bands])[0]
        age = rng.randint(lows[band], highs[band])
        district = rng.choices(list(DISTRICTS), weights=list(DISTRICTS.values()))[0]
        gender = rng.choices(("w", "m", "d"), weights=list(GENDERS.values()))[0]
        # about 1.8 adults per address
        rows.append(f"IS-{n:06d};{rng.choice(FIRST)};{rng.choice(LAST)};{rng.choice(STREETS)};{n // 2 + 1};"
                    f"{'58638' if district == 'Letmathe' else '58636'};Iserlohn;{district};"
                    f"{today.year - age - 1};{gender}")
    return ("\n".join(rows) + "\n").encode("utf-8")


def load(process, mayor, lead) -> dict:
    """The lottery of the assembly; {} when it has one already (or there is no organiser)."""
    if process is None or services.lottery_of(process) is not None or mayor is None:
        return {}
    started = time.perf_counter()
    today = utcnow().date()
    rng = random.Random(2026)
    lottery = services.create(process, lead or mayor)
    if not any(o.user_id == mayor.id for o in lottery.organisers):
        lottery.organisers.append(LotteryOrganiser(user_id=mayor.id, named_by_id=(lead or mayor).id))
    lottery.retention_days = 365  # the demo keeps the panel a year after the last session
    result = register.parse(register_file(today, rng), today)
    services.import_register(lottery, result, mayor, today)
    oversampling = {"under_18": 1.6, "18_29": 1.8, "30_44": 1.2, "45_64": 1.0, "65_plus": 0.9}
    services.draw_invitations(lottery, mayor, INVITATIONS, seed=20_260_301, today=today, stratified=True,
                              oversampling=oversampling, one_per_household=True)
    services.letters_produced(lottery, mayor, "pdf")  # fixes the draw and shreds the register
    _registrations(lottery, rng)
    db.session.add_all([CensusShare(lottery_id=lottery.id, feature=f, value=v, percent=p, source=CENSUS_SOURCE)
                        for f, values in CENSUS.items() for v, p in values.items()])
    db.session.flush()
    lottery.panel_size, lottery.reserve_size = PANEL, RESERVE
    pool = panel.candidates(lottery)
    lottery.targets = panel.propose_targets(lottery, PANEL, pool)
    from . import selection  # the library and its numerical stack

    algorithm = selection.best_algorithm()
    run = panel.start(lottery, mayor, algorithm=algorithm, seed=4_711, panel_size=PANEL, reserve_size=RESERVE,
                      one_per_household=True, targets=lottery.targets)
    run = panel.execute(run)  # commits
    figures = {"register": REGISTER_SIZE, "invited": INVITATIONS, "registered": len(pool), "algorithm": algorithm,
               "selection": run.status}
    if run.status != "done":
        return figures
    members.invite(lottery, mayor)  # the demo sends no mails: the answers are recorded below
    seats = members.current(lottery)
    declining = _replaceable_pair(seats, pool)
    for member in seats:
        members.mark(member, "declined" if member.id in declining else "confirmed", mayor)
    replacement = panel.start_replacement(lottery, mayor, algorithm=algorithm, seed=815)
    replacement = panel.execute(replacement)
    for member, _contact, _code in members.invite(lottery, mayor):  # the replacements
        members.mark(member, "confirmed", mayor)
    db.session.flush()
    figures.update(replacements=replacement.status, seconds=round(time.perf_counter() - started, 1))
    return figures


def _replaceable_pair(seats, pool) -> set[int]:
    """Two seats whose holders someone off the panel resembles in every feature (from
    another household), so that replacements within the tight targets exist."""
    by_id = {c.id: c for c in pool}
    held = {str(m.registrant_id) for m in seats}
    out, used = set(), set()
    for member in seats[5:]:
        person = by_id[str(member.registrant_id)]
        twins = [c for c in pool if c.id not in held and c.id not in used and c.features == person.features
                 and c.household != person.household]
        if twins:
            out.add(member.id)
            used.add(twins[0].id)
        if len(out) == 2:
            break
    return out


def _registrations(lottery, rng: random.Random) -> None:
    """About 9 percent of the invited register, fewer of the young; features as declared."""
    invitations = list(db.session.scalars(select(Invitation).where(Invitation.lottery_id == lottery.id)
                                          .order_by(Invitation.position)))
    weights = []
    for invitation in invitations:
        data = services.invitation_data(lottery, invitation)
        weights.append((invitation, data, AGES.get(data["age_band"], (0, 0.08))[1]))
    chosen = []
    for invitation, data, rate in weights:
        if rng.random() < rate * 1.05:
            chosen.append((invitation, data))
    rng.shuffle(chosen)
    for n, (invitation, data) in enumerate(chosen[:REGISTRATIONS]):
        features = {
            "age_band": data["age_band"] if data["age_band"] in AGE_BANDS else "45_64",
            "gender": data["gender"], "district": data["district"],
            "education": rng.choices(list(CENSUS["education"]), weights=(0.22, 0.42, 0.36))[0],
            "migration": rng.choices(("yes", "no"), weights=(0.22, 0.78))[0],
        }
        email = "" if n % 9 == 0 else f"{data['name'].split()[0].lower()}.{n}@beispiel.de"
        details = {"name": data["name"], "email": email, "phone": "" if email else "02371 217-000",
                   "features": features, "needs": ["childcare"] if n % 7 == 0 else [],
                   "language": "Türkisch" if n % 23 == 0 else "", "availability": "", "consent": True}
        registration.register(lottery, invitation, details, source="paper" if n % 9 == 0 else "online")
