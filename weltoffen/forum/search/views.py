"""The search page: one box, results ranked and highlighted, paginated."""

from flask import render_template, request
from flask_login import current_user
from sqlalchemy import select

from ... import permissions
from ...extensions import db
from ...network.models import Network
from ...platform.db.replica import replica_reads
from .. import bp
from ..access import searched_network_or_404
from ..links import topic_url
from . import services as search


def _networks() -> list[Network]:
    ids = permissions.network_ids(current_user)
    if len(ids) < 2:
        return []
    return list(db.session.scalars(select(Network).where(Network.id.in_(ids)).order_by(Network.name)))


@bp.route("/search", endpoint="search")
@replica_reads
def search_page():
    network = searched_network_or_404(request.args.get("network", type=int))
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
