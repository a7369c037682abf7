"""Full-text search over topics, posts and practices, with German stemming; the index
and its upkeep are in index.py.

- SQLite (FTS5): the query is stemmed like the index and every term is quoted, so FTS
  syntax typed by users is never parsed; ranked by bm25 (title weighted 10:1);
  highlighting is done here (text escaped, matching words wrapped in <mark>).
- PostgreSQL: `websearch_to_tsquery('german', ...)` (never raises on syntax), ranked by
  `ts_rank`, highlighted by `ts_headline` whose output is sanitised with nh3 down to
  <mark>.

Cost is bounded by the page, not by how common a word is: the full-text index is asked
for the newest CANDIDATES matching documents of the network only (its scope column or
network_id), with their score; only those are checked against the live tables for
visibility (hidden posts and topics, staff-only categories, unpublished practices: left
out for all but the network's staff) and ranked. A word in tens of thousands of posts
thus shows the best of its newest CANDIDATES matches and "at least N results"
(Results.more); below CANDIDATES matches, ranking and count are exact. Only the shown
page is highlighted, and its posts and practices are loaded in two queries.
"""

import re
from dataclasses import dataclass

import nh3
from markupsafe import Markup, escape
from sqlalchemy import select, text
from sqlalchemy.orm import joinedload

from ... import permissions
from ...extensions import db
from ..models import Post, Practice, Topic
from .index import WORD, index, is_postgres, plain, reindex, scope_token, stem, stem_text  # noqa: F401 - re-exported

