"""PostgreSQL connections without needless round trips.

Every database round trip of a request costs a wake-up of the worker and of a
PostgreSQL backend; on a busy two-core server that is most of what a simple page
costs beyond Python. With psycopg's defaults a page that reads one row needed four:
the pool's liveness check (SELECT 1), BEGIN, the query, ROLLBACK - and the ROLLBACK
also threw away psycopg's prepared statements, so every query was planned again.

* **Reads without a transaction.** A GET/HEAD/OPTIONS request starts on a connection
  in autocommit mode: no BEGIN, no ROLLBACK, and psycopg's prepared statements
  survive from request to request. PostgreSQL's default isolation (READ COMMITTED)
  gives every statement its own snapshot inside a transaction too, so reads see
  exactly what they saw before.
* **Writes stay atomic.** The first statement of such a request that is not a plain
  SELECT (INSERT, UPDATE, DELETE, SAVEPOINT, a WITH query, SELECT ... FOR UPDATE)
  opens a real transaction first; the request's commit or rollback ends it, so an
  audit entry written while showing a page is committed or discarded as a whole, as
  before. Writing requests (POST, PUT, PATCH, DELETE) and everything outside a
  request (CLI, cron jobs) run in ordinary transactions.
* **Liveness checked when there is a reason.** Instead of SELECT 1 on every checkout
  (pool_pre_ping), a pooled connection is checked only when its socket has something
  to read while it should be silent - a server that restarts or ends the session
  sends its goodbye and closes the socket - or when it has been idle for
  IDLE_PING_SECONDS (a firewall may have dropped it silently). A dead connection is
  replaced before the request uses it. A connection that dies while a request runs
  answers 503 (errors.py) and the pool is renewed, as before.

Registered once for every engine; SQLite connections are left alone (platform/db/setup.py).
"""

from __future__ import annotations

import select
import time

from flask import has_request_context, request
from sqlalchemy import event, exc
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDLE_PING_SECONDS = 30.0
_IDLE_SINCE = "weltoffen_idle_since"
_READING = "weltoffen_reading"  # autocommit was switched on here, not by an AUTOCOMMIT engine
_SUSPECT = "weltoffen_suspect"  # could not be reset at checkin: check before the next use
_registered = False


def register() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    event.listen(Engine, "begin", _on_begin)
    event.listen(Engine, "before_cursor_execute", _before_cursor_execute)
    event.listen(Pool, "checkout", _on_checkout)
    event.listen(Pool, "checkin", _on_checkin)


def _is_psycopg(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("psycopg")


def _idle(dbapi_connection) -> bool:
    from psycopg.pq import TransactionStatus

    return dbapi_connection.pgconn.transaction_status == TransactionStatus.IDLE


def _on_begin(conn) -> None:
    if conn.dialect.name != "postgresql" or not has_request_context():
        return
    if request.method not in READ_METHODS:
        return
    dbapi_connection = conn.connection.dbapi_connection
    try:
        if dbapi_connection is not None and _idle(dbapi_connection) and not dbapi_connection.autocommit:
            dbapi_connection.autocommit = True
            conn.info[_READING] = True
    except Exception:  # noqa: BLE001 - a broken connection: left as it is, its first statement fails cleanly
        return


def writes(statement: str) -> bool:
    """Whether a statement may change something (or needs a transaction to mean what
    it says): everything but a plain SELECT."""
    head = statement.lstrip()[:6].upper()
    if head != "SELECT":
        return True
    upper = statement.upper()
    return " FOR UPDATE" in upper or " FOR SHARE" in upper or " FOR NO KEY UPDATE" in upper


def _before_cursor_execute(conn, cursor, statement, _parameters, _context, _executemany) -> None:
    if not conn.info.get(_READING):
        return
    dbapi_connection = cursor.connection
    if dbapi_connection.autocommit and _idle(dbapi_connection) and writes(statement):
        dbapi_connection.execute("BEGIN")


def _on_checkin(dbapi_connection, record) -> None:
    if dbapi_connection is None or not _is_psycopg(dbapi_connection):
        return
    record.info[_IDLE_SINCE] = time.monotonic()
    if record.info.pop(_READING, False) and dbapi_connection.autocommit:
        try:
            if not _idle(dbapi_connection):
                dbapi_connection.rollback()
            dbapi_connection.autocommit = False
        except Exception:  # noqa: BLE001 - a broken connection: checked (and replaced) at its next checkout
            record.info[_SUSPECT] = True


def _has_news(dbapi_connection) -> bool:
    """The socket of an idle connection is readable: the server said something
    unasked (it is shutting down or ended the session) or closed it."""
    try:
        readable, _w, _x = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _on_checkout(dbapi_connection, record, _proxy) -> None:
    if not _is_psycopg(dbapi_connection):
        return
    idle_since = record.info.get(_IDLE_SINCE)
    if idle_since is None:  # fresh from connect()
        return
    suspect = record.info.pop(_SUSPECT, False)
    if not suspect and time.monotonic() - idle_since < IDLE_PING_SECONDS and not _has_news(dbapi_connection):
        return
    if dbapi_connection.closed:
        raise exc.DisconnectionError("connection closed")
    try:
        was = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SELECT 1")
        # A reading request's connection that could not be reset goes back to normal.
        dbapi_connection.autocommit = False if suspect else was
    except Exception as error:  # any failure: the pool replaces this connection
        raise exc.DisconnectionError(str(error)) from error
