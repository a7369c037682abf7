from weltoffen.benchmark import services


def test_small_group_falls_back_to_the_network(round_with_scores):
    round_, towns, city = round_with_scores
    sub = next(s for s in round_.submissions if s.municipality_id == city.id)
    keys = services.own_groups(sub)
    assert keys["size"] == "size:4"
    comparison = services.compare(sub, [keys["size"]], k=5)
    # the city is alone in its size class: only the network (7) is shown, and why
    assert [s.group.key for s in comparison.shown] == ["network"]
    assert comparison.shown[0].group.members and len(comparison.shown[0].group.members) == 7
    assert comparison.figures["network"]["management"].n == 7
    assert [(m.requested.key, m.group.key, m.reason) for m in comparison.merged] == [("size:4", "network", "too_small")]


def test_group_too_close_to_the_network_is_not_shown_beside_it(round_with_scores):
    round_, towns, city = round_with_scores
    sub = next(s for s in round_.submissions if s.municipality_id == towns[0].id)
    keys = services.own_groups(sub)
    # 6 towns of 7 in size class 2: differs from the network by 1 < K=5
    comparison = services.compare(sub, [keys["size"]], k=5)
    assert [s.group.key for s in comparison.shown] == ["network"]
    assert [(m.requested.key, m.reason) for m in comparison.merged] == [("size:2", "too_close")]
    # with K=1 both are shown
    comparison = services.compare(sub, [keys["size"]], k=1)
    assert [s.group.key for s in comparison.shown] == ["network", "size:2"]
