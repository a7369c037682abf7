"""Fixtures the statistics tests share."""

import pytest

from .statistics_support import network_with_incidents


@pytest.fixture
def world(make, db):
    """network_with_incidents and a member of the second town, who reads the statistics."""
    network, towns, official = network_with_incidents(make, db)
    member = make.user(municipality=towns[1], role="member")
    return network, towns, official, member
