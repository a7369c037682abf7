"""Named peer groups a coordinator defines, with members added by their AGS. Every
change refreshes the network's aggregates so the group's figures follow at once."""

import re

from sqlalchemy import delete, select

from .. import audit
from ..extensions import db
from ..network.models import Municipality
from ..selfcheck.models import Round
from . import aggregates
from .models import PeerGroup, PeerGroupMember

AGS_TOKEN = re.compile(r"\d{7,8}")


def parse_ags_list(text: str) -> list[str]:
    """AGS from pasted text (one per line, or separated by commas, spaces or semicolons)."""
    return [t.zfill(8) for t in AGS_TOKEN.findall(text or "")]


def _refresh_network(network_id: int) -> None:
    for round_ in db.session.scalars(select(Round).where(Round.network_id == network_id)):
        aggregates.refresh(round_)


def create(network, user, name: str) -> PeerGroup:
    group = PeerGroup(network_id=network.id, name=name.strip(), created_by_id=user.id)
    db.session.add(group)
    db.session.flush()
    audit.record("peer_group.created", actor=user, obj=group, name=group.name)
    return group


def add_members(group: PeerGroup, user, ags_list: list[str]) -> tuple[int, list[str]]:
    """Add the network's municipalities with these AGS; returns (added, unknown AGS)."""
    found = dict(
        db.session.execute(
            select(Municipality.ags, Municipality.id).where(
                Municipality.network_id == group.network_id, Municipality.ags.in_(ags_list)
            )
        ).all()
    )
    present = set(
        db.session.scalars(select(PeerGroupMember.municipality_id).where(PeerGroupMember.group_id == group.id))
    )
    new = [mid for mid in dict.fromkeys(found.values()) if mid not in present]
    db.session.add_all(PeerGroupMember(group_id=group.id, municipality_id=mid) for mid in new)
    db.session.flush()
    if new:
        audit.record("peer_group.members_added", actor=user, obj=group, count=len(new))
        _refresh_network(group.network_id)
    return len(new), [a for a in dict.fromkeys(ags_list) if a not in found]


def remove_member(group: PeerGroup, user, municipality_id: int) -> None:
    db.session.execute(
        delete(PeerGroupMember).where(
            PeerGroupMember.group_id == group.id, PeerGroupMember.municipality_id == municipality_id
        )
    )
    audit.record("peer_group.member_removed", actor=user, obj=group, municipality=municipality_id)
    _refresh_network(group.network_id)


def delete_group(group: PeerGroup, user) -> None:
    network_id = group.network_id
    audit.record("peer_group.deleted", actor=user, obj=group, name=group.name)
    db.session.delete(group)
    db.session.flush()
    _refresh_network(network_id)


def members(group: PeerGroup) -> list[Municipality]:
    return list(
        db.session.scalars(
            select(Municipality)
            .join(PeerGroupMember, PeerGroupMember.municipality_id == Municipality.id)
            .where(PeerGroupMember.group_id == group.id)
            .order_by(Municipality.name)
        )
    )
