"""Serving forum attachments: only through this permission-checked route, with the
type we detected at upload, never the browser's guess, and a sandbox policy."""

import io

from flask import abort, send_file

from .. import bp
from ..access import attachment_or_404
from . import attachments


@bp.route("/attachments/<int:attachment_id>")
@bp.route("/attachments/<int:attachment_id>/<name>")
def attachment(attachment_id: int, name: str = ""):
    item = attachment_or_404(attachment_id)
    path = attachments.path_of(item)
    if not path.is_file():
        abort(404)
    image = attachments.is_image(item)
    # download_name makes send_file say "inline" or "attachment" with a safe filename (and filename*).
    response = send_file(
        io.BytesIO(path.read_bytes()),  # at most FORUM_ATTACHMENT_MAX_BYTES; no file handle left open
        mimetype=item.content_type,
        as_attachment=not image,
        download_name=item.filename,
        conditional=True,
        etag=item.sha256,
        max_age=3600,
    )
    response.headers["Content-Type"] = item.content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
