"""Forum search at scale: median latency of search.search() over ~20,000 posts on
SQLite (FTS5, German-stemmed text) and PostgreSQL ('german' tsvector, GIN), each
beside a baseline measured in the same run (the machine has 2 cores and is shared).

    .venv/bin/python bench/forum_search.py [--db sqlite|postgresql|both] [--quick]
        [--posts 20000] [--repeats N]

Per database: a fresh database (SQLite file in a temporary folder, or a PostgreSQL
database beside --pg-url, dropped afterwards), migrations, then a network with 2,000
topics in 4 categories (one staff-only) and --posts posts of 30-80 words of German
municipal vocabulary in inflected forms (Beteiligung/Beteiligungen, Bürgerhaushalt/
Bürgerhaushalte/Bürgerhaushalts, ...), 2 % hidden, plus 200 practices, inserted in
bulk with SQLAlchemy Core (no per-row services), then ANALYZE (as autovacuum would
after a bulk load). One word in ten comes from the vocabulary, so a common query
word is in about a fifth of the posts. Then:

  (1) search.reindex() (= `flask forum reindex`), the whole index built once
  (2) search.search(member, network, q) for 12 queries (single words in another
      inflected form than most of the text, two-word queries, a rare word, a word
      that is not there) x --repeats, page 1 and page 3: median and p95, in process
  (3) baseline: a plain indexed lookup of the same page size - 20 posts of a topic by
      ix_post_topic_id through the ORM, as a topic page loads them - median; and for
      comparison an unindexed LIKE '%word%' scan over post.body

Results go to bench/results.json under "forum_search" -> "quick" or "full". Exit
status 1 when a query that must find something found nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import finish, log, print_table
from common.stats import median, ms, percentile

#: (word forms): posts use any form, so a query in one form must find the others.
VOCABULARY = [
    ("Beteiligung", "Beteiligungen"), ("Bürgerhaushalt", "Bürgerhaushalte", "Bürgerhaushalts"),
    ("Integration", "Integrationen"), ("Willkommenskultur",), ("Ehrenamt", "Ehrenamts", "Ehrenämter"),
    ("Sprachkurs", "Sprachkurse", "Sprachkursen"), ("Verwaltung", "Verwaltungen"),
    ("Kommune", "Kommunen"), ("Jugendbeirat", "Jugendbeiräte"), ("Quartier", "Quartiere", "Quartiers"),
    ("Patenschaft", "Patenschaften"), ("Begegnung", "Begegnungen"), ("Leitbild", "Leitbilder"),
    ("Antidiskriminierung",), ("Beratungsstelle", "Beratungsstellen"), ("Netzwerk", "Netzwerke"),
    ("Förderprogramm", "Förderprogramme"), ("Stadtrat", "Stadträte"), ("Workshop", "Workshops"),
    ("Geflüchtete", "Geflüchteten"), ("Migrantenorganisation", "Migrantenorganisationen"),
]
FILLER = ("und wir die der das mit für im auf unsere neue gute erste erfolgreich gemeinsam "
          "haben wurde werden konnten mehr viele alle seit jahr monate stadt gemeinde team "
          "erfahrung idee ergebnis kosten zeit plan ziel online vor ort").split()
RARE = "Zukunftswerkstatt"
QUERIES = ["Beteiligung", "Bürgerhaushalt", "Bürgerhaushalte", "Sprachkurse", "Ehrenämter",
           "Jugendbeirat", "Quartiers", "Beteiligung Quartier", "Integration Sprachkurs",
           RARE, "Leitbilder Verwaltung", "Raumfahrt"]
MUST_FIND = set(QUERIES) - {"Raumfahrt"}
TOPICS = 2_000
CHUNK = 5_000


def _text(rng: random.Random, words: int) -> str:
    out = []
    for _ in range(words):
        if rng.random() < 0.1:
            out.append(rng.choice(rng.choice(VOCABULARY)))
        else:
            out.append(rng.choice(FILLER))
    if rng.random() < 0.003:
        out.insert(rng.randrange(len(out)), RARE)
    return " ".join(out).capitalize() + "."


def generate(n_posts: int, rng: random.Random) -> dict:
    """Bulk-insert the forum; returns ids and counts."""
    from sqlalchemy import insert, text

    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.forum.models import ForumCategory, Post, Practice, Topic
    from weltoffen.network.models import Membership, Municipality, Network

    started = time.perf_counter()
    network = Network(name="Bench-Netzwerk", slug="bench-netzwerk")
    db.session.add(network)
    db.session.flush()
    m = Municipality(network_id=network.id, ags="05999001", name="Benchstadt", state="05", kind="stadt",
                     population=50_000, foreign_born_share=15.0)
    db.session.add(m)
    db.session.flush()
    users = [User(email=f"bench{i}@example.org", name=f"Person {i}", password_hash="!")  # noqa: S106 - never logs in
             for i in range(20)]
    db.session.add_all(users)
    db.session.flush()
    db.session.add_all(Membership(user_id=u.id, municipality_id=m.id, role="member") for u in users)
    categories = [ForumCategory(network_id=network.id, title=f"Kategorie {i}", position=i,
                                audience="staff" if i == 3 else "network") for i in range(4)]
    db.session.add_all(categories)
    db.session.flush()
    db.session.execute(insert(Topic), [
        {"category_id": categories[i % 4].id, "network_id": network.id, "kind": "discussion",
         "title": _text(rng, rng.randint(3, 8)).rstrip("."), "author_id": rng.choice(users).id}
        for i in range(TOPICS)
    ])
    topic_ids = [t for (t,) in db.session.execute(db.select(Topic.id).order_by(Topic.id))]
    rows = []
    for i in range(n_posts):
        first = i < TOPICS
        rows.append({"topic_id": topic_ids[i] if first else rng.choice(topic_ids),
                     "author_id": rng.choice(users).id, "is_first": first,
                     "hidden_reason": "moderator" if rng.random() < 0.02 else None})
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        for r in chunk:
            body = _text(rng, rng.randint(30, 80))
            r["body"], r["body_html"] = body, f"<p>{body}</p>"
        db.session.execute(insert(Post), chunk)
    practice_topics = topic_ids[:200]
    db.session.execute(db.update(Topic).where(Topic.id.in_(practice_topics)).values(kind="practice"))
    db.session.execute(insert(Practice), [
        {"topic_id": t, "municipality_id": m.id, "status": "published",
         "approach": _text(rng, 60), "results": _text(rng, 40)} for t in practice_topics
    ])
    db.session.commit()
    # As autovacuum would after a bulk load: without statistics PostgreSQL plans the
    # joins as if the tables were empty (seconds instead of milliseconds).
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return {"network_id": network.id, "member_id": users[0].id, "topic_ids": topic_ids,
            "posts": n_posts, "topics": TOPICS, "practices": len(practice_topics),
            "seconds": round(time.perf_counter() - started, 1)}


def measure(data: dict, repeats: int) -> dict:
    from sqlalchemy import select, text

    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.forum.models import Post
    from weltoffen.forum.search import services as search
    from weltoffen.network.models import Network

    started = time.perf_counter()
    documents = search.reindex()
    db.session.commit()
    reindex_s = time.perf_counter() - started
    member = db.session.get(User, data["member_id"])
    network = db.session.get(Network, data["network_id"])
    found, times, page3 = {}, [], []
    for q in QUERIES:  # warm-up, and what each query finds
        found[q] = search.search(member, network, q).total
    for _ in range(repeats):
        for q in QUERIES:
            t0 = time.perf_counter()
            search.search(member, network, q, 1)
            times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        search.search(member, network, "Beteiligung", 3)
        page3.append(time.perf_counter() - t0)
        db.session.rollback()  # a fresh transaction per round, as per request
    rng = random.Random(1)
    base, like = [], []
    for _ in range(repeats * len(QUERIES)):
        topic_id = rng.choice(data["topic_ids"])
        t0 = time.perf_counter()
        db.session.scalars(select(Post).where(Post.topic_id == topic_id).order_by(Post.id).limit(20)).all()
        base.append(time.perf_counter() - t0)
    for _ in range(max(3, repeats)):
        t0 = time.perf_counter()
        db.session.execute(text("SELECT id FROM post WHERE body LIKE :p ORDER BY id LIMIT 20"),
                           {"p": f"%{RARE}%"}).all()
        like.append(time.perf_counter() - t0)
    db.session.rollback()
    search_p50 = median(times)
    return {
        "documents": documents,
        "reindex_s": round(reindex_s, 2),
        "search_p50_ms": ms(search_p50), "search_p95_ms": ms(percentile(times, 95)),
        "search_page3_p50_ms": ms(median(page3)),
        "baseline_topic_page_p50_ms": ms(median(base)),
        "ratio_p50": round(search_p50 / median(base), 1),
        "like_scan_p50_ms": ms(median(like)),
        "timed_searches": len(times),
        "found": found,
    }


def run_database(kind: str, args, settings: AppSettings, tmp: Path) -> dict:
    started = time.perf_counter()
    with fresh_database(kind, tmp, args.pg_url, label="search") as url:
        with migrated_app(url, settings):
            log(f"{kind}: migrated; generating {args.posts} posts")
            data = generate(args.posts, random.Random(args.seed))
            log(f"{kind}: data in {data['seconds']} s; indexing and searching")
            result = measure(data, args.repeats)
    result["data"] = {k: v for k, v in data.items() if k not in ("topic_ids", "network_id", "member_id")}
    result["seconds"] = round(time.perf_counter() - started, 1)
    log(f"{kind}: search p50 {result['search_p50_ms']} ms (p95 {result['search_p95_ms']}) vs indexed "
        f"lookup {result['baseline_topic_page_p50_ms']} ms: {result['ratio_p50']}x; reindex {result['reindex_s']} s")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (under 2 minutes)")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=None, help="rounds over the 12 queries (15; quick: 5)")
    parser.add_argument("--seed", default="weltoffen-search")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true", help="do not write bench/results.json")
    args = parser.parse_args(argv)
    args.repeats = args.repeats or (5 if args.quick else 15)
    started = time.perf_counter()
    settings = AppSettings.generate()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    results, failed = {}, []
    with tempfile.TemporaryDirectory(prefix="weltoffen-search-") as tmp:
        for kind in kinds:
            results[kind] = run_database(kind, args, settings, Path(tmp))
            failed += [f"{kind}: “{q}” found nothing" for q in MUST_FIND if not results[kind]["found"][q]]
    print_table(results, [
        ("posts / topics / practices", lambda r: f"{r['data']['posts']} / {r['data']['topics']} / "
                                                 f"{r['data']['practices']}"),
        ("index rebuild (flask forum reindex)", lambda r: f"{r['reindex_s']} s"),
        ("search p50 / p95", lambda r: f"{r['search_p50_ms']} / {r['search_p95_ms']} ms"),
        ("search page 3 p50", lambda r: f"{r['search_page3_p50_ms']} ms"),
        ("baseline: 20 posts by index, p50", lambda r: f"{r['baseline_topic_page_p50_ms']} ms"),
        ("search / baseline (p50)", lambda r: f"{r['ratio_p50']}x"),
        ("LIKE '%word%' scan, p50", lambda r: f"{r['like_scan_p50_ms']} ms"),
        ("hits for “Bürgerhaushalt”", lambda r: str(r["found"]["Bürgerhaushalt"])),
        ("run time", lambda r: f"{r['seconds']} s"),
    ], title=f"Forum search, {args.posts} posts, {args.repeats} rounds of {len(QUERIES)} queries")
    payload = {"posts": args.posts, "repeats": args.repeats, "queries": QUERIES, **results}
    return finish("forum_search", args.quick, not args.no_write, payload, failed, time.perf_counter() - started)


if __name__ == "__main__":
    sys.exit(main())
