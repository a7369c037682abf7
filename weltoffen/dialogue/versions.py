"""The version of what the coordinators' overview shows, read in one statement of
index lookups: the newest change of a process and of a recommendation (indexed
updated_at), the newest response and progress update (append-only: their newest id),
and the network's shown release of the unpublished figures. Pages key their caches on
it and on the day (the overdue and stalled flags follow the date). A municipality's
renaming shows with the next change or the next day."""

import hashlib

from sqlalchemy import func, select

from ..extensions import db
from ..platform.release_models import ReleaseStatus
from . import network_release
from .accountability_models import ProgressUpdate, Recommendation, RecommendationResponse
from .models import DialogueProcess


def token(network_id: int) -> str:
    row = db.session.execute(select(
        select(func.max(DialogueProcess.updated_at)).scalar_subquery(),
        select(func.max(Recommendation.updated_at)).scalar_subquery(),
        select(func.max(RecommendationResponse.id)).scalar_subquery(),
        select(func.max(ProgressUpdate.id)).scalar_subquery(),
        select(ReleaseStatus.release_id).where(ReleaseStatus.scope == network_release.scope(network_id),
                                               ReleaseStatus.subject == network_release.SUBJECT).scalar_subquery(),
    )).one()
    return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=12).hexdigest()
