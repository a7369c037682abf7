"""Route-walk entries for the incident log's statistics (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); incident objects
are in w.incidents (tests/incidents/world.py). SELF: endpoints without an object in the URL.

The statistics are for every member of the network and its staff: only the
coordinator of another network is refused (other_lead is in the same network)."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

ROUTES: dict = {
    "incidents.statistics_page": (lambda w: {"network_id": w.network.id}, ["other_coordinator"]),
    "incidents.statistics_chart": (lambda w: {"network_id": w.network.id, "kind": "periods"}, ["other_coordinator"]),
}
SELF: set = set()
