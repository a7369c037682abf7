"""The @handles of a network, computed once per change of its people instead of on
every topic page (mentions.handles()).

Handles depend on every active person of a network and on their user ids (namesakes
are numbered in id order), so they are derived, not stored: a stored handle per
person would have to be renumbered by every write that adds, renames, deactivates or
moves a namesake, in the auth and network packages. Instead a token in the one
HandleVersion row is replaced, in the same transaction, by every write that can change
a handle, and each process keeps the handles keyed on (token, network id):

- from the session's after_flush event: a user added or deleted, or their name,
  active flag or coordinated network changed; a membership added, deleted or moved;
  a municipality deleted or moved to another network; a network deleted;
- from do_orm_execute: ORM bulk INSERT/UPDATE/DELETE statements on those models
  that wrote rows.

A page reads the token first (one primary-key lookup) and then, only when its
process has no handles for that token, the people of the network; a change
committed by one gunicorn worker is seen by every worker with its next request. The
token is random, so one of a rolled-back transaction is never seen again. Writes that
bypass the ORM session (raw SQL, Core statements, bulk loaders) must call bump().
"""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session

from ...extensions import db
from ...platform.db.columns import utcnow
from ..models import HandleVersion

ROW_ID = 1
#: Columns whose change can change someone's handle, per model.
_COLUMNS = {
    "User": ("name", "active", "network_id"),
    "Membership": ("user_id", "municipality_id"),
    "Municipality": ("network_id",),
    "Network": (),
}


def current() -> str | None:
    """The token of the current people of all networks; None without the row."""
    return db.session.scalar(select(HandleVersion.token).where(HandleVersion.id == ROW_ID))


def _bump(connection) -> None:
    values = {"token": secrets.token_hex(16), "changed_at": utcnow()}
    table = HandleVersion.__table__
    if connection.execute(update(table).where(table.c.id == ROW_ID).values(**values)).rowcount == 0:
        connection.execute(insert(table).values(id=ROW_ID, **values))


def bump() -> None:
    """A new token, written in the current transaction (after writes that bypass the
    ORM session)."""
    _bump(db.session.connection())


def _changes_handles(session) -> bool:
    if any(type(o).__name__ in _COLUMNS for o in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        columns = _COLUMNS.get(type(obj).__name__)
        if columns:
            attrs = inspect(obj).attrs
            if any(attrs[c].history.has_changes() for c in columns):
                return True
    return False


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    if _changes_handles(session):
        _bump(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state):
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or mapper.class_.__name__ not in _COLUMNS:
        return None
    result = state.invoke_statement()
    if state.is_insert or result.rowcount != 0:
        _bump(state.session.connection())
    return result


class _Cache:
    """The handles of the last few (token, network id), least recently used dropped."""

    def __init__(self, max_entries: int = 32):
        self.max_entries = max_entries
        self._items: OrderedDict[tuple, dict[int, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> dict[int, str] | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple, value: dict[int, str]) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = _Cache()


def cached(network_id: int, make: Callable[[], dict[int, str]]) -> dict[int, str]:
    """make() for the network, kept under the current token (not kept without one).
    The token is read before the people, so nothing cached is older than its token."""
    token = current()
    if token is None:
        return make()
    key = (token, network_id)
    value = CACHE.get(key)
    if value is None:
        value = make()
        CACHE.put(key, value)
    return value
