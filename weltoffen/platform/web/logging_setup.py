"""Request ids and, with LOG_FORMAT = "json", one JSON object per log line.

Every request gets an id: the X-Request-ID header as sent by the reverse proxy (nginx:
`proxy_set_header X-Request-ID $request_id;`) when it looks like one, else a new
random one; it is sent back in the X-Request-ID response header. With LOG_FORMAT
"json" the root logger writes JSON lines to stderr (time, level, logger, message,
and inside a request request_id, method, path, and for the line each request ends
with, status and duration_ms); LOG_LEVEL sets the level (default INFO). With "plain"
(the default) logging is left as it is. Tokens in URLs (invitation and password
reset links) are never logged: such path segments are replaced by "[redacted]".
"""

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, has_request_context, request
from flask.logging import default_handler

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "taskName"}
request_log = logging.getLogger("weltoffen.request")


def request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


def _safe_path() -> str:
    path = request.path
    for name, value in (request.view_args or {}).items():
        if "token" in name and value:
            path = path.replace(str(value), "[redacted]")
    return path


class JsonFormatter(logging.Formatter):
    """One JSON object per record; extra attributes (logger.info(..., extra={})) are kept."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context():
            entry.update(request_id=request_id(), method=request.method, path=_safe_path())
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class _JsonHandler(logging.StreamHandler):
    """Marks the handler this module installed, so a second create_app() replaces it."""


def _install_json(app: Flask) -> None:
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, _JsonHandler)]:
        root.removeHandler(handler)
    handler = _JsonHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())
    app.logger.removeHandler(default_handler)  # else Flask's plain handler writes it again


def init_app(app: Flask) -> None:
    json_logs = str(app.config.get("LOG_FORMAT") or "plain").lower() == "json"
    if json_logs:
        _install_json(app)

    @app.before_request
    def _start() -> None:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = sent if _VALID_ID.fullmatch(sent) else uuid.uuid4().hex
        g.request_started = time.perf_counter()

    @app.after_request
    def _finish(response):
        rid = g.get("request_id")
        if rid:
            response.headers[REQUEST_ID_HEADER] = rid
        if json_logs and "request_started" in g:
            duration = (time.perf_counter() - g.request_started) * 1000
            request_log.info(
                "%s %s %s", request.method, _safe_path(), response.status_code,
                extra={"status": response.status_code, "duration_ms": round(duration, 2)},
            )
        return response
