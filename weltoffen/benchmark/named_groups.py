"""Named peer groups a coordinator defines, with members added by their AGS. The
catalogue of every group anyone can choose is checked as a whole before a change is
saved: a named group may not differ from another group (the network, an attribute
group or another named group, each as the network's municipalities) by 1 to K-1
municipalities. Every change has the network's rounds evaluated for new releases
(aggregates.refresh); the figures follow when the K rule lets them."""

import re

from sqlalchemy import delete, select

from .. import audit
from ..extensions import db
from ..network.models import Municipality
from . import aggregates, groups
from .models import PeerGroup, PeerGroupMember

AGS_TOKEN = re.compile(r"\d{7,8}")


def parse_ags_list(text: str) -> list[str]:
    """AGS from pasted text (one per line, or separated by commas, spaces or semicolons)."""
    return [t.zfill(8) for t in AGS_TOKEN.findall(text or "")]


class TooClose(ValueError):
    """The change would leave the group 1 to K-1 municipalities away from another one."""

    def __init__(self, key: str, name: str, difference: int):
        super().__init__(key)
        self.key, self.name, self.difference = key, name, difference


def catalogue(network_id: int) -> dict[str, frozenset[int]]:
    """Every group anyone in the network can choose, as the network's municipalities:
    the network, the attribute groups and the named groups."""
    result: dict[str, set[int]] = {groups.NETWORK: set()}
    for mid, state, kind, population, share in db.session.execute(
        select(Municipality.id, Municipality.state, Municipality.kind, Municipality.population,
               Municipality.foreign_born_share).where(Municipality.network_id == network_id)
    ):
        result[groups.NETWORK].add(mid)
        for key in groups.attribute_keys(state, kind, population, share).values():
            result.setdefault(key, set()).add(mid)
    for group_id, mid in db.session.execute(
        select(PeerGroupMember.group_id, PeerGroupMember.municipality_id)
        .join(PeerGroup, PeerGroup.id == PeerGroupMember.group_id)
        .where(PeerGroup.network_id == network_id)
    ):
        result.setdefault(f"named:{group_id}", set()).add(mid)
    return {key: frozenset(ids) for key, ids in result.items()}


def check(group: PeerGroup, members: set[int], k: int | None = None) -> None:
    """Raise TooClose when `members` would differ from another group of the catalogue
    by 1 to K-1 municipalities (groups under K are never shown and not compared)."""
    k = aggregates.k_value() if k is None else k
    if len(members) < k:
        return
    named = dict(
        db.session.execute(select(PeerGroup.id, PeerGroup.name).where(PeerGroup.network_id == group.network_id)).all()
    )
    every = catalogue(group.network_id)
    for key in aggregates.catalogue_order(every):
        others = every[key]
        if key == f"named:{group.id}" or len(others) < k:
            continue
        difference = len(members ^ others)
        if 0 < difference < k:
            raise TooClose(key, groups.label(key, named), difference)


def _current(group: PeerGroup) -> set[int]:
    return set(db.session.scalars(select(PeerGroupMember.municipality_id).where(PeerGroupMember.group_id == group.id)))


def create(network, user, name: str) -> PeerGroup:
    group = PeerGroup(network_id=network.id, name=name.strip(), created_by_id=user.id)
    db.session.add(group)
    db.session.flush()
    audit.record("peer_group.created", actor=user, obj=group, name=group.name)
    return group


def add_members(group: PeerGroup, user, ags_list: list[str]) -> tuple[int, list[str]]:
    """Add the network's municipalities with these AGS; returns (added, unknown AGS).
    Raises TooClose (nothing added) when the group would come too close to another."""
    found = dict(
        db.session.execute(
            select(Municipality.ags, Municipality.id).where(
                Municipality.network_id == group.network_id, Municipality.ags.in_(ags_list)
            )
        ).all()
    )
    present = _current(group)
    new = [mid for mid in dict.fromkeys(found.values()) if mid not in present]
    check(group, present | set(new))
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=mid) for mid in new)
    db.session.flush()
    if new:
        audit.record("peer_group.members_added", actor=user, obj=group, count=len(new))
        aggregates.refresh_network(group.network_id)
    return len(new), [a for a in dict.fromkeys(ags_list) if a not in found]


def remove_member(group: PeerGroup, user, municipality_id: int) -> None:
    check(group, _current(group) - {municipality_id})
    db.session.execute(
        delete(PeerGroupMember).where(
            PeerGroupMember.group_id == group.id, PeerGroupMember.municipality_id == municipality_id
        )
    )
    audit.record("peer_group.member_removed", actor=user, obj=group, municipality=municipality_id)
    aggregates.refresh_network(group.network_id)


def delete_group(group: PeerGroup, user) -> None:
    network_id = group.network_id
    audit.record("peer_group.deleted", actor=user, obj=group, name=group.name)
    db.session.delete(group)
    db.session.flush()
    aggregates.refresh_network(network_id)


def members(group: PeerGroup) -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality)
            .join(PeerGroupMember, PeerGroupMember.municipality_id == Municipality.id)
            .where(PeerGroupMember.group_id == group.id)
            .order_by(Municipality.name)
        )
    )
