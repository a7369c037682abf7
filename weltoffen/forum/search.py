"""Full-text search over topics, posts and practices, with German stemming.

One table `forum_search` (created by migration 20261121_forum_search), one row per
post (doc_id = 2 * post.id) and per practice (doc_id = 2 * practice.id + 1):

- SQLite: an FTS5 table whose indexed columns hold text pre-stemmed here with the
  German Snowball stemmer (FTS5's own `porter` is English); the query is stemmed the
  same way and every term is quoted, so FTS syntax typed by users is never parsed.
  Highlighting is done here: the text is escaped and matching words wrapped in <mark>.
- PostgreSQL: a table with a tsvector (`to_tsvector('german', ...)`, title weighted
  A, text B) under a GIN index, queried with `websearch_to_tsquery('german', ...)`
  (which never raises on syntax), ranked by `ts_rank`, highlighted by `ts_headline`
  whose output is sanitised with nh3 down to <mark>.

The index is kept current by an SQLAlchemy `after_flush` listener (below): posts and
practices created or edited, topic titles changed, posts and practices deleted through
the ORM. Visibility (hidden posts and topics, staff categories, unpublished practices)
is not stored in the index but checked at query time against the live tables, so
hiding and unhiding need no index update. Bulk writes that bypass the ORM call
`reindex()` (`flask forum reindex`).
"""

import functools
import html
import re
import threading
from dataclasses import dataclass, field

import nh3
import snowballstemmer
from markupsafe import Markup, escape
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from .. import permissions
from ..extensions import db
from . import rendering
from .models import Post, Practice, Topic

PAGE_SIZE = 20
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
TAG = re.compile(r"<[^>]*>")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
PRACTICE_FIELDS = ("initial_situation", "approach", "resources", "results", "transfer", "contact")
#: Frequent German and English function words left out of SQLite queries (PostgreSQL's
#: 'german' configuration drops its own list).
STOPWORDS = frozenset(
    "der die das den dem des ein eine einer eines einem einen und oder aber in im an am auf "
    "aus bei mit nach von vor zu zum zur für über unter um ist sind war wie was wer wir ihr "
    "sie es er ich du nicht auch als so the a an of and or to in on for is".split()
)

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
    return " ".join(html.unescape(TAG.sub(" ", html_text or "")).split())


def _is_postgres(connection) -> bool:
    return connection.dialect.name == "postgresql"


# --- keeping the index current -----------------------------------------------------


@dataclass
class _Docs:
    """(doc_id, topic_id, title, body) rows to write, and doc ids to delete."""

    rows: list[tuple[int, int, str, str]] = field(default_factory=list)
    gone: set[int] = field(default_factory=set)


def _collect(connection, post_ids: set[int], practice_ids: set[int]) -> _Docs:
    docs = _Docs()
    found_posts, found_practices = set(), set()
    for chunk in _chunks(sorted(post_ids)):
        for post_id, topic_id, is_first, body_html, title, kind in connection.execute(
            select(Post.id, Post.topic_id, Post.is_first, Post.body_html, Topic.title, Topic.kind)
            .join(Topic, Topic.id == Post.topic_id)
            .where(Post.id.in_(chunk))
        ):
            found_posts.add(post_id)
            # A practice topic's title is carried by its practice document.
            title_text = title if is_first and kind != "practice" else ""
            docs.rows.append((post_id * 2, topic_id, title_text, plain(body_html)))
    columns = [getattr(Practice, f) for f in PRACTICE_FIELDS]
    for chunk in _chunks(sorted(practice_ids)):
        for row in connection.execute(
            select(Practice.id, Practice.topic_id, Topic.title, *columns)
            .join(Topic, Topic.id == Practice.topic_id)
            .where(Practice.id.in_(chunk))
        ):
            found_practices.add(row[0])
            body = " ".join(plain(rendering.render(value)) for value in row[3:] if value)
            docs.rows.append((row[0] * 2 + 1, row[1], row[2], body))
    docs.gone = {i * 2 for i in post_ids - found_posts} | {i * 2 + 1 for i in practice_ids - found_practices}
    return docs


