"""Evidence files of an incident: screenshots and photos, PDFs, e-mails (.eml) and
audio recordings.

The SHA-256 is taken over the bytes exactly as received, before anything parses
them; then size and content are checked (magic bytes, images must open with Pillow,
e-mails must parse with the stdlib `email` package). Whatever the file name claims,
only the content decides: a ".png" that is HTML, a script or a ZIP is refused.

The original is kept byte for byte, sealed with the incident's key (purpose
f"evidence:{evidence.id}"), in UPLOAD_FOLDER/incidents (or instance/uploads/incidents)
under a random name. Images also get a preview: the pixels only, turned upright,
at most PREVIEW_PX on each side, re-encoded without EXIF (GPS, device), XMP or ICC
data, sealed too (purpose f"evidence-preview:{evidence.id}"). The original file
name, link, capture time and note are sealed in Evidence.sealed_meta (purpose
"evidence-meta").
"""

import hashlib
import io
import re
import secrets
from datetime import date, datetime
from email import policy
from email.parser import BytesHeaderParser
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, ImageOps
from sqlalchemy import event
from sqlalchemy.orm import Session

from .. import audit
from ..extensions import db
from ..platform.storage import files, uploads
from . import sealing
from .models import Evidence

#: At most this many files in one request.
MAX_FILES = 10
#: Longest side of an image preview, in pixels.
PREVIEW_PX = 1600
META_PURPOSE = "evidence-meta"

#: Detected content type -> (Pillow format for images or None, file extension).
TYPES = {
    "image/png": ("PNG", "png"),
    "image/jpeg": ("JPEG", "jpg"),
    "image/gif": ("GIF", "gif"),
    "image/webp": ("WEBP", "webp"),
    "image/heic": (None, "heic"),
    "application/pdf": (None, "pdf"),
    "message/rfc822": (None, "eml"),
    "audio/mpeg": (None, "mp3"),
    "audio/aac": (None, "aac"),
    "audio/mp4": (None, "m4a"),
    "audio/ogg": (None, "ogg"),
    "audio/wav": (None, "wav"),
    "audio/webm": (None, "webm"),
}
ACCEPT = ".png,.jpg,.jpeg,.gif,.webp,.heic,.pdf,.eml,.mp3,.aac,.m4a,.ogg,.opus,.wav,.webm,image/*,audio/*"
_HEADER_LINE = re.compile(rb"^[A-Za-z0-9-]{1,76}:[ \t]?[^\r\n]*\r?$")
_UNLINK_KEY = "weltoffen_evidence_unlink"


