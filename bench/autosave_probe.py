"""--login-probe: what logins cost a member who is saving. One member saves answers one
after the other, first alone, then while other members log in again and again - half
as many as there are workers, so a worker stays free for the saves and what remains is
waiting for the database. On SQLite a probe connection also measures how long the
write lock is unavailable while a single member logs in repeatedly and nobody saves."""

from __future__ import annotations

import random
import threading
import time

from autosave_scenario import ClientRun, Fixture, Session, make_save
from common.http_client import Client
from common.sqlite_lock import measure_write_lock
from common.stats import median, ms, percentile


def login_probe(port: int, fixture: Fixture, session: Session, url: str, seconds: float,
                workers: int) -> dict:
    """{"run": the probe's saves (to verify with the rest), "report": its figures}."""
    run = ClientRun(session.index, session.user_id, repeat=-1)
    question = fixture.questions[0]
    rng = random.Random("login-probe")
    path = fixture.answer_path(question["key"])

    def save_for(duration: float) -> list[float]:
        before = len(run.writes)
        end = time.perf_counter() + duration
        for n in range(5000):  # bounded; stops after `duration`
            if time.perf_counter() >= end:
                break
            prepared = make_save(question, rng, f"probe-{len(run.writes)}-{n}")
            run.save(session, path, question["key"], prepared, hot=False, twin=False)
        return [w.ended - w.started for w in run.writes[before:]]

    def log_in_for(duration: float, user: tuple[int, str], out: list[float]) -> None:
        end = time.perf_counter() + duration
        for n in range(500):  # bounded; stops after `duration`
            if time.perf_counter() >= end:
                break
            other = Session(n, user[0], user[1], Client(port))
            other.log_in(fixture)
            if other.login_seconds is not None:
                out.append(other.login_seconds)

    def with_logins(duration: float, users: list, work=None) -> tuple[list[float], list[float]]:
        """(work(duration) or [], login seconds) with `users` logging in meanwhile."""
        logins: list[float] = []
        threads = [threading.Thread(target=log_in_for, args=(duration, u, logins)) for u in users]
        for t in threads:
            t.start()
        result = work(duration) if work else []
        for t in threads:
            t.join()
        return result, logins

    others = fixture.users[1:1 + max(1, workers // 2)]
    alone = save_for(seconds)
    during, logins = with_logins(seconds, others, save_for) if others else ([], [])
    report = {
        "logging_in": len(others),
        "saver_alone": {"saves": len(alone), "p50_ms": ms(median(alone)),
                        "p95_ms": ms(percentile(alone, 95))},
        "saver_during_logins": {"saves": len(during), "p50_ms": ms(median(during)),
                                "p95_ms": ms(percentile(during, 95)),
                                "max_ms": ms(max(during) if during else None)},
        "logins": len(logins),
        "login_p50_ms": ms(median(logins)),
    }
    if url.startswith("sqlite") and others:
        (_, solo), lock = measure_write_lock(url, lambda: with_logins(seconds, others[:1]))
        report["write_lock"] = {
            "one_member_logging_in_repeatedly": len(solo),
            "login_p50_ms": ms(median(solo)),
            "seconds": lock["seconds"],
            "write_lock_unavailable_s": lock["unavailable_s"],
            "write_lock_unavailable_share": lock["unavailable_share"],
            "longest_ms": lock["longest_ms"],
        }
    return {"run": run, "report": report}
