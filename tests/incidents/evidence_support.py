"""Files and incidents for the evidence, dossier and link tests."""

import io
from datetime import UTC, datetime

from PIL import Image
from werkzeug.datastructures import FileStorage

from weltoffen.incidents import sealing
from weltoffen.incidents.models import Incident

GPS_LAT = (52.0, 31.0, 12.34)


def upload(data: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=name)


def png(size=(40, 30), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def jpeg_with_gps(size=(64, 48)) -> bytes:
    """A JPEG photo with EXIF: camera make and model, a GPS position and an orientation."""
    image = Image.new("RGB", size, (20, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone X Secret"  # Model
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LAT
    gps[3] = "E"
    gps[4] = (13.0, 24.0, 0.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


EML = (
    b"From: Hater <hater@example.org>\r\nTo: mayor@example.org\r\nSubject: Du wirst schon sehen\r\n"
    b"Date: Mon, 3 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@example.org>\r\n\r\nText der Drohung.\r\n"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x0a" + b"\x00" * 10 + b"\xff\xfb\x90\x64" + b"\x00" * 200
OGG = b"OggS\x00\x02" + b"\x00" * 100
WAV = b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100
M4A = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 100


def contents_of(form="insult", severity=1, day="2026-09-01") -> dict:
    """Complete sealed contents as the report form saves them."""
    return {"date": day, "time": "21:10", "form": form, "channel": "email", "platform": "", "link": "",
            "targets": ["official"], "home_address": False, "perpetrator_known": "known",
            "perpetrator": "Konto @hasser123", "motives": ["local_issues"], "severity": severity,
            "description": "Beleidigende E-Mail an das Rathaus nach der Ratssitzung."}


def incident(db, reporter, network, *, severity=1, form="insult", quarter="2026-Q3", contents=None) -> Incident:
    """An open incident of `reporter` with sealed contents."""
    item = Incident(reporter_id=reporter.id, network_id=network.id, status="open", quarter=quarter, form=form,
                    channel="email", severity=severity, size_class=2)
    db.session.add(item)
    db.session.flush()
    sealing.create_key(item)
    item.sealed = sealing.seal_json(item, {**contents_of(form, severity), **(contents or {})}, "incident")
    item.recorded_at = datetime(2026, 9, 2, 8, 0, tzinfo=UTC)
    db.session.flush()
    return item