def _chunks(values: list, size: int = 500):
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _write(connection, docs: _Docs) -> None:
    ids = [r[0] for r in docs.rows] + sorted(docs.gone)
    if _is_postgres(connection):
        if docs.gone:
            connection.execute(text("DELETE FROM forum_search WHERE doc_id = ANY(:ids)"), {"ids": sorted(docs.gone)})
        if docs.rows:
            connection.execute(
                text(
                    "INSERT INTO forum_search (doc_id, topic_id, title_plain, body_plain, tsv) VALUES "
                    "(:doc_id, :topic_id, :title, :body, setweight(to_tsvector('german', :title), 'A') "
                    "|| setweight(to_tsvector('german', :body), 'B')) ON CONFLICT (doc_id) DO UPDATE SET "
                    "topic_id = excluded.topic_id, title_plain = excluded.title_plain, "
                    "body_plain = excluded.body_plain, tsv = excluded.tsv"
                ),
                # "<" followed by a letter would be parsed as a tag and its word dropped.
                [{"doc_id": d, "topic_id": t, "title": ti.replace("<", "< "), "body": b.replace("<", "< ")}
                 for d, t, ti, b in docs.rows],
            )
        return
    for chunk in _chunks(ids):
        connection.execute(
            text(f"DELETE FROM forum_search WHERE rowid IN ({', '.join(str(int(i)) for i in chunk)})")  # noqa: S608
        )
    if docs.rows:
        connection.execute(
            text(
                "INSERT INTO forum_search (rowid, title, body, title_plain, body_plain, topic_id) "
                "VALUES (:doc_id, :title_stems, :body_stems, :title, :body, :topic_id)"
            ),
            [
                {"doc_id": d, "topic_id": t, "title": ti, "body": b,
                 "title_stems": stem_text(ti), "body_stems": stem_text(b)}
                for d, t, ti, b in docs.rows
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
    if _is_postgres(connection):
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


# --- searching ------------------------------------------------------------------------


@dataclass
class Hit:
    kind: str  # "post" or "practice"
    topic: Topic
    post: Post | None
    practice: Practice | None
    title: Markup
    snippet: Markup


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: int
    page_size: int = PAGE_SIZE
    #: The query had no searchable word (empty, or only punctuation).
    empty_query: bool = False


def clean_query(query: str | None) -> str:
    """The query as searched: control characters removed, at most MAX_QUERY_CHARS."""
    return " ".join(CONTROL.sub(" ", query or "").split())[:MAX_QUERY_CHARS]


def query_stems(query: str) -> list[str]:
    words = WORD.findall(query.lower())
    kept = [w for w in words if w not in STOPWORDS] or words
    stems: list[str] = []
    for word in kept:
        s = stem(word)
        if s and s not in stems:
            stems.append(s)
    return stems[:MAX_TERMS]


def highlight(value: str, stems: set[str], max_words: int | None = None) -> Markup:
    """`value` escaped, words whose stem is in `stems` wrapped in <mark>; with
    max_words, only a window of that many words around the first match."""
    words = list(WORD.finditer(value))
    start, end = 0, len(words)
    if max_words and len(words) > max_words:
        first = next((i for i, m in enumerate(words) if stem(m.group()) in stems), 0)
        start = max(0, first - max_words // 4)
        end = min(len(words), start + max_words)
    if not words:
        return escape(value[:300] if max_words else value)
    pos = words[start].start() if start else 0
    stop = words[end - 1].end() if end < len(words) else len(value)
    out = [Markup("… ") if start else Markup("")]
    for m in words[start:end]:
        out.append(escape(value[pos : m.start()]))
        word = escape(m.group())
        out.append(Markup("<mark>%s</mark>") % word if stem(m.group()) in stems else word)
        pos = m.end()
    out.append(escape(value[pos:stop]))
    if end < len(words):
        out.append(Markup(" …"))
    return Markup("").join(out)


def _safe_headline(value: str | None) -> Markup:
    return Markup(nh3.clean(value or "", tags={"mark"}, attributes={}))  # noqa: S704 - sanitised to <mark> only


_FROM = """
FROM forum_search fs
JOIN topic t ON t.id = fs.topic_id
JOIN forum_category c ON c.id = t.category_id
LEFT JOIN post p ON fs.{doc} % 2 = 0 AND p.id = fs.{doc} / 2 AND p.topic_id = t.id
LEFT JOIN practice pr ON pr.topic_id = t.id
WHERE {match} AND t.network_id = :network_id
  AND (p.id IS NOT NULL OR (fs.{doc} % 2 = 1 AND pr.id = fs.{doc} / 2))
"""
_VISIBLE = """
  AND c.audience = 'network' AND t.hidden = :no
  AND (p.id IS NULL OR p.hidden_reason IS NULL)
  AND (pr.id IS NULL OR pr.status = 'published')
"""


def _rows_sqlite(connection, stems, where, params, limit, offset):
    params = {**params, "q": " ".join(f'"{s}"' for s in stems)}
    sql_from = _FROM.format(doc="rowid", match="forum_search MATCH :q") + where
    total = connection.execute(text("SELECT count(*)" + sql_from), params).scalar_one()  # noqa: S608
    ranked = connection.execute(
        text(
            "SELECT fs.rowid, bm25(forum_search, 10.0, 1.0) AS score"  # noqa: S608
            + sql_from
            + " ORDER BY score, fs.rowid DESC LIMIT :limit OFFSET :offset"
        ),
        {**params, "limit": limit, "offset": offset},
    ).all()
    # The texts only for the page (sorting without them is much cheaper).
    ids = [doc_id for doc_id, _ in ranked]
    texts = {
        doc_id: (title, body)
        for doc_id, title, body in connection.execute(
            text(
                "SELECT rowid, title_plain, body_plain FROM forum_search"  # noqa: S608
                f" WHERE rowid IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"
            )
        )
    }
    wanted = set(stems)
    return total, [
        (doc_id, highlight(texts[doc_id][0], wanted), highlight(texts[doc_id][1], wanted, max_words=40))
        for doc_id in ids
    ]


def _rows_postgres(connection, query, where, params, limit, offset):
    params = {**params, "q": query}
    sql_from = (
        _FROM.format(doc="doc_id", match="fs.tsv @@ websearch_to_tsquery('german', :q)") + where
    )
    total = connection.execute(text("SELECT count(*)" + sql_from), params).scalar_one()  # noqa: S608
    rows = connection.execute(
        text(
            "WITH ranked AS (SELECT fs.doc_id, ts_rank(fs.tsv, websearch_to_tsquery('german', :q)) AS score"  # noqa: S608
            + sql_from
            + " ORDER BY score DESC, fs.doc_id DESC LIMIT :limit OFFSET :offset) "
            "SELECT r.doc_id, "
            "ts_headline('german', fs.title_plain, websearch_to_tsquery('german', :q), "
            "'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'), "
            "ts_headline('german', fs.body_plain, websearch_to_tsquery('german', :q), "
            "'MaxFragments=2, MaxWords=30, MinWords=10, StartSel=<mark>, StopSel=</mark>') "
            "FROM ranked r JOIN forum_search fs ON fs.doc_id = r.doc_id ORDER BY r.score DESC, r.doc_id DESC"
        ),
        {**params, "limit": limit, "offset": offset},
    ).all()
    return total, [(doc_id, _safe_headline(t), _safe_headline(b)) for doc_id, t, b in rows]


def search(user, network, query: str | None, page: int = 1) -> Results:
    """Topics, posts and practices of `network` matching `query`, best first, PAGE_SIZE
    per page, with highlighted title and snippet; only what `user` may see (hidden
    posts and topics, staff categories and unpublished practices are left out for all
    but the network's staff). Never raises on odd input: the query is cleaned, and
    its words are quoted (SQLite) or parsed leniently (PostgreSQL)."""
    query = clean_query(query)
    page = max(1, int(page or 1))
    stems = query_stems(query)
    if not stems or not permissions.can_view_forum(user, network):
        return Results(query, [], 0, 1, empty_query=not stems)
    db.session.flush()
    connection = db.session.connection()
    staff = permissions.can_moderate(user, network.id)
    where, params = ("" if staff else _VISIBLE), {"network_id": network.id, "no": False}
    offset = (page - 1) * PAGE_SIZE
    if _is_postgres(connection):
        total, rows = _rows_postgres(connection, query, where, params, PAGE_SIZE, offset)
    else:
        total, rows = _rows_sqlite(connection, stems, where, params, PAGE_SIZE, offset)
    return Results(query, _hits(user, rows, set(stems)), total, page)


def _hits(user, rows, stems: set[str]) -> list[Hit]:
    post_ids = [doc // 2 for doc, _, _ in rows if doc % 2 == 0]
    practice_ids = [doc // 2 for doc, _, _ in rows if doc % 2 == 1]
    posts = {p.id: p for p in db.session.scalars(select(Post).where(Post.id.in_(post_ids)))} if post_ids else {}
    practices = (
        {p.id: p for p in db.session.scalars(select(Practice).where(Practice.id.in_(practice_ids)))}
        if practice_ids
        else {}
    )
    hits = []
    for doc, title, snippet in rows:
        if doc % 2 == 0:
            post = posts.get(doc // 2)
            if post is not None and permissions.can_view_post(user, post):
                title = title if str(title).strip() else highlight(post.topic.title, stems)
                hits.append(Hit("post", post.topic, post, None, title, snippet))
        else:
            practice = practices.get(doc // 2)
            if practice is not None and permissions.can_view_topic(user, practice.topic):
                hits.append(Hit("practice", practice.topic, None, practice, title, snippet))
    return hits
