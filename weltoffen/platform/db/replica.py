"""Reading from a PostgreSQL streaming replica - switched on by configuration alone.

    WELTOFFEN_REPLICA_URL=postgresql://weltoffen@10.0.0.6/weltoffen

adds an engine "replica" beside the primary (WELTOFFEN_DATABASE_URL). Views marked
@replica_reads - the heavy pages that only read: the comparison page, the
coordinator's heatmap, the incident statistics, the forum search - then read from it,
when all of this holds:

- the request only reads (GET/HEAD);
- the person has not written anything for REPLICA_GRACE_SECONDS (10): their own
  change shows at once (read-your-writes), other people's after the replica's lag;
- nothing was written earlier in the same request.

Everything else goes to the primary: the user loader (a logout or a revoked
membership takes effect at once, and every permission rule works on the primary's
memberships), every write, every SELECT ... FOR UPDATE, every view not marked. Without
WELTOFFEN_REPLICA_URL nothing changes. The benchmark pages key their caches on the
version token they read with their first query, so a page read from the replica is
cached under the replica's token and never mixed with the primary's state.
"""

from __future__ import annotations

import time
from functools import wraps

from flask import current_app, g, has_request_context, request, session
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import event
from sqlalchemy.orm import Session

BIND = "replica"
READ_METHODS = frozenset({"GET", "HEAD"})
WROTE_AT = "wrote_at"  # in the (signed) session cookie: when this person last wrote
_WROTE = "weltoffen_wrote"  # in Session.info: this request has written


def configure(app) -> None:
    """Called from create_app's database set-up: the replica as a bind of its own."""
    url = app.config.get("REPLICA_URL")
    if not url:
        return
    if url.startswith(("postgres://", "postgresql://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    binds = dict(app.config.get("SQLALCHEMY_BINDS") or {})
    binds[BIND] = url
    app.config["SQLALCHEMY_BINDS"] = binds
    app.after_request(_remember_write)


def replica_reads(view):
    """Let this view's reads go to the replica (see the module's conditions)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if request.method in READ_METHODS and not wrote_recently():
            g.replica_reads = True
        return view(*args, **kwargs)

    return wrapper


def wrote_recently() -> bool:
    grace = current_app.config.get("REPLICA_GRACE_SECONDS", 10)
    return time.time() - float(session.get(WROTE_AT, 0) or 0) < grace


class RoutingSession(FlaskSession):
    """Flask-SQLAlchemy's session, with reads of @replica_reads views sent to the
    replica engine when there is one."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if bind is None and self._reads_from_replica(clause):
            engine = self._db.engines.get(BIND)
            if engine is not None:
                return engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)

    def _reads_from_replica(self, clause) -> bool:
        if self._flushing:
            _mark_written(self)
            return False
        if self.info.get(_WROTE) or not has_request_context() or not g.get("replica_reads"):
            return False
        if clause is not None and (getattr(clause, "is_dml", False)
                                   or getattr(clause, "_for_update_arg", None) is not None):
            _mark_written(self)
            return False
        return True


def _mark_written(session) -> None:
    session.info[_WROTE] = True
    if has_request_context():
        g.database_written = True


@event.listens_for(Session, "after_flush")
def _flushed(session, _context) -> None:
    _mark_written(session)


def _remember_write(response):
    """After a request that wrote (and did not fail), this person reads from the
    primary for the grace period."""
    if g.get("database_written") and response.status_code < 400:
        session[WROTE_AT] = round(time.time(), 3)
    return response
