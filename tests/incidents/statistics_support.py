"""Recorded incidents for the statistics tests, straight from the models and sealing."""

from datetime import date

from weltoffen.incidents import sealing, statistics, statistics_release
from weltoffen.incidents.models import Incident

#: Today, so the pages (which count the closed quarters before today's) see the same quarters.
TODAY = date.today()
QUARTERS = statistics.closed_quarters(TODAY)


def recorded(db, network, reporter, quarter=QUARTERS[-1], form="insult", channel="email", severity=1, size_class=2,
             status="open", n=1):
    made = []
    for _ in range(n):
        item = Incident(reporter_id=reporter.id, network_id=network.id, status=status, quarter=quarter, form=form,
                        channel=channel, severity=severity, size_class=size_class)
        db.session.add(item)
        db.session.flush()
        sealing.create_key(item)
        item.sealed = sealing.seal_json(item, {"description": "Beleidigung"}, "incident")
        made.append(item)
    db.session.flush()
    return made


def network_with_incidents(make, db):
    """A network of 6 municipalities with an official, and 37 recorded incidents, released."""
    network = make.network()
    towns = [make.municipality(network, population=p) for p in (3_000, 8_000, 12_000, 30_000, 60_000, 150_000)]
    official = make.user(municipality=towns[0], role="official")
    for i, quarter in enumerate(QUARTERS):
        recorded(db, network, official, quarter, "insult", "social_media", 1, 1, n=3)
        recorded(db, network, official, quarter, "online_hate", "social_media", 0, 2, n=1 + i % 2)
    recorded(db, network, official, QUARTERS[-1], "physical_hitting", "in_person", 4, 3, n=1)
    statistics_release.refresh(network, TODAY)
    return network, towns, official

