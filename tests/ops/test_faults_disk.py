"""A full upload disk (a real tmpfs as UPLOAD_FOLDER): the official gets a clear message
with the form values kept, no row without its file and no partial or temporary file
remain, and once space is free again uploads work. Plus `flask files sweep`, which
removes what killed workers leave behind."""

import io
import os
import time

import pytest
from PIL import Image

from weltoffen.forum.discussions import attachments
from weltoffen.incidents import services as incidents
from weltoffen.platform.storage import files
from weltoffen.platform.storage.sweep import sweep

from ..conftest import raw_count
from .faults_support import fill, tmpfs


def png(size: int, seed: int = 0) -> bytes:
    """Random pixels: a PNG of about 3 * size * size bytes that does not compress."""
    out = io.BytesIO()
    Image.frombytes("RGB", (size, size), os.urandom(size * size * 3) if seed else bytes(size * size * 3)).save(
        out, "PNG")
    return out.getvalue()


@pytest.fixture
def official(make, login):
    town = make.municipality()
    user = login(make.user(municipality=town, role="official"))
    return user, incidents.new_draft(user)


@pytest.fixture
def full_disk(app, monkeypatch):
    with tmpfs("1m") as mountpoint:
        monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(mountpoint))
        yield mountpoint


def upload(client, incident, data: bytes, note: str):
    return client.post(f"/incidents/{incident.id}/evidence/new",
                       data={"rows": "1", "note-0": note, "file-0": (io.BytesIO(data), "beweis.png")},
                       content_type="multipart/form-data")


def leftovers(folder):
    return sorted(p.name for p in (folder / "incidents").iterdir()) if (folder / "incidents").exists() else []


def test_a_full_upload_disk_refuses_clearly_keeps_the_form_and_recovers(client, official, full_disk):
    _user, incident = official
    filler = fill(full_disk, leave=40_000)
    rows = raw_count("evidence")
    response = upload(client, incident, png(200, seed=1), "Notiz zum Beweis")
    assert response.status_code == 507
    page = response.get_data(as_text=True)
    assert "Speicher" in page and "Notiz zum Beweis" in page  # German message, the note kept
    assert raw_count("evidence") == rows
    assert leftovers(full_disk) == []  # no partial file, no temporary file
    filler.unlink()
    response = upload(client, incident, png(200, seed=1), "Notiz zum Beweis")
    assert response.status_code == 302
    assert raw_count("evidence") == rows + 1
    stored = leftovers(full_disk)
    assert stored and not [n for n in stored if n.endswith(".tmp")]


def test_a_full_disk_keeps_the_new_incident_report_and_stores_nothing(client, official, full_disk):
    fill(full_disk, leave=40_000)
    incidents_before, evidence_before = raw_count("incident"), raw_count("evidence")
    response = client.post("/incidents/new", data={
        "action": "draft", "form_token": "faults-disk", "description": "Drohbrief am Rathaus",
        "evidence-0": (io.BytesIO(png(200, seed=1)), "brief.png"),
    }, content_type="multipart/form-data")
    assert response.status_code == 507
    page = response.get_data(as_text=True)
    assert "Speicher voll" in page and "Drohbrief am Rathaus" in page
    assert (raw_count("incident"), raw_count("evidence")) == (incidents_before, evidence_before)
    assert leftovers(full_disk) == []


def test_write_on_a_full_disk_raises_storage_full_and_leaves_no_temporary_file(app, db, full_disk):
    fill(full_disk, leave=8_000)
    target = full_disk / ("ab" * 16)
    with pytest.raises(files.StorageFull):
        files.write(db.session, target, os.urandom(200_000))
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler.bin"]


def test_storage_full_outside_an_upload_form_is_a_507_page(app, db, full_disk):
    with app.test_request_context("/forum/x", method="POST"):
        from weltoffen.platform.web.errors import handle_storage_full

        body, status, headers = handle_storage_full(files.StorageFull(full_disk / "x"))
    assert status == 507 and headers["Retry-After"] and "Speicher" in body


class Upload(io.BytesIO):
    filename = "plan.pdf"


def test_sweep_removes_old_orphans_and_temporary_files_only(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    kept = attachments.store(Upload(b"%PDF-1.4\n%%EOF\n"), None)
    forum = tmp_path / "forum"
    old = time.time() - 7200
    orphan, young = forum / ("1" * 32), forum / ("2" * 32)
    temp_old, temp_young = forum / f".{'3' * 32}.abcd1234.tmp", forum / f".{'4' * 32}.abcd1234.tmp"
    other = forum / "README.txt"
    for path in (orphan, young, temp_old, temp_young, other):
        path.write_bytes(b"x")
    for path in (orphan, temp_old, other, attachments.path_of(kept)):
        os.utime(path, (old, old))
    result = sweep(older_than_seconds=3600, dry_run=True)
    assert (len(result.orphans), len(result.temporary)) == (1, 1) and orphan.exists()
    result = sweep(older_than_seconds=3600)
    assert result.orphans == [orphan] and result.temporary == [temp_old]
    assert result.referenced == 1 and result.kept_young == 2
    assert sorted(p.name for p in forum.iterdir()) == sorted(
        [attachments.path_of(kept).name, young.name, temp_young.name, other.name])


def test_sweep_command(app, db, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(tmp_path))
    (tmp_path / "incidents").mkdir()
    (tmp_path / "incidents" / ("5" * 32)).write_bytes(b"x")
    out = app.test_cli_runner().invoke(args=["files", "sweep", "--older-than", "0"])
    assert out.exit_code == 0, out.output
    assert "removed 1 unreferenced and 0 temporary files" in out.output
    assert not (tmp_path / "incidents" / ("5" * 32)).exists()
