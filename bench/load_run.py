"""The phases of one mixed-load run against a served database:

    log_in_all     every user logs in at once (TOTP for coordinators and officials)
    mix            every user starts at one barrier and sends a fixed number of requests
                   (its role's step(), bounded); latencies per request kind
    minimal        the same number of clients send the same number of requests each to
                   the minimal Flask page (bench/minimal_app.py): the baseline, taken
                   before and after the mix
    count_sql      each user in turn, alone, sends a few more requests of every kind of
                   its role: the statements each took (load_wsgi's response header) and
                   the kind's latency without the others' queue
"""

from __future__ import annotations

import threading
import time

from common.load import baseline, run_threads, wait
from common.stats import median, ms
from load_users import KINDS, User

#: The response header bench/load_wsgi.py puts the statement count in.
HEADER = "X-Bench-SQL-Statements"


def log_in_all(users: list[User]) -> list[str]:
    """Everyone at once; returns the errors (a user that failed sits out)."""
    start = threading.Barrier(len(users))

    def go(user: User) -> None:
        wait(start)
        user.safe_log_in()

    run_threads(go, [(u,) for u in users])
    return [u.error for u in users if u.error]


def mix(users: list[User], requests: int) -> dict:
    """Each user sends `requests` requests (a poster fewer: User.share), all starting together. Returns the samples
    [(kind, status, seconds, started)], the wall time from the start to the last answer,
    and the CPU seconds this process used meanwhile (the clients share the cores)."""
    active = [u for u in users if not u.error]
    samples: list[list[tuple]] = [[] for _ in active]
    ends = [0.0] * len(active)
    start = threading.Barrier(len(active) + 1)

    def go(i: int, user: User) -> None:
        wait(start)
        for _ in range(user.requests(requests)):  # bounded
            began = time.perf_counter()
            kind, response = user.step()
            samples[i].append((kind, response.status, response.seconds, began))
        ends[i] = time.perf_counter()

    threads = [threading.Thread(target=go, args=(i, u)) for i, u in enumerate(active)]
    for t in threads:
        t.start()
    wait(start)
    began, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    return {"samples": [s for per in samples for s in per], "began": began,
            "wall": max(ends, default=began) - began,
            "client_cpu": time.process_time() - cpu, "users": len(active)}


def minimal(port: int, clients: int, requests: int) -> dict:
    """The minimal page under the same concurrency (common.load.baseline)."""
    return baseline(port, clients, requests, path="/table")


def count_sql(users: list[User], repeats: int) -> dict[str, dict]:
    """Statements per request kind, and each kind's latency alone: every active user in
    turn (one request at a time, nothing else running) sends `repeats` rounds of its
    role's kinds. {kind: {"median", "min", "max", "samples", "alone_p50_ms"}}."""
    counts: dict[str, list[int]] = {}
    alone: dict[str, list[float]] = {}
    for user in users:
        if user.error:
            continue
        for _ in range(repeats * len(KINDS[user.role])):  # bounded
            kind, response = user.step()
            value = response.headers.get(HEADER) if response.headers else None
            if value is not None:
                counts.setdefault(kind, []).append(int(value))
            alone.setdefault(kind, []).append(response.seconds)
    return {kind: {"median": median(v), "min": min(v), "max": max(v), "samples": len(v),
                   "alone_p50_ms": ms(median(alone[kind]))}
            for kind, v in counts.items()}
