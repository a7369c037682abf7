"""Forum attachments: images (PNG, JPEG, GIF, WebP) and PDF, checked by size and by
their content (magic bytes; images must really open with Pillow), stored outside
static/ under a random name with their SHA-256. Anything else – SVG, HTML, a .png
that is really HTML – is refused. Served only by attachment_views.attachment."""

import hashlib
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from ...extensions import db
from ...platform.storage import files, uploads
from ..models import Attachment

#: Detected type -> (Pillow format or None for PDF, file extension).
TYPES = {
    "image/png": ("PNG", "png"),
    "image/jpeg": ("JPEG", "jpg"),
    "image/gif": ("GIF", "gif"),
    "image/webp": ("WEBP", "webp"),
    "application/pdf": (None, "pdf"),
}
IMAGE_TYPES = {t for t, (fmt, _ext) in TYPES.items() if fmt}
#: At most this many files per post.
MAX_FILES = 5


class AttachmentRejected(ValueError):
    """The file is refused; `message` says why, in the user's language."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Checked:
    data: bytes
    content_type: str
    filename: str


def sniff(data: bytes) -> str | None:
    """The content type the first bytes prove, or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None




def check(upload) -> Checked:
    """Read and check an upload (anything with `filename` and `read()`); raises
    AttachmentRejected with the reason. The upload's stream is rewound afterwards."""
    limit = current_app.config["FORUM_ATTACHMENT_MAX_BYTES"]
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    elif hasattr(getattr(upload, "stream", None), "seek"):
        upload.stream.seek(0)
    label = upload.filename or _("The file")
    if len(data) > limit:
        raise AttachmentRejected(
            _("%(name)s is larger than %(size)d MB.", name=label, size=max(1, limit // (1024 * 1024)))
        )
    if not data:
        raise AttachmentRejected(_("%(name)s is empty.", name=label))
    content_type = sniff(data)
    if content_type is None:
        raise AttachmentRejected(
            _("%(name)s is not an image (PNG, JPEG, GIF, WebP) or a PDF file.", name=label)
        )
    expected_format, extension = TYPES[content_type]
    if expected_format and not uploads.image_opens(data, expected_format):
        raise AttachmentRejected(_("%(name)s could not be read as an image.", name=label))
    if content_type == "application/pdf" and b"%%EOF" not in data[-2048:]:
        raise AttachmentRejected(_("%(name)s is not a complete PDF file.", name=label))
    return Checked(data=data, content_type=content_type, filename=uploads.clean_filename(upload.filename, extension))


def folder() -> Path:
    """UPLOAD_FOLDER/forum, or instance/uploads/forum; created on first use."""
    return files.domain_folder("forum")


def path_of(attachment: Attachment) -> Path:
    """Where the attachment's bytes are stored."""
    if not re.fullmatch(r"[0-9a-f]{16,64}", attachment.storage_name):
        raise ValueError("unexpected storage name")
    return folder() / attachment.storage_name


def store(upload, uploader, post=None) -> Attachment:
    """Check an upload and store it under a random name; returns the flushed
    Attachment (attached to `post` if given). Raises AttachmentRejected."""
    checked = check(upload)
    attachment = Attachment(
        post=post,
        uploader_id=uploader.id if uploader is not None else None,
        filename=checked.filename,
        content_type=checked.content_type,
        size=len(checked.data),
        sha256=hashlib.sha256(checked.data).hexdigest(),
        storage_name=secrets.token_hex(16),
    )
    files.write(db.session, path_of(attachment), checked.data)
    db.session.add(attachment)
    db.session.flush()
    return attachment


def is_image(attachment: Attachment) -> bool:
    return attachment.content_type in IMAGE_TYPES
