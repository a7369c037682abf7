"""A browser without a browser, for benchmarks: standard library only, one client per
simulated user, safe to share between that user's threads (e.g. two overlapping
requests from the same session).

    client = Client(port)
    client.log_in(email, password)                       # raises RuntimeError
    token = client.csrf_token("/selfcheck/...", "dimension page")
    status, headers, body, seconds = client.request(
        "POST", path, form=[("q-1", "2")], headers={"X-CSRFToken": token})

A request never raises for network trouble: it answers with status 0 and the error in
the body, so a benchmark counts it instead of dying halfway.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from typing import NamedTuple
from urllib.parse import urlencode

#: Seconds one request may take before it counts as failed (status 0).
REQUEST_TIMEOUT = 60.0
#: The CSRF token in a form field or in htmx's hx-headers (X-CSRFToken).
CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


class Response(NamedTuple):
    status: int  # 0 when the connection failed or timed out
    headers: http.client.HTTPMessage | None
    body: bytes
    seconds: float  # from sending the request to the last byte of the answer


def find_csrf(body: bytes) -> str | None:
    """The first CSRF token in a page, or None."""
    match = CSRF_RE.search(body.decode("utf-8", "replace"))
    return (match.group(1) or match.group(2)) if match else None


class Client:
    """One browser: its own cookies, one fresh connection per request (gunicorn's sync
    workers close the connection after every response anyway)."""

    def __init__(self, port: int, host: str = "127.0.0.1"):
        self.host = host
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, form: list | None = None,
                headers: dict | None = None, cookies: bool = True) -> Response:
        """Send one request; `form` as (name, value) pairs (a name may repeat), sent
        url-encoded. cookies=False: neither send nor store cookies (no session)."""
        send = {"Connection": "close", "User-Agent": "weltoffen-bench"}
        if cookies and self.cookies:
            with self.lock:
                send["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            send["Content-Type"] = "application/x-www-form-urlencoded"
        send.update(headers or {})
        started = time.perf_counter()
        conn = http.client.HTTPConnection(self.host, self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=send)
            response = conn.getresponse()
            data = response.read()
            seconds = time.perf_counter() - started
            if cookies:
                self._store(response.msg.get_all("Set-Cookie") or [])
            return Response(response.status, response.msg, data, seconds)
        except (OSError, http.client.HTTPException) as exc:
            return Response(0, None, repr(exc).encode(), time.perf_counter() - started)
        finally:
            conn.close()

    def csrf_token(self, path: str, what: str = "page") -> str:
        """GET `path` and return its CSRF token; RuntimeError naming `what` if none."""
        status, _h, body, _s = self.request("GET", path)
        token = find_csrf(body) if status == 200 else None
        if not token:
            raise RuntimeError(f"{what}: HTTP {status}, no CSRF token")
        return token

    def log_in(self, email: str, password: str) -> None:
        """Log in through the login form as a browser does (login page for the CSRF
        token, then POST). RuntimeError unless the answer redirects out of /auth/."""
        token = self.csrf_token("/auth/login", "login page")
        status, headers, _b, _s = self.request(
            "POST", "/auth/login",
            form=[("csrf_token", token), ("email", email), ("password", password)],
        )
        location = headers.get("Location", "") if headers else ""
        if status != 302 or "/auth/" in location:
            raise RuntimeError(f"login: HTTP {status} -> {location or 'no redirect'}")

    def _store(self, set_cookies: list[str]) -> None:
        with self.lock:
            for header in set_cookies:
                pair, _, attributes = header.partition(";")
                name, _, value = pair.strip().partition("=")
                lowered = attributes.lower()
                if not value or "max-age=0" in lowered or "01 jan 1970" in lowered:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
