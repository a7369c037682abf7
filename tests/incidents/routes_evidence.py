"""Route-walk entries for the incident log's evidence (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); incident objects
are in w.incidents (tests/incidents/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

ROUTES: dict = {}
SELF: set = set()
