"""The full-text index behind services.py: German stemming, the documents, and keeping
them current.

One table `forum_search` (created by migration 20261121_forum_search, scoped by
network in 20261121_forum_search_scope), one row per post (doc_id = 2 * post.id) and
per practice (doc_id = 2 * practice.id + 1), each with its topic and network:

- SQLite: an FTS5 table whose indexed columns hold text pre-stemmed here with the
  German Snowball stemmer (FTS5's own `porter` is English), and a `scope` column
  holding the token net<network id>, so a search is limited to its network inside
  the full-text index.
- PostgreSQL: a table with a tsvector (`to_tsvector('german', ...)`, title weighted
  A, text B) under a GIN index, and the network's id.

The index is kept current by an SQLAlchemy `after_flush` listener (below): posts and
practices created or edited, topic titles changed, posts and practices deleted through
the ORM. Visibility (hidden posts and topics, staff categories, unpublished practices)
is not stored in the index but checked at query time against the live tables, so
hiding and unhiding need no index update (a topic never changes its network). Bulk
writes that bypass the ORM (see bench/forum_data.py) call `reindex()` (`flask forum
reindex`).
"""

import functools
import html
import re
import threading
from dataclasses import dataclass, field

import snowballstemmer
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from ...extensions import db
from ..discussions import rendering
from ..models import Post, Practice, Topic

WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]*>")
#: Tags that end a block: their text is separated from the next by a space. Inline
#: tags (<strong>, <a>, <em>…) vanish without one, so "<strong>Quartier</strong>."
#: stays "Quartier." in a search snippet.
BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th|hr|section|article|dd|dt|dl)\b[^>]*>",
    re.IGNORECASE,
)
PRACTICE_FIELDS = ("initial_situation", "approach", "resources", "results", "transfer", "contact")

_local = threading.local()


def _stemmer():
    if not hasattr(_local, "stemmer"):
        _local.stemmer = snowballstemmer.stemmer("german")
    return _local.stemmer


def _fold_s(word: str) -> str:
    # Snowball keeps the s of "kurse" -> "kurs" but drops it from "kurs" -> "kur", and
    # keeps it after vowels ("cafés"); dropping a final s after stemming makes singular
    # and plural meet (SQLite only; PostgreSQL's 'german' stemmer is used unchanged).
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


@functools.lru_cache(maxsize=100_000)
def _stem_lower(word: str) -> str:
    return _fold_s(_stemmer().stemWord(word))


def stem(word: str) -> str:
    return _stem_lower(word.lower())


def stem_text(value: str) -> str:
    """Every word of `value`, lower-cased and stemmed, separated by spaces."""
    return " ".join(_stem_lower(w) for w in WORD.findall(value.lower()))


def plain(html_text: str) -> str:
    """Text of sanitised HTML (tags become spaces, entities are decoded)."""
    return " ".join(html.unescape(TAG.sub("", BLOCK_TAG.sub(" ", html_text or ""))).split())


def is_postgres(connection) -> bool:
    return connection.dialect.name == "postgresql"


def scope_token(network_id: int) -> str:
    """The SQLite scope column's token for a network."""
    return f"net{int(network_id)}"


# --- keeping the index current -----------------------------------------------------


@dataclass
class _Docs:
    """(doc_id, topic_id, network_id, title, body) rows to write, and doc ids to delete."""

    rows: list[tuple[int, int, int, str, str]] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)


