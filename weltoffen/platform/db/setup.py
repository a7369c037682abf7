"""Connection-level settings that must hold for every SQLite connection.

pysqlite's own transaction handling is switched off so that SQLAlchemy emits BEGIN
itself (SQLAlchemy docs, "Serializable isolation / Savepoints / Transactional DDL"):
this makes SAVEPOINT work and lets a writing request take the write lock up front
(BEGIN IMMEDIATE) instead of failing on a lock upgrade under concurrency.
"""

import logging
import os
import stat
from pathlib import Path

from flask import has_request_context, request
from sqlalchemy import event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
_registered = False
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def private_folder(path: Path) -> None:
    """Create the folder with mode 0700 (like the key files in it: 0600). An existing
    folder others can enter is left as it is, with a warning."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        log.warning("%s can be read by other users (mode %o); chmod 700 it", path,
                    stat.S_IMODE(path.stat().st_mode))


def private_file(path: Path) -> None:
    """Create an empty file with mode 0600 unless it exists (an empty file is a valid
    empty SQLite database; SQLite gives its -wal and -shm files the same mode)."""
    if path.exists() or not path.parent.is_dir():
        return
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        pass  # another process was first


def register_sqlite_pragmas() -> None:
    global _registered
    if _registered:
        return
    _registered = True
    event.listen(Engine, "do_connect", _before_connect)
    event.listen(Engine, "connect", _on_connect)
    event.listen(Engine, "begin", _on_begin)


def _before_connect(dialect, _record, cargs, cparams) -> None:
    """A SQLite database file that does not exist yet is created here with mode 0600
    instead of by SQLite with the umask's 0644."""
    if dialect.name != "sqlite" or cparams.get("uri"):
        return
    database = cargs[0] if cargs else cparams.get("database")
    if database and database != ":memory:" and not str(database).startswith("file:"):
        private_file(Path(database))


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


def _on_connect(dbapi_connection, _record) -> None:
    if not _is_sqlite(dbapi_connection):
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _on_begin(conn) -> None:
    if conn.dialect.name != "sqlite":
        return
    immediate = has_request_context() and request.method in WRITE_METHODS
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def end_read_transaction() -> None:
    """Call before CPU-heavy work (argon2 takes ~0.2 s) in a writing request.

    On SQLite such a request holds the database's write lock from its first
    statement (BEGIN IMMEDIATE, above), so every other writer would wait for the
    hash. When only reads have happened so far, committing ends that transaction at
    no cost; the request's writes then start a new one. With pending changes, or on
    PostgreSQL (row locks only), nothing is done."""
    from ...extensions import db

    session = db.session
    if session.get_bind().dialect.name != "sqlite":
        return
    if session.new or session.dirty or session.deleted:
        return
    session.commit()


@event.listens_for(Session, "before_flush")
def _strip_nul(session, _context, _instances) -> None:
    """No NUL characters in stored text, whatever path the text took (a form, a
    service, an import): PostgreSQL refuses them, SQLite would keep them."""
    for obj in list(session.new) + list(session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            value = state.dict.get(attr.key)
            if isinstance(value, str) and "\x00" in value:
                setattr(obj, attr.key, value.replace("\x00", ""))
