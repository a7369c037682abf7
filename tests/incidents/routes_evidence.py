"""Route-walk entries for the incident log's evidence, dossier and links (merged into
tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused); incident objects
are in w.incidents (tests/incidents/world.py). SELF: endpoints without an object in the URL.
Coordinators, admins, other municipalities and everyone without a grant are refused
everywhere; the trust person holds a READ grant on w.incidents.incident only."""

from tests.core.route_roles import MUNICIPAL, OUTSIDERS  # noqa: F401

#: Everyone but the reporter and the trust person with a read grant.
READERS_ONLY = ["member", "lead", "coordinator", *OUTSIDERS]
#: Everyone but the reporter (changing, deleting, linking; sets of own incidents).
REPORTER_ONLY = ["member", "lead", "trust_person", "coordinator", *OUTSIDERS]


def _ev(w):
    return {"incident_id": w.incidents.incident.id, "evidence_id": w.incidents.evidence.id}


ROUTES: dict = {
    "incidents.evidence_new": (lambda w: {"incident_id": w.incidents.incident.id}, REPORTER_ONLY),
    "incidents.evidence_preview": (_ev, READERS_ONLY),
    "incidents.evidence_download": (_ev, READERS_ONLY),
    "incidents.evidence_delete": (_ev, REPORTER_ONLY),
    "incidents.dossier_pdf": (lambda w: {"incident_id": w.incidents.incident.id}, READERS_ONLY),
    "incidents.evidence_zip": (lambda w: {"incident_id": w.incidents.incident.id}, READERS_ONLY),
    "incidents.dossier_set": (
        lambda w: {"fmt": "pdf", "ids": [w.incidents.incident.id, w.incidents.other_incident.id]}, REPORTER_ONLY,
    ),
    "incidents.link_add": (lambda w: {"incident_id": w.incidents.incident.id}, REPORTER_ONLY),
    "incidents.link_remove": (
        lambda w: {"incident_id": w.incidents.incident.id, "other_id": w.incidents.other_incident.id}, REPORTER_ONLY,
    ),
    "incidents.escalation_svg": (lambda w: {"incident_id": w.incidents.incident.id}, READERS_ONLY),
}
SELF: set = {"incidents.dossier_choose"}
