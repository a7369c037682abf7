from hypothesis import given, settings
from hypothesis import strategies as st

from weltoffen.benchmark.anonymity import Group, allowed_pairwise, select, too_close


def chain(*member_sets, prefix="g"):
    """Groups from narrow to wide, each falling back to the next."""
    wider = None
    groups = []
    for i, members in reversed(list(enumerate(member_sets))):
        wider = Group(f"{prefix}{i}", frozenset(members), wider)
        groups.append(wider)
    return list(reversed(groups))


def test_small_group_falls_back_to_wider():
    narrow, wide = chain({1, 2, 3}, set(range(1, 11)))
    selection = select([narrow], k=5)
    assert [s.group.key for s in selection.shown] == [wide.key]
    assert selection.shown[0].reason == "too_small" and selection.shown[0].requested is narrow


def test_groups_that_differ_by_fewer_than_k_are_not_shown_together():
    network = Group("network", frozenset(range(1, 21)))
    almost = Group("state", frozenset(range(1, 18)), network)  # 3 fewer than the network
    selection = select([network, almost], k=5)
    assert [s.group.key for s in selection.shown] == ["network"]  # the fallback is the network itself
    assert not too_close(network.members, frozenset(range(1, 16)), 5)


def test_no_fallback_means_withheld():
    lone = Group("named:1", frozenset({1, 2}))
    selection = select([lone], k=5)
    assert selection.shown == [] and selection.withheld == [(lone, "too_small")]


def test_k_one_shows_everything():
    a, b = Group("a", frozenset({1})), Group("b", frozenset({1, 2}))
    assert [s.group.key for s in select([a, b], k=1).shown] == ["a", "b"]


group_sets = st.lists(st.frozensets(st.integers(0, 40), max_size=41), min_size=1, max_size=6)


@settings(max_examples=300, deadline=None)
@given(
    network=st.frozensets(st.integers(0, 40), min_size=1, max_size=41),
    narrow=group_sets,
    k=st.integers(1, 8),
)
def test_every_shown_figure_rests_on_k_and_no_pair_isolates_fewer_than_k(network, narrow, k):
    """For random networks and group definitions: every shown group has at least K
    members, and no two shown groups differ by 1..K-1 members."""
    network_group = Group("network", network)
    requested = [network_group]
    for i, members in enumerate(narrow):
        members = members & network
        middle = Group(f"mid{i}", members | frozenset(sorted(network)[: len(network) // 2]), network_group)
        requested.append(Group(f"g{i}", members, middle))
    selection = select(requested, k)
    shown = [s.group.members for s in selection.shown]
    assert allowed_pairwise(shown, k)
    assert len({tuple(sorted(s)) for s in shown}) == len(shown)  # no duplicates
    for s in selection.shown:  # what is shown is the requested group or one of its fallbacks
        assert s.group.key in _chain_keys(s.requested)
    for group, _reason in selection.withheld:  # withheld only when no fallback could be shown
        assert all(
            len(g.members) < k or any(g.members == x or 0 < len(g.members ^ x) < k for x in shown)
            for g in _chain(group)
        )


def _chain(group):
    while group is not None:
        yield group
        group = group.wider


def _chain_keys(group):
    return {g.key for g in _chain(group)}
