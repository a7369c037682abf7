"""The dossier PDF and the evidence ZIP: contents, checksums, legal provisions, audit."""

import csv
import hashlib
import io
import zipfile
from datetime import datetime

import pytest
from pypdf import PdfReader

from tests.incidents.evidence_support import EML, PDF, incident, jpeg_with_gps, png, upload
from weltoffen.audit import AuditEntry
from weltoffen.incidents import dossier, evidence, timeline


@pytest.fixture
def case(app, make, db, login):
    network = make.network()
    m = make.municipality(network)
    official = make.user(municipality=m, role="official", language="en", name="Bürgermeisterin Jörg-Çelik")
    login(official)
    with app.test_request_context():
        item = incident(db, official, network, form="threat", severity=2)
        files = [evidence.store(item, upload(png(), "screenshot.png"), official, link="https://social.example/p/9",
                                captured_at=datetime(2026, 9, 1, 21, 15)),
                 evidence.store(item, upload(jpeg_with_gps(), "foto.jpg"), official),
                 evidence.store(item, upload(EML, "drohung.eml"), official)]
        timeline.add_entry(item, official, "police_contact", {"date": "2026-09-03", "text": "Anzeige erstattet",
                                                              "case_number": "4711/26", "authority": "PI Mitte"})
        timeline.add_entry(item, official, "note", {"date": "2026-09-02", "text": "Mit der Familie gesprochen"})
        db.session.commit()
    return item, official, files


def _text(pdf_bytes: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_dossier_pdf_lists_evidence_hashes_chronology_and_provisions(client, case):
    item, official, files = case
    r = client.get(f"/incidents/{item.id}/dossier.pdf")
    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.headers["Content-Disposition"].startswith("attachment")
    assert r.headers["Cache-Control"] == "private, no-store"
    pages, text = _text(r.data)
    flat = text.replace("\n", "")
    assert pages >= 3
    for ev in files:
        assert ev.sha256 in flat
    assert "§ 241 StGB" in text and "Threat" in text
    assert "Beleidigende E-Mail an das Rathaus" in text  # the statement
    assert "4711/26" in text and "https://social.example/p/9" in flat and "2026-09-01 21:15" in text
    assert text.index("Mit der Familie gesprochen") < text.index("Anzeige erstattet")  # by date
    assert "Bürgermeisterin Jörg-Çelik" in text
    assert f"Page 1 of {pages}" in text and "generated on" in text
    entry = AuditEntry.query.filter_by(action="incident.export", object_id=item.id).one()
    assert entry.details == {"format": "pdf", "incidents": 1} and entry.municipality_id is None


@pytest.mark.parametrize(
    ("forms", "expected", "absent"),
    [
        (["insult"], ["185", "188", "77b"], ["241"]),
        (["defamation"], ["186", "187", "188", "77b"], ["185"]),
        (["threat", "coercion", "stalking"], ["241", "240", "238"], ["185"]),
        (["incitement"], ["130"], ["77b"]),
        (["property_vehicle"], ["303"], ["223"]),
        (["physical_hitting"], ["223", "224"], ["303"]),
        (["online_hate"], ["185", "186", "187", "188", "77b", "241", "130"], ["303"]),
    ],
)
def test_provisions_follow_the_forms(forms, expected, absent):
    keys = dossier.provisions_for(forms)
    assert set(expected) <= set(keys) and not set(absent) & set(keys)


def test_insult_dossier_names_the_three_month_complaint_deadline(app, client, make, db, login, case):
    _item, official, _files = case
    with app.test_request_context():
        other = incident(db, official, _item.network, form="insult")
        db.session.commit()
    _pages, text = _text(client.get(f"/incidents/{other.id}/dossier.pdf").data)
    assert "§ 185 StGB" in text and "§ 77b StGB" in text and "three months" in text and "§ 188 StGB" in text


def test_the_zip_holds_the_originals_and_a_manifest_whose_hashes_match(client, case):
    item, official, files = case
    r = client.get(f"/incidents/{item.id}/evidence.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(r.data))
    rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
    assert len(rows) == 3
    for row in rows:
        data = archive.read(row["file"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"] and len(data) == int(row["size"])
    assert {r["sha256"] for r in rows} == {ev.sha256 for ev in files}
    assert any(r["link"] == "https://social.example/p/9" and r["captured_at"] == "2026-09-01T21:15" for r in rows)
    photo = next(r for r in rows if r["file"].endswith("foto.jpg"))
    assert b"Phone X Secret" in archive.read(photo["file"])  # the original, metadata and all
    assert AuditEntry.query.filter_by(action="incident.export", object_id=item.id).one().details["format"] == "zip"


def test_a_file_that_no_longer_matches_its_hash_stops_the_zip(app, client, case, db):
    item, official, files = case
    with app.test_request_context():
        from weltoffen.incidents import sealing

        tampered = sealing.seal_bytes(item, b"%PDF-1.4 something else\n%%EOF", f"evidence:{files[2].id}")
        (evidence.folder() / files[2].storage_name).write_bytes(tampered)
    r = client.get(f"/incidents/{item.id}/evidence.zip")
    assert r.status_code == 302 and r.headers["Location"].endswith(f"/incidents/{item.id}#evidence")
    assert AuditEntry.query.filter_by(action="incident.export", object_id=item.id).count() == 0


def test_a_set_of_own_incidents_in_one_dossier(app, client, case, db):
    item, official, _files = case
    with app.test_request_context():
        second = incident(db, official, item.network, form="stalking", severity=3,
                          contents={"date": "2026-10-05", "description": "Wieder vor dem Haus gewartet."})
        db.session.commit()
    r = client.get(f"/incidents/dossier/set.pdf?ids={item.id}&ids={second.id}")
    assert r.status_code == 200
    _pages, text = _text(r.data)
    assert "Incident 1: Sep 1, 2026" in text and "Incident 2: Oct 5, 2026" in text  # English dates in English
    assert "§ 238 StGB" in text and "§ 241 StGB" in text
    assert client.get(f"/incidents/dossier/set.zip?ids={item.id}&ids={second.id}").status_code == 200
    assert client.get("/incidents/dossier").status_code == 200
    assert client.get("/incidents/dossier/set.pdf?ids=abc").status_code == 400


def test_a_set_with_someone_elses_incident_is_refused(app, client, case, make, db):
    item, official, _files = case
    stranger = make.user(municipality=official.memberships[0].municipality, role="official")
    with app.test_request_context():
        theirs = incident(db, stranger, item.network)
        db.session.commit()
    assert client.get(f"/incidents/dossier/set.pdf?ids={item.id}&ids={theirs.id}").status_code == 404
    assert client.get(f"/incidents/{theirs.id}/dossier.pdf").status_code == 404
    assert client.get(f"/incidents/{theirs.id}/evidence.zip").status_code == 404


def test_the_pdf_page_count_grows_with_the_incidents(app, case, db):
    item, official, _files = case
    with app.test_request_context():
        plain = incident(db, official, item.network, form="threat")  # no evidence: no pictures
        assert _text(dossier.build_pdf([plain], official))[0] == 3  # title page, the incident, the provisions
        second = incident(db, official, item.network, form="insult")
        assert _text(dossier.build_pdf([plain, second], official))[0] == 4


def test_the_dossier_zip_without_evidence_has_only_the_manifest(app, case, db):
    item, official, _files = case
    with app.test_request_context():
        empty = incident(db, official, item.network)
        archive = zipfile.ZipFile(io.BytesIO(dossier.build_zip([empty])))
        assert archive.namelist() == ["manifest.csv"]
        assert PDF  # (kept for symmetry with the other fixtures)
