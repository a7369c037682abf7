"""Property: whatever sequence of recorded, changed and shredded incidents and of
quarters passing happens in a network, an observer who reads the released statistics
after every step never holds two releases whose incidents differ by fewer than K, each
release counts exactly the true recorded incidents of its closed quarters, the running
quarter is never among them, and no shown count lies between 0 and K."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from weltoffen.incidents import sealing, statistics, statistics_release
from weltoffen.incidents.models import FORMS, Incident
from weltoffen.incidents.statistics import ALL, TOTAL

from ..incidents.statistics_support import recorded
from .observer import Notebook

K = 3
START = date(2026, 2, 10)
CHANNELS = ("email", "letter", "social_media", "in_person")
#: 0 = the running quarter, 1 = the last closed one, ...
AGO = st.integers(0, 9)
ACTION = st.one_of(
    st.tuples(st.just("record"), AGO, st.sampled_from(FORMS[:6]), st.sampled_from(CHANNELS), st.integers(0, 4),
              st.integers(1, 3)),
    st.tuples(st.just("change"), st.integers(0, 50), st.sampled_from(FORMS[:6])),
    st.tuples(st.just("shred"), st.integers(0, 50)),
    st.tuples(st.just("draft"), AGO),
    st.tuples(st.just("next_quarter")),
)


def quarter_ago(today: date, ago: int) -> str:
    return statistics.quarters_until(today, ago + 1)[0]


class World:
    def __init__(self, make, db):
        self.db = db
        self.network = make.network()
        town = make.municipality(self.network, population=40_000)
        self.official = make.user(municipality=town, role="official")
        self.today = START
        self.incidents: list[Incident] = []

    def do(self, action) -> None:
        kind, *args = action
        getattr(self, kind)(*args)
        statistics_release.refresh(self.network, self.today)  # what services.record and the cron do

    def record(self, ago, form, channel, severity, n):
        self.incidents += recorded(self.db, self.network, self.official, quarter_ago(self.today, ago), form,
                                   channel, severity, 2, n=n)

    def change(self, index, form):
        if self.incidents:
            self.incidents[index % len(self.incidents)].form = form
            self.db.session.flush()

    def shred(self, index):
        if self.incidents:
            sealing.shred(self.incidents[index % len(self.incidents)])
            self.db.session.flush()

    def draft(self, ago):
        recorded(self.db, self.network, self.official, quarter_ago(self.today, ago), status="draft")

    def next_quarter(self):
        year, month = self.today.year, self.today.month + 3
        self.today = date(year + (month > 12), (month - 1) % 12 + 1, 10)

    def truth(self) -> dict:
        """{incident: what it adds to the counts} of the recorded ones in the closed quarters."""
        window = statistics.closed_quarters(self.today)
        rows = self.db.session.execute(
            select(Incident.id, Incident.quarter, Incident.form, Incident.channel, Incident.severity,
                   Incident.size_class).where(Incident.network_id == self.network.id,
                                              Incident.status.in_(("open", "closed")), Incident.quarter.in_(window))
        ).all()
        return {row[0]: tuple(row[1:]) for row in rows}


def observe(world: World, notebook: Notebook) -> None:
    released = statistics_release.released(world.network)
    pub = released.publication
    if pub is None:
        return
    assert statistics.quarters_until(world.today, 1)[0] not in pub.quarters  # never the running quarter
    for key in pub.counts:
        value = pub.value(key)
        assert value is None or not 0 < value < K, key
    if not notebook.saw(released.taken_at, {}):
        return
    truth = world.truth()
    notebook.seen[released.taken_at] = truth
    assert pub.quarters == statistics.closed_quarters(world.today)
    assert pub.total == len(truth) == released.n
    per_quarter = {q: sum(1 for t in truth.values() if t[0] == q) for q in pub.quarters}
    assert {q: pub.counts[(q, TOTAL, TOTAL)] for q in pub.quarters} == per_quarter
    per_form = {f: sum(1 for t in truth.values() if t[1] == f) for f in FORMS}
    assert {f: pub.counts.get((ALL, "form", f), 0) for f in FORMS} == per_form


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(actions=st.lists(ACTION, min_size=5, max_size=40))
def test_no_two_incident_statistics_ever_seen_differ_by_fewer_than_k(app, db, make, monkeypatch, actions):
    monkeypatch.setitem(app.config, "BENCHMARK_K", K)
    world = World(make, db)
    notebook = Notebook(K)
    for action in actions:
        world.do(action)
        observe(world, notebook)
    assert notebook.too_close() == []
