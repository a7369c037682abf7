"""Serving chart SVGs: drawn once per content hash and size and kept per process, sent
with an ETag, immutable under their content URL (`?v=<hash>`, with `&size=narrow` for
the phone drawing), and with a CSP of their own.

Equal hashes mean equal bytes, so every user allowed to see a chart with that content
may be served the same file; the permission check stays in the view."""

import hashlib
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import Response, abort, request

from ..charts import sizes
from .cache import Cache

SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'"
IMMUTABLE = "private, max-age=31536000, immutable"


class RenderedSvgs:
    """(SVG bytes, ETag) by content hash, least recently used dropped past `max_entries`."""

    def __init__(self, max_entries: int):
        self._cache = Cache(max_entries=max_entries, size=lambda value: len(value[0]))

    def render(self, key: str, draw: Callable[[], bytes], size: str = sizes.DEFAULT) -> tuple[bytes, str, str]:
        """(SVG bytes, ETag, content hash) of the drawing in `size`; `draw` runs only on a miss."""
        hit = self._cache.get((key, size))
        if hit is None:
            body = draw()
            hit = (body, hashlib.sha256(body).hexdigest())
            self._cache.put((key, size), hit)
        return (*hit, key)

    def __len__(self) -> int:
        return len(self._cache)


def requested_size() -> str:
    """The chart size asked for: none is the default, `?size=narrow` the phone drawing
    (charts/sizes.py); anything else is refused (400) before anything is drawn."""
    size = request.args.get("size", sizes.DEFAULT)
    if size not in sizes.SIZES:
        abort(400)
    return size


def narrow_url(url: str) -> str:
    """The URL of a chart's narrow drawing: the same URL (content hash and all) with
    `size=narrow`, for the <source> of its <picture> (templates/_macros/charts.html)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "size"]
    return urlunsplit(parts._replace(query=urlencode([*query, ("size", sizes.NARROW)])))


def response(body: bytes, etag: str, key: str) -> Response:
    """The SVG answer: immutable when asked under its content hash, else revalidated."""
    answer = Response(body, mimetype="image/svg+xml")
    answer.set_etag(etag)
    answer.headers["Cache-Control"] = IMMUTABLE if request.args.get("v") == key else "private, no-cache"
    answer.headers["Content-Security-Policy"] = SVG_CSP
    answer.vary.add("Cookie")  # the language comes from the session or the account
    return answer.make_conditional(request)
