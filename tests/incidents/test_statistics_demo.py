"""The statistics demo: about 180 recorded incidents of several demo officials who
cannot log in, sealed like every incident, loaded once, fast."""

import time

import sqlalchemy as sa

from weltoffen.auth.models import User
from weltoffen.auth.passwords import verify_password
from weltoffen.incidents import demo_statistics, sealing, statistics, statistics_release
from weltoffen.incidents.models import Incident
from weltoffen.network.demo import load_network


def test_demo_incidents_load_once_and_fill_the_statistics(app, db, client):
    network = load_network()
    started = time.perf_counter()
    added = demo_statistics.load(network)
    assert time.perf_counter() - started < 5
    assert 60 <= added <= 200
    assert demo_statistics.load(network) == 0
    incidents = db.session.scalars(sa.select(Incident).where(Incident.network_id == network.id)).all()
    assert len({i.reporter_id for i in incidents}) >= 5
    assert len({i.quarter for i in incidents}) == 9  # 8 closed quarters and the running one
    channels = [i.channel for i in incidents]
    assert channels.count("social_media") == max(channels.count(c) for c in set(channels))
    for item in incidents[:5]:
        assert b"Demo" not in item.sealed and b"Beleidigung" not in item.sealed
        assert sealing.open_json(item, item.sealed, "incident")["date"]
    for local, _name, _ags in demo_statistics.OFFICIALS:
        user = db.session.scalar(sa.select(User).where(User.email == f"{local}@{demo_statistics.DOMAIN}"))
        assert not verify_password(user.password_hash, "") and not verify_password(user.password_hash, "demo")
    release = statistics_release.released(network)
    pub = release.publication
    assert release.n == sum(i.quarter in pub.quarters for i in incidents) and release.pending == 0
    shown = [pub.value(("all", "channel", c)) for c in statistics.DIMENSIONS["channel"]]
    assert sum(v is not None for v in shown) >= 4
    assert pub.hidden_share(pub.auto_granularity()) <= 0.5
