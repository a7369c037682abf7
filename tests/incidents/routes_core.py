"""Route-walk entries for the incident log's core (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); incident objects
are in w.incidents (tests/incidents/world.py). SELF: endpoints without an object in the URL."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

#: Everyone but the reporter and the trust person it is granted to (read).
NOT_GRANTED = ["member", "lead", "coordinator"] + OUTSIDERS
#: Everyone but the reporter (the trust person may only read).
NOT_OWNER = NOT_GRANTED + ["trust_person"]

ROUTES: dict = {
    "incidents.incident": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_GRANTED),
    "incidents.edit": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.close": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.reopen": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.delete": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.access_log": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.add_entry": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.delete_entry": (
        lambda w: {"incident_id": w.incidents.incident.id, "entry_id": w.incidents.entry.id}, NOT_OWNER,
    ),
    # The complaint deadline as .ics: the reporter alone (the trust person's grant gives none).
    "incidents.deadline_calendar": (
        lambda w: {"incident_id": w.incidents.incident.id, "entry_id": w.incidents.deadline.id}, NOT_OWNER,
    ),
    "incidents.manage_grants": (lambda w: {"incident_id": w.incidents.incident.id}, NOT_OWNER),
    "incidents.revoke_grant": (
        lambda w: {"incident_id": w.incidents.incident.id, "grant_id": w.incidents.grant.id}, NOT_OWNER,
    ),
}
SELF: set = {"incidents.index", "incidents.new", "incidents.autosave"}
