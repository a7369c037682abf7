"""Evidence through the browser's routes: the add form, preview, download and delete,
with their headers, audit entries and refusals."""

import hashlib
import io

import pytest
from PIL import Image

from tests.incidents.evidence_support import PDF, incident, jpeg_with_gps, png
from weltoffen.audit import AuditEntry
from weltoffen.incidents import evidence
from weltoffen.incidents.models import Evidence


@pytest.fixture
def case(make, db, login):
    network = make.network()
    m = make.municipality(network)
    official = make.user(municipality=m, role="official", language="en")
    login(official)
    return incident(db, official, network), official


def _post(client, item, data: dict, **files):
    payload = dict(data)
    for name, (content, filename) in files.items():
        payload[name] = (io.BytesIO(content), filename)
    return client.post(f"/incidents/{item.id}/evidence/new", data=payload, content_type="multipart/form-data")


def test_upload_with_link_and_capture_time_shows_on_the_incident_page(client, case):
    item, _official = case
    data = png()
    r = _post(client, item, {"rows": "3", "link-0": "https://social.example/p/1", "captured-0": "2026-09-01T21:15"},
              **{"file-0": (data, "screenshot.png")})
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/incidents/{item.id}#evidence")
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    assert ev.sha256 == hashlib.sha256(data).hexdigest()
    page = client.get(f"/incidents/{item.id}").get_data(as_text=True)
    assert ev.sha256 in page and "https://social.example/p/1" in page and "2026-09-01 21:15" in page
    assert f"/incidents/{item.id}/evidence/{ev.id}/preview" in page


def test_the_add_form_renders_and_keeps_typed_values_when_a_file_is_refused(client, case):
    item, _official = case
    assert client.get(f"/incidents/{item.id}/evidence/new").status_code == 200
    r = _post(client, item, {"rows": "3", "link-0": "https://social.example/p/2", "note-0": "Kommentar"},
              **{"file-0": (b"<html><script>alert(1)</script></html>", "screenshot.png")})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "screenshot.png is not an image, PDF, e-mail (.eml) or audio recording" in page
    assert 'value="https://social.example/p/2"' in page and "Kommentar</textarea>" in page
    assert Evidence.query.filter_by(incident_id=item.id).count() == 0


def test_details_without_a_file_and_bad_times_are_refused(client, case):
    item, _official = case
    r = _post(client, item, {"rows": "3", "link-1": "ftp://x", "captured-1": "gestern"})
    assert r.status_code == 422
    page = r.get_data(as_text=True)
    assert "Choose the file these details belong to." in page and "starting with https://" in page
    assert "Enter a date and time" in page


def test_many_files_at_once_beyond_the_limit_are_refused(client, case):
    item, _official = case
    payload = {"rows": "1", "files": [(io.BytesIO(png()), f"s{i}.png") for i in range(evidence.MAX_FILES + 1)]}
    r = client.post(f"/incidents/{item.id}/evidence/new", data=payload, content_type="multipart/form-data")
    assert r.status_code == 422 and "Add at most 10 files at once." in r.get_data(as_text=True)
    assert Evidence.query.filter_by(incident_id=item.id).count() == 0
    payload = {"rows": "1", "files": [(io.BytesIO(png()), f"s{i}.png") for i in range(3)]}
    r = client.post(f"/incidents/{item.id}/evidence/new", data=payload, content_type="multipart/form-data")
    assert r.status_code == 302 and Evidence.query.filter_by(incident_id=item.id).count() == 3


def test_preview_is_stripped_private_and_sandboxed(client, case):
    item, official = case
    _post(client, item, {"rows": "1"}, **{"file-0": (jpeg_with_gps(), "foto.jpg")})
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    r = client.get(f"/incidents/{item.id}/evidence/{ev.id}/preview")
    assert r.status_code == 200 and r.mimetype == "image/jpeg"
    assert r.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "private, no-store"
    assert r.headers["Content-Disposition"].startswith("inline")
    with Image.open(io.BytesIO(r.data)) as shown:
        assert not shown.getexif()
    assert b"Phone X Secret" not in r.data


def test_download_gives_the_original_and_is_audited(client, case):
    item, official = case
    data = jpeg_with_gps()
    _post(client, item, {"rows": "1"}, **{"file-0": (data, "foto.jpg")})
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    r = client.get(f"/incidents/{item.id}/evidence/{ev.id}/download")
    assert r.status_code == 200 and r.data == data and hashlib.sha256(r.data).hexdigest() == ev.sha256
    assert r.headers["Content-Disposition"].startswith("attachment") and "foto.jpg" in r.headers["Content-Disposition"]
    assert r.headers["Cache-Control"] == "private, no-store" and r.headers["X-Content-Type-Options"] == "nosniff"
    entry = AuditEntry.query.filter_by(action="incident.evidence_download", object_id=item.id).one()
    assert entry.actor_id == official.id and entry.details == {"evidence_id": ev.id}
    assert entry.municipality_id is None


def test_delete_removes_the_file(client, case):
    item, _official = case
    _post(client, item, {"rows": "1"}, **{"file-0": (PDF, "brief.pdf")})
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    path = evidence.folder() / ev.storage_name
    assert path.is_file()
    r = client.post(f"/incidents/{item.id}/evidence/{ev.id}/delete")
    assert r.status_code == 302
    assert Evidence.query.filter_by(incident_id=item.id).count() == 0 and not path.is_file()


def test_evidence_of_another_incident_is_404(client, case, make, db):
    item, official = case
    other = incident(db, official, item.network)
    _post(client, item, {"rows": "1"}, **{"file-0": (PDF, "brief.pdf")})
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    for path in (f"/incidents/{other.id}/evidence/{ev.id}/preview",
                 f"/incidents/{other.id}/evidence/{ev.id}/download",
                 f"/incidents/{item.id}/evidence/{ev.id + 999}/download",
                 f"/incidents/{item.id}/evidence/{ev.id}/preview"):
        assert client.get(path).status_code == 404, path


def test_a_trust_person_with_a_read_grant_sees_but_cannot_add_or_delete(client, case, make, db, login):
    from weltoffen.incidents.models import IncidentGrant

    item, official = case
    _post(client, item, {"rows": "1"}, **{"file-0": (PDF, "brief.pdf")})
    ev = Evidence.query.filter_by(incident_id=item.id).one()
    helper = make.user(municipality=official.memberships[0].municipality, role="trust_person")
    db.session.add(IncidentGrant(incident_id=item.id, user_id=helper.id, can_write=False))
    db.session.flush()
    login(helper)
    assert client.get(f"/incidents/{item.id}/evidence/{ev.id}/download").status_code == 200
    assert client.get(f"/incidents/{item.id}/evidence/new").status_code == 404
    assert client.post(f"/incidents/{item.id}/evidence/{ev.id}/delete").status_code == 404
