from weltoffen.benchmark import services


def _sub(round_, municipality):
    return next(s for s in round_.submissions if s.municipality_id == municipality.id)


def test_small_group_falls_back_to_the_network(round_with_scores):
    round_, towns, city = round_with_scores
    sub = _sub(round_, city)
    keys = services.own_groups(sub)
    assert keys["size"] == "size:4"
    comparison = services.compare(sub, [keys["size"]])
    # the city is alone in its size class: only the network's release (10) is shown, and why
    assert [s.group.key for s in comparison.shown] == ["network"]
    assert len(comparison.shown[0].group.members) == 10
    assert comparison.figures["network"]["management"].n == 10
    assert comparison.releases["network"].pending == 2
    assert [(m.requested.key, m.group.key, m.reason) for m in comparison.merged] == [("size:4", "network", "too_small")]


def test_group_too_close_to_the_network_is_not_shown(round_with_scores):
    round_, towns, city = round_with_scores
    sub = _sub(round_, towns[0])
    keys = services.own_groups(sub)
    # 11 towns of 12 in size class 2: its release would differ from the network's by fewer than K
    comparison = services.compare(sub, [keys["size"]])
    assert [s.group.key for s in comparison.shown] == ["network"]
    assert [(m.requested.key, m.reason) for m in comparison.merged] == [("size:2", "too_close")]
    assert comparison.blocked == {"size:2": "network"}


def test_with_k_1_both_are_shown(round_k1):
    round_, towns, city = round_k1
    sub = _sub(round_, towns[0])
    comparison = services.compare(sub, [services.own_groups(sub)["size"]])
    assert [s.group.key for s in comparison.shown] == ["network", "size:2"]
    assert comparison.releases["network"].n == 12 and comparison.releases["network"].pending == 0
