"""How long an action keeps SQLite's write lock from everyone else.

A probe connection of its own tries BEGIN IMMEDIATE (and rolls back at once) every
2 ms while the action runs; a refusal starts an "unavailable" stretch, the next success
ends it. Only for SQLite URLs; PostgreSQL locks rows, not the database."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def sqlite_path(url: str) -> str:
    """The file of an sqlite:///... URL."""
    return url.split("///", 1)[1]


def measure_write_lock(url: str, action: Callable[[], T]) -> tuple[T, dict]:
    """Run action() while probing; returns its result and {"seconds": wall time of the
    action, "unavailable_s", "unavailable_share" (of the wall time), "longest_ms"}."""
    path = sqlite_path(url)
    stop = threading.Event()
    found = {"unavailable_s": 0.0, "longest_ms": 0.0}

    def probe() -> None:
        con = sqlite3.connect(path, timeout=0, isolation_level=None)
        since = None
        for _ in range(1_000_000):  # bounded; ends with the action
            if stop.is_set():
                break
            try:
                con.execute("BEGIN IMMEDIATE")
                con.execute("ROLLBACK")
                if since is not None:
                    held = time.perf_counter() - since
                    found["unavailable_s"] += held
                    found["longest_ms"] = max(found["longest_ms"], held * 1000)
                    since = None
            except sqlite3.OperationalError:
                since = since or time.perf_counter()
            time.sleep(0.002)
        con.close()

    thread = threading.Thread(target=probe)
    thread.start()
    started = time.perf_counter()
    result = action()
    wall = time.perf_counter() - started
    stop.set()
    thread.join()
    return result, {
        "seconds": round(wall, 2),
        "unavailable_s": round(found["unavailable_s"], 2),
        "unavailable_share": round(found["unavailable_s"] / wall, 2),
        "longest_ms": round(found["longest_ms"], 1),
    }
