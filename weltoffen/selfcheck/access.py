"""Load-or-404 helpers of the self-check domain: a missing row is 404, a refused one
403 (permissions.require)."""

from flask import abort
from flask_login import current_user

from .. import permissions
from ..extensions import db
from .models import Submission


def get_submission_or_404(
    submission_id: int, check=permissions.can_view_submission, user=None
) -> Submission:
    """Load a submission and check `check(user, submission)`; 404 / 403 otherwise."""
    submission = db.session.get(Submission, submission_id) or abort(404)
    permissions.require(check(user or current_user, submission))
    return submission