class EvidenceRejected(ValueError):
    """The file is refused; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- recognising the content ----------------------------------------------------------


def sniff(data: bytes) -> str | None:
    """The content type the bytes prove (see TYPES), or None."""
    head = data[:64]
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "audio/wav"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"heim", b"heis", b"hevc", b"mif1", b"msf1"):
            return "image/heic"
        if brand in (b"M4A ", b"M4B ", b"mp42", b"isom", b"3gp4", b"3gp5"):
            return "audio/mp4"
        return None
    if head.startswith(b"OggS"):
        return "audio/ogg"
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in data[:64]:
        return "audio/webm"
    if head.startswith(b"ID3"):
        return "audio/mpeg"
    if _audio_frame(head):
        # MPEG audio frame sync; layer bits 00 is AAC in an ADTS stream.
        return "audio/aac" if head[1] & 0x06 == 0 else "audio/mpeg"
    if _looks_like_email(data):
        return "message/rfc822"
    return None


def _audio_frame(head: bytes) -> bool:
    """An MPEG audio or ADTS frame header: 11 sync bits, a valid version, bitrate and
    sample rate (so a UTF-16 text's byte order mark is not taken for audio)."""
    if len(head) < 4 or head[0] != 0xFF or head[1] & 0xE0 != 0xE0:
        return False
    if head[1] & 0x06 == 0:  # ADTS (AAC): MPEG-4 or -2, sampling frequency index below 13
        return head[1] & 0xF6 == 0xF0 and (head[2] >> 2) & 0x0F < 13
    version, bitrate, rate = (head[1] >> 3) & 0x03, head[2] >> 4, (head[2] >> 2) & 0x03
    return version != 1 and bitrate not in (0, 15) and rate != 3


def _looks_like_email(data: bytes) -> bool:
    """A mail as saved by a mail program: header lines from the first byte on, then a
    blank line; From plus Date or Subject among the parsed headers."""
    first = data.split(b"\n", 1)[0]
    if not _HEADER_LINE.match(first) or first.lower().startswith((b"http", b"<")):
        return False
    try:
        text_head = data[:65536].decode("utf-8")
    except UnicodeDecodeError:
        try:
            text_head = data[:65536].decode("latin-1")
        except UnicodeDecodeError:  # pragma: no cover - latin-1 decodes every byte
            return False
    if "\x00" in text_head:
        return False
    message = BytesHeaderParser(policy=policy.compat32).parsebytes(data[:65536])
    if message.defects or not message.keys():
        return False
    names = {k.lower() for k in message.keys()}
    return "from" in names and bool(names & {"date", "subject"})




def limit_bytes() -> int:
    return current_app.config["INCIDENT_EVIDENCE_MAX_BYTES"]


def check(data: bytes, filename: str) -> str:
    """The detected content type of `data`, or EvidenceRejected saying why not."""
    label = filename or _("The file")
    limit = limit_bytes()
    if len(data) > limit:
        raise EvidenceRejected(
            _("%(name)s is larger than %(size)d MB.", name=label, size=max(1, limit // (1024 * 1024)))
        )
    if not data:
        raise EvidenceRejected(_("%(name)s is empty.", name=label))
    content_type = sniff(data)
    if content_type is None:
        raise EvidenceRejected(
            _(
                "%(name)s is not an image, PDF, e-mail (.eml) or audio recording – whatever its name says.",
                name=label,
            )
        )
    expected = TYPES[content_type][0]
    if expected and not uploads.image_opens(data, expected):
        raise EvidenceRejected(_("%(name)s could not be read as an image.", name=label))
    if content_type == "application/pdf" and b"%%EOF" not in data[-2048:]:
        raise EvidenceRejected(_("%(name)s is not a complete PDF file.", name=label))
    return content_type


def check_count(uploads) -> None:
    """Refuse more than MAX_FILES files in one go."""
    if len(uploads) > MAX_FILES:
        raise EvidenceRejected(_("Add at most %(n)d files at once.", n=MAX_FILES))


# --- the preview ------------------------------------------------------------------------


def preview_bytes(data: bytes) -> bytes:
    """A copy of the image with nothing but its pixels: upright, at most PREVIEW_PX
    on each side, saved without EXIF, XMP, ICC profile or comments (JPEG for
    photos, PNG for everything else)."""
    with Image.open(io.BytesIO(data)) as source:
        source.seek(0)
        upright = ImageOps.exif_transpose(source)
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
        photo = source.format == "JPEG" and not has_alpha
        pixels = upright.convert("RGB" if photo else "RGBA")
    pixels.thumbnail((PREVIEW_PX, PREVIEW_PX), Image.Resampling.LANCZOS)
    clean = Image.new(pixels.mode, pixels.size)  # a new image: no info dict carried over
    clean.paste(pixels)
    out = io.BytesIO()
    if photo:
        clean.save(out, "JPEG", quality=85, optimize=True)
    else:
        clean.save(out, "PNG", optimize=True)
    return out.getvalue()


def preview_type(data: bytes) -> str:
    return "image/jpeg" if data.startswith(b"\xff\xd8\xff") else "image/png"


# --- storing, reading, deleting ---------------------------------------------------------


def folder() -> Path:
    """UPLOAD_FOLDER/incidents, or instance/uploads/incidents; created on first use."""
    return files.domain_folder("incidents")


def _path(name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{16,64}", name or ""):
        raise FileNotFoundError("unexpected storage name")
    return folder() / name


def _read_upload(upload, limit: int) -> bytes:
    data = upload.read(limit + 1)
    stream = upload if hasattr(upload, "seek") else getattr(upload, "stream", None)
    if hasattr(stream, "seek"):
        stream.seek(0)
    return data


def _captured(value) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime | date):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else value.isoformat()
    raise EvidenceRejected(_("The capture time is not a valid date and time."))


def store(incident, upload, uploader, *, link: str = "", captured_at=None, note: str = "") -> Evidence:
    """Take the SHA-256 of the upload first, check it, keep the original encrypted and
    an encrypted preview without metadata; returns the flushed Evidence. Raises
    EvidenceRejected (nothing is written then)."""
    data = _read_upload(upload, limit_bytes())
    sha256 = hashlib.sha256(data).hexdigest()  # first, over the bytes as received
    filename = getattr(upload, "filename", "") or ""
    content_type = check(data, filename)
    link = (link or "").strip()
    if link and (len(link) > 2000 or not re.match(r"https?://[^\s]+$", link)):
        raise EvidenceRejected(_("The link must be a web address starting with https:// or http://."))
    meta = {
        "filename": uploads.clean_filename(filename, TYPES[content_type][1], "beweis"),
        "link": link,
        "captured_at": _captured(captured_at),
        "note": (note or "").strip()[:2000],
    }
    preview = None
    if TYPES[content_type][0]:
        try:
            preview = preview_bytes(data)
        except Exception:  # noqa: BLE001 - a decoder failure here means no preview, the original stays
            preview = None
    item = Evidence(
        incident=incident,
        uploader_id=getattr(uploader, "id", None),
        sha256=sha256,
        size=len(data),
        content_type=content_type,
        sealed_meta=sealing.seal_json(incident, meta, META_PURPOSE),
        storage_name=secrets.token_hex(16),
        preview_name=secrets.token_hex(16) if preview is not None else None,
    )
    db.session.add(item)
    db.session.flush()
    files.write(db.session, _path(item.storage_name), sealing.seal_bytes(incident, data, f"evidence:{item.id}"))
    if preview is not None:
        sealed_preview = sealing.seal_bytes(incident, preview, f"evidence-preview:{item.id}")
        files.write(db.session, _path(item.preview_name), sealed_preview)
    audit.record("incident.evidence_add", actor=uploader, obj=incident, evidence_id=item.id,
                 content_type=content_type, size=len(data))
    return item


def store_all(incident, items, uploader) -> list[Evidence]:
    """Store several files, each (upload, link, captured_at, note); all or nothing:
    checks the count and every file before the first one is written."""
    check_count(items)
    for upload, *_rest in items:
        data = _read_upload(upload, limit_bytes())
        check(data, getattr(upload, "filename", "") or "")
    return [store(incident, upload, uploader, link=link, captured_at=captured_at, note=note)
            for upload, link, captured_at, note in items]


def meta_of(item: Evidence) -> dict:
    """The sealed file name, link, capture time and note ({} if they cannot be read)."""
    try:
        return sealing.open_json(item.incident, item.sealed_meta, META_PURPOSE)
    except sealing.Shredded:
        raise
    except Exception:  # noqa: BLE001 - a damaged or placeholder blob shows as "no details"
        return {}


def original(item: Evidence) -> bytes:
    """The decrypted original bytes; FileNotFoundError if the file is missing."""
    blob = _path(item.storage_name).read_bytes()
    return sealing.open_bytes(item.incident, blob, f"evidence:{item.id}")


def preview(item: Evidence) -> bytes:
    """The decrypted preview (images only); FileNotFoundError without one."""
    if not item.preview_name:
        raise FileNotFoundError("no preview")
    blob = _path(item.preview_name).read_bytes()
    return sealing.open_bytes(item.incident, blob, f"evidence-preview:{item.id}")


def discard_files(item: Evidence) -> None:
    """Remove the evidence's files once the transaction commits (kept on rollback)."""
    for name in (item.storage_name, item.preview_name):
        if name and re.fullmatch(r"[0-9a-f]{16,64}", name):
            db.session.info.setdefault(_UNLINK_KEY, []).append(folder() / name)


def delete(item: Evidence, actor) -> None:
    """Delete one evidence file (row now, files after the commit); audited."""
    incident = item.incident
    discard_files(item)
    audit.record("incident.evidence_delete", actor=actor, obj=incident, evidence_id=item.id)
    incident.evidence.remove(item)
    db.session.delete(item)
    db.session.flush()


@event.listens_for(Session, "after_commit")
def _unlink(session: Session) -> None:
    for path in session.info.pop(_UNLINK_KEY, []):
        Path(path).unlink(missing_ok=True)


@event.listens_for(Session, "after_rollback")
def _keep(session: Session) -> None:
    session.info.pop(_UNLINK_KEY, None)


def file_paths(item: Evidence) -> list[Path]:
    """The encrypted files of one evidence item (original, and preview if any)."""
    return [folder() / name for name in (item.storage_name, item.preview_name)
            if name and re.fullmatch(r"[0-9a-f]{16,64}", name)]
