"""The search page: one box, results ranked and highlighted, paginated."""

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from ... import permissions
from ...extensions import db
from ...network.models import Network
from ...replica import replica_reads
from .. import bp
from ..notifications.views import topic_url
from . import services as search


def _network() -> Network:
    """The network searched: ?network=<id> if the user may see its forum, else the
    user's first network (admins: the first network)."""
    wanted = request.args.get("network", type=int)
    if wanted is not None:
        network = db.session.get(Network, wanted) or abort(404)
    else:
        ids = sorted(permissions.network_ids(current_user))
        if ids:
            network = db.session.get(Network, ids[0])
        elif permissions.is_admin(current_user):
            network = db.session.scalar(select(Network).order_by(Network.id).limit(1)) or abort(404)
        else:
            abort(403)
    permissions.require(permissions.can_view_forum(current_user, network))
    return network


def _networks() -> list[Network]:
    ids = permissions.network_ids(current_user)
    if len(ids) < 2:
        return []
    return list(db.session.scalars(select(Network).where(Network.id.in_(ids)).order_by(Network.name)))


@bp.route("/search", endpoint="search")
@replica_reads
def search_page():
    network = _network()
    query = request.args.get("q", "")
    page = request.args.get("page", 1, type=int) or 1
    results = search.search(current_user, network, query, page) if query.strip() else None
    return render_template(
        "forum/search.html",
        network=network,
        networks=_networks(),
        query=search.clean_query(query),
        results=results,
        topic_url=topic_url,
    )
