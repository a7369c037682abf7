"""Incident objects for the route walk (tests/core/test_routes.py), built from the
models and sealing helpers so the walk does not depend on the incident services."""

from datetime import date
from types import SimpleNamespace

from weltoffen.incidents import sealing
from weltoffen.incidents.forms import blank_contents
from weltoffen.incidents.models import Evidence, Incident, IncidentGrant, TimelineEntry


def build(w, db) -> SimpleNamespace:
    """Adds to world `w`: an open incident of the official (granted read to the trust
    person), a timeline entry, a complaint deadline, an evidence row, and a second
    incident for links."""
    s = db.session

    def incident(**fields):
        item = Incident(reporter_id=w.official.id, network_id=w.network.id, status="open", quarter="2026-Q3",
                        form="insult", channel="email", severity=1, size_class=2, **fields)
        s.add(item)
        s.flush()
        sealing.create_key(item)
        contents = {**blank_contents(), "form": "insult", "channel": "email", "severity": 1,
                    "description": "Beleidigende E-Mail"}  # as a saved report has them
        item.sealed = sealing.seal_json(item, contents, "incident")
        s.flush()
        return item

    first, second = incident(), incident()
    grant = IncidentGrant(incident_id=first.id, user_id=w.trust_person.id, can_write=False)
    entry = TimelineEntry(incident_id=first.id, kind="note", author_id=w.official.id, sealed=b"")
    deadline = TimelineEntry(incident_id=first.id, kind="deadline", author_id=w.official.id, sealed=b"",
                             due_on=date(2026, 12, 1))
    s.add_all([grant, entry, deadline])
    s.flush()
    entry.sealed = sealing.seal_json(first, {"text": "Anzeige überlegt"}, f"entry:{entry.id}")
    deadline.sealed = sealing.seal_json(first, {"date": "2026-09-01", "deadline": "complaint"},
                                        f"entry:{deadline.id}")
    evidence = Evidence(incident_id=first.id, uploader_id=w.official.id, sha256="0" * 64, size=4,
                        content_type="image/png", sealed_meta=sealing.seal_json(first, {}, "evidence-meta"),
                        storage_name="e" * 32)
    s.add(evidence)
    s.flush()
    return SimpleNamespace(incident=first, other_incident=second, grant=grant, entry=entry, deadline=deadline,
                           evidence=evidence)
