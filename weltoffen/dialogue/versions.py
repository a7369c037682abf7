"""The version of what the coordinators' overview shows, read in one statement of
index lookups: the newest change of a process and of a recommendation (indexed
updated_at), the newest response and progress update (append-only: their newest id),
and the network's shown release of the unpublished figures. Pages key their caches on
it and on the day (the overdue and stalled flags follow the date). A municipality's
renaming shows with the next change or the next day."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..network.models import Network
from ..platform.release_models import ReleaseStatus
from . import network_release
from .accountability_models import ProgressUpdate, Recommendation, RecommendationResponse
from .models import DialogueProcess


@dataclass(frozen=True)
class NetworkRef:
    """What the overview needs of its network, read with the version."""

    id: int
    name: str


def network_and_token(network_id: int) -> tuple[NetworkRef, str] | None:
    """The network and the version in one statement; None for an unknown network."""
    row = db.session.execute(
        select(Network.id, Network.name, *_parts(network_id)).where(Network.id == network_id)).first()
    if row is None:
        return None
    return NetworkRef(row[0], row[1]), _digest(row[2:])


def token(network_id: int) -> str:
    return _digest(db.session.execute(select(*_parts(network_id))).one())


def _digest(parts) -> str:
    return hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=12).hexdigest()


def _parts(network_id: int) -> list:
    return [
        select(func.max(DialogueProcess.updated_at)).scalar_subquery(),
        select(func.max(Recommendation.updated_at)).scalar_subquery(),
        select(func.max(RecommendationResponse.id)).scalar_subquery(),
        select(func.max(ProgressUpdate.id)).scalar_subquery(),
        select(ReleaseStatus.release_id).where(ReleaseStatus.scope == network_release.scope(network_id),
                                               ReleaseStatus.subject == network_release.SUBJECT).scalar_subquery(),
    ]