def _collect(connection, post_ids: set[int], practice_ids: set[int]) -> _Docs:
    docs = _Docs()
    found_posts, found_practices = set(), set()
    for chunk in _chunks(sorted(post_ids)):
        for post_id, topic_id, is_first, body_html, title, kind, network_id in connection.execute(
            select(Post.id, Post.topic_id, Post.is_first, Post.body_html, Topic.title, Topic.kind, Topic.network_id)
            .join(Topic, Topic.id == Post.topic_id)
            .where(Post.id.in_(chunk))
        ):
            found_posts.add(post_id)
            # A practice topic's title is carried by its practice document.
            title_text = title if is_first and kind != "practice" else ""
            docs.rows.append((post_id * 2, topic_id, network_id, title_text, plain(body_html)))
    columns = [getattr(Practice, f) for f in PRACTICE_FIELDS]
    for chunk in _chunks(sorted(practice_ids)):
        for row in connection.execute(
            select(Practice.id, Practice.topic_id, Topic.network_id, Topic.title, *columns)
            .join(Topic, Topic.id == Practice.topic_id)
            .where(Practice.id.in_(chunk))
        ):
            found_practices.add(row[0])
            body = " ".join(plain(rendering.render(value)) for value in row[4:] if value)
            docs.rows.append((row[0] * 2 + 1, row[1], row[2], row[3], body))
    docs.gone = {i * 2 for i in post_ids - found_posts} | {i * 2 + 1 for i in practice_ids - found_practices}
    return docs


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _write(connection, docs: _Docs) -> None:
    ids = [r[0] for r in docs.rows] + sorted(docs.gone)
    if is_postgres(connection):
        if docs.gone:
            connection.execute(text("DELETE FROM forum_search WHERE doc_id = ANY(:ids)"), {"ids": sorted(docs.gone)})
        if docs.rows:
            connection.execute(
                text(
                    "INSERT INTO forum_search (doc_id, topic_id, network_id, title_plain, body_plain, tsv) VALUES "
                    "(:doc_id, :topic_id, :network_id, :title, :body, setweight(to_tsvector('german', :title), 'A') "
                    "|| setweight(to_tsvector('german', :body), 'B')) ON CONFLICT (doc_id) DO UPDATE SET "
                    "topic_id = excluded.topic_id, network_id = excluded.network_id, "
                    "title_plain = excluded.title_plain, body_plain = excluded.body_plain, tsv = excluded.tsv"
                ),
                # "<" followed by a letter would be parsed as a tag and its word dropped.
                [{"doc_id": d, "topic_id": t, "network_id": n, "title": ti.replace("<", "< "),
                  "body": b.replace("<", "< ")} for d, t, n, ti, b in docs.rows],
            )
        return
    for chunk in _chunks(ids):
        connection.execute(
            text(f"DELETE FROM forum_search WHERE rowid IN ({', '.join(str(int(i)) for i in chunk)})")  # noqa: S608
        )
    if docs.rows:
        connection.execute(
            text(
                "INSERT INTO forum_search (rowid, title, body, scope, title_plain, body_plain, topic_id) "
                "VALUES (:doc_id, :title_stems, :body_stems, :scope, :title, :body, :topic_id)"
            ),
            [
                {"doc_id": d, "topic_id": t, "scope": scope_token(n), "title": ti, "body": b,
                 "title_stems": stem_text(ti), "body_stems": stem_text(b)}
                for d, t, n, ti, b in docs.rows
            ],
        )


def index(connection, post_ids=(), practice_ids=(), topic_ids=()) -> None:
    """Write the documents of these posts and practices (and of the first post and
    practice of these topics, whose title changed); delete those that are gone."""
    post_ids, practice_ids = set(post_ids), set(practice_ids)
    if topic_ids:
        topic_ids = sorted(topic_ids)
        post_ids.update(
            connection.scalars(select(Post.id).where(Post.topic_id.in_(topic_ids), Post.is_first.is_(True)))
        )
        practice_ids.update(connection.scalars(select(Practice.id).where(Practice.topic_id.in_(topic_ids))))
    if post_ids or practice_ids:
        _write(connection, _collect(connection, post_ids, practice_ids))


def reindex() -> int:
    """Rebuild the whole index from the posts and practices; returns the number of
    documents. Flushes, never commits."""
    db.session.flush()
    connection = db.session.connection()
    connection.execute(text("DELETE FROM forum_search"))
    post_ids = list(connection.scalars(select(Post.id)))
    practice_ids = list(connection.scalars(select(Practice.id)))
    for chunk in _chunks(post_ids, 2000):
        index(connection, post_ids=chunk)
    for chunk in _chunks(practice_ids, 2000):
        index(connection, practice_ids=chunk)
    if is_postgres(connection):
        connection.execute(text("ANALYZE forum_search"))  # fresh statistics for the planner
    return len(post_ids) + len(practice_ids)


def _changed(obj, names) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "after_flush")
def _after_flush(session, _context) -> None:
    posts, practices, topics = set(), set(), set()
    for obj in session.new:
        if isinstance(obj, Post):
            posts.add(obj.id)
        elif isinstance(obj, Practice):
            practices.add(obj.id)
    for obj in session.dirty:
        if isinstance(obj, Post) and _changed(obj, ("body_html", "is_first", "topic_id")):
            posts.add(obj.id)
        elif isinstance(obj, Practice) and _changed(obj, PRACTICE_FIELDS):
            practices.add(obj.id)
        elif isinstance(obj, Topic) and _changed(obj, ("title",)):
            topics.add(obj.id)
    for obj in session.deleted:
        if isinstance(obj, Post):
            posts.add(obj.id)
        elif isinstance(obj, Practice):
            practices.add(obj.id)
    if posts or practices or topics:
        index(session.connection(), posts, practices, topics)
