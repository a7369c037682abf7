"""Property: whatever sequence of submissions, reopenings, opt-ins, group edits and
attribute changes happens in a round, an observer who reads the released figures after
every step never holds two figures that differ by fewer than K municipalities, every
figure equals the one computed from the true scores of its members at the moment it
was released, and no median or quartile is shown for a group under 2K."""

import math
from collections import defaultdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from weltoffen.benchmark import aggregates, groups, named_groups
from weltoffen.benchmark import services as benchmark_services
from weltoffen.benchmark.models import PeerGroup, PeerGroupMember
from weltoffen.extensions import db
from weltoffen.network import services as network_services
from weltoffen.selfcheck import services
from weltoffen.selfcheck.models import DimensionScore, Submission

from ..selfcheck.conftest import FULL, answer
from .observer import Notebook

K = 3
TOWNS = 10
STEP = st.sampled_from(["0", "1", "2", "3"])
TOWN = st.integers(0, TOWNS - 1)
GROUP = st.integers(0, 2)
ACTION = st.one_of(
    st.tuples(st.just("submit"), TOWN, STEP),
    st.tuples(st.just("submit"), TOWN, STEP),
    st.tuples(st.just("reopen"), TOWN),
    st.tuples(st.just("opt_in"), TOWN),
    st.tuples(st.just("add"), GROUP, st.lists(TOWN, min_size=1, max_size=4)),
    st.tuples(st.just("remove"), GROUP, TOWN),
    st.tuples(st.just("delete"), GROUP),
    st.tuples(st.just("move"), TOWN),
)


class World:
    def __init__(self, make, questionnaire):
        self.network = make.network()
        self.coordinator = make.user(network_role="coordinator", network=self.network)
        self.towns = [
            make.municipality(self.network, population=30_000 if i % 3 else 150_000, state="05" if i < 6 else "09")
            for i in range(TOWNS)
        ]
        self.round = services.open_round(
            self.coordinator, self.network, questionnaire, "R", date.today(), date.today() + timedelta(days=9),
            [m.id for m in self.towns],
        )
        self.subs = {s.municipality_id: s for s in self.round.submissions}
        self.groups: dict[int, PeerGroup] = {}

    # --- the actions -------------------------------------------------------------------

    def do(self, action) -> None:
        kind, *args = action
        getattr(self, kind)(*args)

    def submit(self, i, step):
        sub = self.subs[self.towns[i].id]
        if sub.status == "submitted":
            return
        for key, value in {**FULL, "mission": step}.items():
            answer(sub, self.coordinator, key, value)
        services.submit(sub, self.coordinator)

    def reopen(self, i):
        sub = self.subs[self.towns[i].id]
        if sub.status == "submitted":
            services.reopen(sub, self.coordinator, "Korrektur")

    def opt_in(self, i):
        benchmark_services.set_sharing(self.towns[i], self.coordinator, True)

    def add(self, g, towns):
        group = self.groups.get(g)
        if group is None:
            group = self.groups[g] = named_groups.create(self.network, self.coordinator, f"G{g}-{id(self)}")
        try:
            named_groups.add_members(group, self.coordinator, [self.towns[i].ags for i in towns])
        except named_groups.TooClose:
            pass

    def remove(self, g, i):
        if g in self.groups:
            try:
                named_groups.remove_member(self.groups[g], self.coordinator, self.towns[i].id)
            except named_groups.TooClose:
                pass

    def delete(self, g):
        if g in self.groups:
            named_groups.delete_group(self.groups.pop(g), self.coordinator)

    def move(self, i):
        town = self.towns[i]
        network_services.save_municipality(None, town, population=180_000 if town.population < 100_000 else 30_000)

    # --- the truth, read independently of the code under test --------------------------

    def truth(self):
        """({municipality: its true state}, {group key: members}) of the submitted ones."""
        rows = select(Submission.municipality_id, DimensionScore.dimension_key, DimensionScore.score).join(
            DimensionScore, DimensionScore.submission_id == Submission.id
        ).where(Submission.round_id == self.round.id, Submission.status == "submitted")
        scores = defaultdict(dict)
        for mid, dim, score in db.session.execute(rows):
            if score is not None:
                scores[mid][dim] = score
        for sub in self.subs.values():
            if sub.status == "submitted" and sub.overall_score is not None:
                scores[sub.municipality_id][aggregates.OVERALL] = sub.overall_score
        submitted = {s.municipality_id for s in self.subs.values() if s.status == "submitted"}
        members = defaultdict(set)
        for town in self.towns:
            if town.id in submitted:
                members[groups.NETWORK].add(town.id)
                keys = groups.attribute_keys(town.state, town.kind, town.population, town.foreign_born_share)
                for key in keys.values():
                    members[key].add(town.id)
        for group_id, mid in db.session.execute(
            select(PeerGroupMember.group_id, PeerGroupMember.municipality_id).join(PeerGroup).where(
                PeerGroup.network_id == self.network.id)
        ):
            if mid in submitted:
                members[f"named:{group_id}"].add(mid)
        state = {mid: tuple(sorted(scores[mid].items())) for mid in submitted}
        return state, scores, members


def observe(world: World, notebook: Notebook) -> None:
    state, scores, members = world.truth()
    for key, group in aggregates.released(world.round.id).items():
        if not group.figures:
            continue
        identity = (key, group.taken_at, group.members)
        if not notebook.saw(identity, {mid: state.get(mid) for mid in group.members}):
            continue
        # a release appears only at the step it is taken: then it is the group's true state
        assert group.members == members.get(key, set()), key
        assert group.n == len(group.members) >= K
        for dim, figures in group.figures.items():
            values = sorted(scores[mid][dim] for mid in group.members if dim in scores[mid])
            assert figures.n == len(values) >= K
            assert math.isclose(figures.mean, sum(values) / len(values), abs_tol=1e-9)
            if len(values) < 2 * K:
                assert figures.median is None and figures.q1 is None and figures.q3 is None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(actions=st.lists(ACTION, min_size=5, max_size=30))
def test_no_two_benchmark_figures_ever_seen_differ_by_fewer_than_k(
    app, db, make, questionnaire, monkeypatch, actions
):
    monkeypatch.setitem(app.config, "BENCHMARK_K", K)
    world = World(make, questionnaire)
    notebook = Notebook(K)
    for action in actions:
        world.do(action)
        db.session.flush()
        observe(world, notebook)
    assert notebook.too_close() == []
