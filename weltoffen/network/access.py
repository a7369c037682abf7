"""Load-or-404 helpers of the network domain: a missing row is 404, a refused one 403
(permissions.require). With services.py's functions they are all a view needs."""

from flask import abort
from flask_login import current_user

from .. import permissions
from ..extensions import db
from .models import Membership, Municipality, Network


def get_network_or_404(network_id: int, check=permissions.can_view_network, user=None) -> Network:
    """Load a network and check `check(user, network)`; 404 if missing, 403 if refused."""
    network = db.session.get(Network, network_id) or abort(404)
    permissions.require(check(user or current_user, network))
    return network


def get_municipality_or_404(
    municipality_id: int, check=permissions.can_view_municipality, user=None
) -> Municipality:
    """Load a municipality and check `check(user, municipality)`; 404 / 403 otherwise."""
    municipality = db.session.get(Municipality, municipality_id) or abort(404)
    permissions.require(check(user or current_user, municipality))
    return municipality


def get_membership_or_404(municipality: Municipality, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.municipality_id != municipality.id:
        abort(404)
    return membership
