"""Evidence uploads as a service: SHA-256 first, content checks, sealed originals and
metadata-free previews."""

import hashlib
import io
from datetime import datetime

import pytest
from flask import session
from PIL import Image

from tests.incidents.evidence_support import EML, M4A, MP3, OGG, PDF, WAV, incident, jpeg_with_gps, png, upload
from weltoffen.audit import AuditEntry
from weltoffen.incidents import evidence


@pytest.fixture
def case(app, make, db):
    network = make.network()
    m = make.municipality(network)
    official = make.user(municipality=m, role="official")
    with app.test_request_context():
        session["lang"] = "en"
        yield incident(db, official, network), official


def test_sha256_equals_hashlib_over_the_uploaded_bytes_and_the_file_on_disk_is_sealed(case):
    item, official = case
    data = png()
    ev = evidence.store(item, upload(data, "screenshot.png"), official, link="https://example.org/post/1",
                        captured_at=datetime(2026, 9, 1, 21, 15), note="Kommentar unter dem Post")
    assert ev.sha256 == hashlib.sha256(data).hexdigest()
    assert ev.size == len(data) and ev.content_type == "image/png"
    on_disk = (evidence.folder() / ev.storage_name).read_bytes()
    assert data not in on_disk and data[:32] not in on_disk
    assert b"screenshot" not in ev.sealed_meta and b"example.org" not in ev.sealed_meta
    assert evidence.original(ev) == data
    meta = evidence.meta_of(ev)
    assert meta == {"filename": "screenshot.png", "link": "https://example.org/post/1",
                    "captured_at": "2026-09-01T21:15", "note": "Kommentar unter dem Post"}
    assert ev in item.evidence
    entry = AuditEntry.query.filter_by(action="incident.evidence_add", object_id=item.id).one()
    assert entry.municipality_id is None and "screenshot" not in str(entry.details)


def test_gps_exif_is_stripped_in_the_preview_and_kept_in_the_original(case):
    item, official = case
    data = jpeg_with_gps()
    with Image.open(io.BytesIO(data)) as source:
        assert source.getexif().get_ifd(0x8825)  # the fixture really carries GPS
    ev = evidence.store(item, upload(data, "foto.jpg"), official)
    original = evidence.original(ev)
    assert original == data and hashlib.sha256(original).hexdigest() == ev.sha256
    preview = evidence.preview(ev)
    assert b"Phone X Secret" in original and b"Phone X Secret" not in preview
    assert b"PhoneMaker" not in preview and b"Exif" not in preview
    with Image.open(io.BytesIO(preview)) as shown:
        assert not shown.getexif() and "icc_profile" not in shown.info and "exif" not in shown.info
        assert shown.size == (48, 64)  # turned upright by the orientation tag
    preview_on_disk = (evidence.folder() / ev.preview_name).read_bytes()
    assert preview not in preview_on_disk


def test_large_images_get_a_bounded_preview(case):
    item, official = case
    ev = evidence.store(item, upload(png((3200, 1000)), "gross.png"), official)
    with Image.open(io.BytesIO(evidence.preview(ev))) as shown:
        assert max(shown.size) == evidence.PREVIEW_PX


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [(PDF, "brief.pdf", "application/pdf"), (EML, "drohung.eml", "message/rfc822"), (MP3, "anruf.mp3", "audio/mpeg"),
     (OGG, "sprachnachricht.ogg", "audio/ogg"), (WAV, "mailbox.wav", "audio/wav"), (M4A, "memo.m4a", "audio/mp4")],
)
def test_documents_mails_and_audio_are_kept_without_preview(case, data, name, content_type):
    item, official = case
    ev = evidence.store(item, upload(data, name), official)
    assert ev.content_type == content_type and ev.preview_name is None
    assert evidence.original(ev) == data


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "screenshot.png"),
        (b"#!/bin/sh\nrm -rf /\n", "foto.jpg"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 50, "beweis.pdf"),
        (b"\x89PNG\r\n\x1a\n" + b"not really a png", "kaputt.png"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "bild.png"),
        (b"\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00", "text.mp3"),
        (b"%PDF-1.4\nno end", "halb.pdf"),
        (b"Hello: world\r\n\r\nnot a mail", "nachricht.eml"),
    ],
)
def test_disguised_or_broken_files_are_refused(case, db, data, name):
    item, official = case
    with pytest.raises(evidence.EvidenceRejected) as refused:
        evidence.store(item, upload(data, name), official)
    assert name in refused.value.message
    db.session.flush()
    assert item.evidence == []


def test_zero_byte_and_oversized_files_are_refused(app, case):
    item, official = case
    with pytest.raises(evidence.EvidenceRejected, match="empty"):
        evidence.store(item, upload(b"", "leer.png"), official)
    limit = app.config["INCIDENT_EVIDENCE_MAX_BYTES"]
    big = b"%PDF-1.4\n" + b"0" * limit + b"\n%%EOF\n"
    with pytest.raises(evidence.EvidenceRejected, match="larger than 15 MB"):
        evidence.store(item, upload(big, "riesig.pdf"), official)
    assert item.evidence == []
    assert not list(evidence.folder().glob(".*.tmp"))


def test_many_at_once_beyond_the_limit_are_refused_before_anything_is_stored(case):
    item, official = case
    items = [(upload(png(), f"s{i}.png"), "", None, "") for i in range(evidence.MAX_FILES + 1)]
    with pytest.raises(evidence.EvidenceRejected, match="at most 10"):
        evidence.store_all(item, items, official)
    assert item.evidence == []
    stored = evidence.store_all(item, items[: evidence.MAX_FILES], official)
    assert len(stored) == evidence.MAX_FILES == len(item.evidence)


def test_one_bad_file_among_several_stores_none(case):
    item, official = case
    items = [(upload(png(), "gut.png"), "", None, ""), (upload(b"<html>", "boese.png"), "", None, "")]
    with pytest.raises(evidence.EvidenceRejected, match="boese.png"):
        evidence.store_all(item, items, official)
    assert item.evidence == []


def test_a_link_must_be_a_web_address(case):
    item, official = case
    with pytest.raises(evidence.EvidenceRejected, match="https://"):
        evidence.store(item, upload(png(), "s.png"), official, link="javascript:alert(1)")


def test_rolled_back_uploads_leave_no_files(app, make, db):
    network = make.network()
    official = make.user(municipality=make.municipality(network), role="official")
    with app.test_request_context():
        item = incident(db, official, network)
        nested = db.session.begin_nested()
        ev = evidence.store(item, upload(png(), "s.png"), official)
        paths = [evidence.folder() / ev.storage_name, evidence.folder() / ev.preview_name]
        assert all(p.is_file() for p in paths)
        nested.rollback()
        db.session.rollback()
        assert not any(p.is_file() for p in paths)


def test_delete_removes_the_row_and_after_the_commit_the_files(app, make, db):
    network = make.network()
    official = make.user(municipality=make.municipality(network), role="official")
    with app.test_request_context():
        item = incident(db, official, network)
        ev = evidence.store(item, upload(png(), "s.png"), official)
        db.session.commit()
        paths = [evidence.folder() / ev.storage_name, evidence.folder() / ev.preview_name]
        evidence.delete(ev, official)
        assert all(p.is_file() for p in paths)
        db.session.commit()
        assert not any(p.is_file() for p in paths)
        assert item.evidence == []
        assert AuditEntry.query.filter_by(action="incident.evidence_delete", object_id=item.id).count() == 1
