"""The version of everything the benchmark pages show, stored in the database, and a
process-level cache of what the pages derive from it.

Every write that changes what the comparison page or the heatmap shows replaces the
token of the one BenchmarkVersion row, in the same transaction:

- aggregates.refresh() (submit, reopen, named groups, `flask benchmark refresh`)
  calls bump() itself: it writes with bulk statements the session does not track;
- any change of a municipality, round, questionnaire, peer group, group member,
  sharing opt-in, advice request or of the forum's practices (categories, topics -
  their title and visibility, not a reply's counters -, practices and their fields
  of action) flushed through the ORM session, and a submission's status or scores,
  bumps it from the session's after_flush event
  below; ORM bulk statements on these models that write rows (a submission marked
  started at its first answer) bump it from do_orm_execute.

Pages read the token first, with their first query (so nothing they read afterwards
is older than it), and key their caches on it. A change committed by one gunicorn worker therefore shows up in
every worker with its next request; the token is random, so one of a rolled-back
transaction is never seen again. Writes that bypass the ORM session (raw SQL, Core
statements on these tables) must call bump() - or run `flask benchmark refresh`.
"""

import secrets
from collections.abc import Callable
from functools import cache

from sqlalchemy import event, insert, inspect, select, update
from sqlalchemy.orm import Session

from ..extensions import db
from ..platform.cache import Cache
from ..platform.db.columns import utcnow
from .models import BenchmarkVersion

ROW_ID = 1


@cache
def column():
    """The token as a column, to read it with the first query of a page (built once:
    SQL expressions are immutable and can be shared by statements)."""
    return select(BenchmarkVersion.token).where(BenchmarkVersion.id == ROW_ID).scalar_subquery().label("version")


def current() -> str | None:
    """The token of the current state; None when the row is missing (nothing is cached)."""
    return db.session.scalar(select(column()))


def _bump(connection) -> None:
    values = {"token": secrets.token_hex(16), "changed_at": utcnow()}
    table = BenchmarkVersion.__table__
    if connection.execute(update(table).where(table.c.id == ROW_ID).values(**values)).rowcount == 0:
        connection.execute(insert(table).values(id=ROW_ID, **values))


def bump() -> None:
    """A new token, written in the current transaction."""
    _bump(db.session.connection())


# --- what invalidates -----------------------------------------------------------------

#: Models whose every insert, update or delete can change the pages.
_WATCHED = frozenset(
    {
        *("Municipality", "Round", "Questionnaire", "PeerGroup", "PeerGroupMember", "SharingOptIn", "AdviceRequest"),
        # The comparison page lists practices for the weakest fields of action.
        *("ForumCategory", "Topic", "Practice", "PracticeDimension"),
    }
)
#: Models whose inserts and deletes can (their scores are written once per submit).
_ADDED_OR_DELETED = _WATCHED | {"Submission", "DimensionScore"}
#: Submission columns the pages show (the status through the participation counts).
_SUBMISSION_COLUMNS = ("status", "overall_score", "round_id", "municipality_id")
#: Topic columns the pages show (a practice's title, where and whether it is visible).
#: A reply moves its topic's reply_count and last_post_at, which no benchmark page
#: shows: under load every forum post made each worker render both pages anew.
_TOPIC_COLUMNS = ("title", "hidden", "kind", "category_id", "network_id")
#: Models of which only some columns count when an existing row changes.
_COLUMNS = {"Submission": _SUBMISSION_COLUMNS, "Topic": _TOPIC_COLUMNS}


def _changes_pages(session) -> bool:
    if any(type(o).__name__ in _ADDED_OR_DELETED for o in (*session.new, *session.deleted)):
        return True
    for obj in session.dirty:
        name = type(obj).__name__
        columns = _COLUMNS.get(name)
        if columns is not None:
            attrs = inspect(obj).attrs
            if any(attrs[c].history.has_changes() for c in columns):
                return True
        elif name in _WATCHED and session.is_modified(obj):
            return True
    return False


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    if _changes_pages(session):
        _bump(session.connection())


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state):
    """ORM bulk INSERT, UPDATE and DELETE statements (e.g. a submission marked started)
    pass by the flush: bump when one of them wrote rows of a model above."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return None
    mapper = state.bind_mapper
    if mapper is None or mapper.class_.__name__ not in _ADDED_OR_DELETED:
        return None
    result = state.invoke_statement()
    if state.is_insert or result.rowcount != 0:
        _bump(state.session.connection())
    return result


# --- the cache ------------------------------------------------------------------------


def _size(value) -> int:
    """Roughly the bytes a kept value holds: its strings, and 8 per member of the sets
    in a dict (group members), one level deep."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, dict):
        return 1 + sum(8 * len(v) for v in value.values() if isinstance(v, set | frozenset))
    parts = value.__dict__.values() if hasattr(value, "__dict__") else value if isinstance(value, tuple | list) else ()
    return 1 + sum(len(v) for v in parts if isinstance(v, str | bytes))


CACHE = Cache(size=_size)


def cached(token: str | None, key: tuple, make: Callable[[], object]):
    """make(), kept under (token, *key); without a token (no version row) not kept.
    `key` must name everything else the value depends on (ids, locale, choices)."""
    if token is None:
        return make()
    full = (token, *key)
    value = CACHE.get(full)
    if value is None:
        value = make()
        CACHE.put(full, value)
    return value
