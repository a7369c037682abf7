"""Fault injection for the fault tests (tests/ops/test_faults_*.py, bench/faults.py).
Off by default: nothing is registered unless FAULT_DIR (WELTOFFEN_FAULT_DIR) is set,
and it must never be set in production.

With FAULT_DIR set, a request carrying the header `X-Weltoffen-Fault: <point>` stops
at that point of its first writing transaction for FAULT_PAUSE seconds (default 30),
after creating FAULT_DIR/<pid>.<point>, so a test knows which gunicorn worker to
SIGKILL "in the middle" of that request:

    before_commit   rows flushed and files written, nothing committed yet
    after_commit    committed, the response not yet sent (durable, unacknowledged)
"""

import os
import time
from pathlib import Path

from flask import current_app, g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.orm import Session

HEADER = "X-Weltoffen-Fault"
POINTS = ("before_commit", "after_commit")
_WROTE = "weltoffen_fault_wrote"


def init_app(app) -> None:
    if not app.config.get("FAULT_DIR"):
        return
    app.logger.warning("fault injection is on (FAULT_DIR=%s): test use only", app.config["FAULT_DIR"])
    if not event.contains(Session, "after_flush", _flushed):
        event.listen(Session, "after_flush", _flushed)
        event.listen(Session, "do_orm_execute", _executed)
        event.listen(Session, "before_commit", _before_commit)
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_rollback", _rolled_back)


def _wanted(point: str) -> bool:
    return (has_request_context() and request.headers.get(HEADER) == point
            and bool(current_app.config.get("FAULT_DIR")) and not g.get("_fault_done"))


def _pause(point: str) -> None:
    g._fault_done = True
    marker = Path(current_app.config["FAULT_DIR"]) / f"{os.getpid()}.{point}"
    marker.write_text(request.path)
    time.sleep(float(current_app.config.get("FAULT_PAUSE") or 30))


def _flushed(session: Session, _context) -> None:
    session.info[_WROTE] = True


def _executed(state) -> None:
    if not state.is_select:  # an upsert or bulk statement run through the session
        state.session.info[_WROTE] = True


def _before_commit(session: Session) -> None:
    if _wanted("before_commit"):
        session.flush()  # what commit would flush next: the rows are written, uncommitted
        if session.info.get(_WROTE):
            _pause("before_commit")


def _after_commit(session: Session) -> None:
    if session.info.pop(_WROTE, False) and _wanted("after_commit"):
        _pause("after_commit")


def _rolled_back(session: Session) -> None:
    session.info.pop(_WROTE, None)