PAGE_SIZE = 20
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
#: How many of the newest matching documents of a network a search ranks at most.
CANDIDATES = 1000
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Frequent German and English function words left out of SQLite queries (PostgreSQL's
#: 'german' configuration drops its own list).
STOPWORDS = frozenset(
    "der die das den dem des ein eine einer eines einem einen und oder aber in im an am auf "
    "aus bei mit nach von vor zu zum zur für über unter um ist sind war wie was wer wir ihr "
    "sie es er ich du nicht auch als so the a an of and or to in on for is".split()
)


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
    #: More documents matched than were ranked (CANDIDATES): `total` counts the
    #: visible ones among those ranked, so there are at least that many.
    more: bool = False


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


#: The candidates (doc_id, score), each with whether `user` may see it, checked
#: against the live rows: a document whose post or practice is gone has no topic.
_CHECK = """
SELECT cand.doc_id, cand.score,
       CASE WHEN t.id IS NOT NULL AND t.network_id = :network_id{visible} THEN 1 ELSE 0 END
FROM cand
LEFT JOIN post p ON cand.doc_id % 2 = 0 AND p.id = cand.doc_id / 2
LEFT JOIN practice dp ON cand.doc_id % 2 = 1 AND dp.id = cand.doc_id / 2
LEFT JOIN topic t ON t.id = COALESCE(p.topic_id, dp.topic_id)
LEFT JOIN forum_category c ON c.id = t.category_id
LEFT JOIN practice pr ON pr.topic_id = t.id
"""
_VISIBLE = (
    " AND c.audience = 'network' AND t.hidden = :no AND (p.id IS NULL OR p.hidden_reason IS NULL)"
    " AND (pr.id IS NULL OR pr.status = 'published')"
)


_CAND_POSTGRES = (
    "WITH cand AS (SELECT doc_id, ts_rank(tsv, websearch_to_tsquery('german', :q)) AS score "
    "FROM forum_search WHERE network_id = :network_id AND tsv @@ websearch_to_tsquery('german', :q) "
    "ORDER BY {order} DESC LIMIT :cand)"
)
_CAND_SQLITE = (
    "WITH cand AS (SELECT rowid AS doc_id, bm25(forum_search, 10.0, 1.0, 0.0) AS score "
    "FROM forum_search WHERE forum_search MATCH :q ORDER BY rowid DESC LIMIT :cand)"
)
#: PostgreSQL finds the newest CANDIDATES matches in one of two ways: walking the
#: documents newest first (the primary key backwards) and testing each, which is fast
#: for a common word (a few thousand rows hold 1,000 matches), or taking all matches
#: from the GIN index and sorting them by id, which is fast for a rare one. Its planner
#: walks for words far too rare for that (the test costs more than it assumes): at
#: 200,000 documents it walked 45,000 rows for a word in 4,600 documents (30-55 ms),
#: where its matches from the index took 15-20 ms. Measured break-even: about
#: sqrt(MATCH_INDEX_FACTOR x documents) matches (7,500 of 200,000); fewer estimated
#: matches than that take the index (`ORDER BY doc_id + 0` keeps the planner off the
#: primary key). Either way the candidates are the same rows, in the same order.
MATCH_INDEX_FACTOR = 280


def ranked_sql(postgres: bool, staff: bool, match_index: bool = False) -> str:
    """The statement of _ranked(): the candidates with whether each is visible."""
    cand = _CAND_POSTGRES.format(order="doc_id + 0" if match_index else "doc_id") if postgres else _CAND_SQLITE
    return cand + _CHECK.format(visible="" if staff else _VISIBLE)


def use_match_index(connection, query: str) -> bool:
    """PostgreSQL: whether the planner's estimate of the query's matches (from the
    tsvector statistics ANALYZE keeps) is below the break-even of the two ways."""
    plan = connection.execute(
        text("EXPLAIN (FORMAT JSON) SELECT 1 FROM forum_search WHERE tsv @@ websearch_to_tsquery('german', :q)"),
        {"q": query},
    ).scalar()
    matches = plan[0]["Plan"]["Plan Rows"]
    documents = connection.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'forum_search'::regclass")).scalar()
    return matches * matches < MATCH_INDEX_FACTOR * (documents or 0)


def _ranked(connection, stems, query, network_id: int, staff: bool):
    """([(doc_id, score)] visible, best first; whether CANDIDATES were reached)."""
    postgres = is_postgres(connection)
    params = {"network_id": network_id, "no": False, "cand": CANDIDATES}
    if postgres:
        params["q"] = query
        sql = ranked_sql(True, staff, match_index=use_match_index(connection, query))
    else:
        terms = " ".join(f'"{s}"' for s in stems)  # stems are \w+ only: nothing to escape
        params["q"] = f'scope : "{scope_token(network_id)}" AND {{title body}} : ({terms})'
        sql = ranked_sql(False, staff)
    rows = connection.execute(text(sql), params).all()  # noqa: S608 - constant fragments
    visible = [(doc_id, score) for doc_id, score, ok in rows if ok]
    best_first = postgres  # bm25: lower is better
    visible.sort(key=lambda r: (-r[1] if best_first else r[1], -r[0]))
    return visible, len(rows) >= CANDIDATES


def _texts_sqlite(connection, ids, stems):
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
    return [(i, highlight(texts[i][0], wanted), highlight(texts[i][1], wanted, max_words=40))
            for i in ids if i in texts]


def _texts_postgres(connection, ids, query):
    rows = {
        doc_id: (title, body)
        for doc_id, title, body in connection.execute(
            text(
                "SELECT doc_id, "
                "ts_headline('german', title_plain, websearch_to_tsquery('german', :q), "
                "'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'), "
                "ts_headline('german', body_plain, websearch_to_tsquery('german', :q), "
                "'MaxFragments=2, MaxWords=30, MinWords=10, StartSel=<mark>, StopSel=</mark>') "
                "FROM forum_search WHERE doc_id = ANY(:ids)"
            ),
            {"q": query, "ids": list(ids)},
        )
    }
    return [(i, _safe_headline(rows[i][0]), _safe_headline(rows[i][1])) for i in ids if i in rows]


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
    ranked, more = _ranked(connection, stems, query, network.id, staff)
    offset = (page - 1) * PAGE_SIZE
    ids = [doc_id for doc_id, _score in ranked[offset : offset + PAGE_SIZE]]
    if is_postgres(connection):
        rows = _texts_postgres(connection, ids, query) if ids else []
    else:
        rows = _texts_sqlite(connection, ids, stems) if ids else []
    return Results(query, _hits(user, rows, set(stems)), len(ranked), page, more=more)


def _hits(user, rows, stems: set[str]) -> list[Hit]:
    post_ids = [doc // 2 for doc, _, _ in rows if doc % 2 == 0]
    practice_ids = [doc // 2 for doc, _, _ in rows if doc % 2 == 1]
    posts = practices = {}
    if post_ids:
        posts = {p.id: p for p in db.session.scalars(
            select(Post).where(Post.id.in_(post_ids))
            .options(joinedload(Post.topic).joinedload(Topic.category), joinedload(Post.author))
        )}
    if practice_ids:
        practices = {p.id: p for p in db.session.scalars(
            select(Practice).where(Practice.id.in_(practice_ids))
            .options(joinedload(Practice.topic).joinedload(Topic.category))
        )}
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
