"""Route-walk entries for a municipality's team page actions (merged into
tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused)."""

from tests.core.route_roles import MUNICIPAL

ROUTES: dict = {
    # a lead's lost second factor: the network's coordinator (and admins), nobody else
    "network.reset_second_factor": (
        lambda w: {"municipality_id": w.m.id, "user_id": w.lead.id},
        MUNICIPAL + ["other_lead", "other_coordinator"],
    ),
}
SELF: set = set()
