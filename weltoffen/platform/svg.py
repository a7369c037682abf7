"""Serving chart SVGs: drawn once per content hash and kept per process, sent with an
ETag, immutable under their content URL (`?v=<hash>`), and with a CSP of their own.

Equal hashes mean equal bytes, so every user allowed to see a chart with that content
may be served the same file; the permission check stays in the view."""

import hashlib
from collections.abc import Callable

from flask import Response, request

from .cache import Cache

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
IMMUTABLE = "private, max-age=31536000, immutable"


class RenderedSvgs:
    """(SVG bytes, ETag) by content hash, least recently used dropped past `max_entries`."""

    def __init__(self, max_entries: int):
        self._cache = Cache(max_entries=max_entries, size=lambda value: len(value[0]))

    def render(self, key: str, draw: Callable[[], bytes]) -> tuple[bytes, str, str]:
        """(SVG bytes, ETag, content hash); `draw` runs only on a miss."""
        hit = self._cache.get((key,))
        if hit is None:
            body = draw()
            hit = (body, hashlib.sha256(body).hexdigest())
            self._cache.put((key,), hit)
        return (*hit, key)


def response(body: bytes, etag: str, key: str) -> Response:
    """The SVG answer: immutable when asked under its content hash, else revalidated."""
    answer = Response(body, mimetype="image/svg+xml")
    answer.set_etag(etag)
    answer.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == key else "private, no-cache"
    answer.headers["Content-Security-Policy"] = SVG_CSP
    answer.vary.add("Cookie")  # the language comes from the session or the account
    return answer.make_conditional(request)
