"""A large forum for the forum benchmark, inserted in bulk (no per-row services, no ORM
objects, so the search index's after_flush listener never runs per row): a network of
municipalities with members, a second network beside it (its posts must stay out of
the first one's search), categories (one staff-only), topics with a long-tailed number
of posts (a few very long ones), practices, attachments, edits with revisions, reports
and hidden posts; then the search index (search.reindex()) and ANALYZE.

Text: German paragraphs from sentence templates filled with municipal vocabulary in
inflected forms (Beteiligung/Beteiligungen, Bürgerhaushalt/Bürgerhaushalte/
Bürgerhaushalts, ...), the words drawn Zipf-like so some are common and some rare, with
some Markdown (bold, lists, links, headings, quotes). A pool of paragraphs is rendered
once with weltoffen.forum.discussions.rendering.render; a post joins 1-5 of them (block-level
Markdown renders paragraph by paragraph, so the joined HTML is what render() gives).

Posts go in with executemany (SQLite) or COPY (PostgreSQL), ids assigned here (the
sequences are moved past them afterwards).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

PASSWORD = "bench-forum-2026"  # noqa: S105 - throwaway accounts in a throwaway database
CHUNK = 5_000

#: Word forms; posts use any form, so a query in one form must find the others. Listed
#: from common to rare (drawn with weight 1/rank).
VOCABULARY = [
    ("Beteiligung", "Beteiligungen"), ("Kommune", "Kommunen"), ("Verwaltung", "Verwaltungen"),
    ("Integration",), ("Ehrenamt", "Ehrenamts", "Ehrenämter"), ("Workshop", "Workshops"),
    ("Netzwerk", "Netzwerke", "Netzwerks"), ("Quartier", "Quartiere", "Quartiers"),
    ("Sprachkurs", "Sprachkurse", "Sprachkursen"), ("Begegnung", "Begegnungen"),
    ("Bürgerhaushalt", "Bürgerhaushalte", "Bürgerhaushalts"), ("Förderprogramm", "Förderprogramme"),
    ("Beratungsstelle", "Beratungsstellen"), ("Patenschaft", "Patenschaften"),
    ("Jugendbeirat", "Jugendbeiräte"), ("Leitbild", "Leitbilder"), ("Stadtrat", "Stadträte"),
    ("Willkommenskultur",), ("Antidiskriminierung",), ("Migrantenorganisation", "Migrantenorganisationen"),
    ("Integrationsbeauftragte", "Integrationsbeauftragten"), ("Dolmetscherpool", "Dolmetscherpools"),
]
WEIGHTS = [1 / (i + 2) for i in range(len(VOCABULARY))]
#: Everyday nouns for most slots: a common vocabulary word ends up in about a third of
#: the posts, a rare one in a few per cent.
GENERIC = ("Veranstaltung", "Projekt", "Gruppe", "Idee", "Angebot", "Termin", "Umfrage", "Aktion",
           "Runde", "Planung", "Initiative", "Einladung", "Sitzung", "Broschüre", "Kampagne")
VOCABULARY_SHARE = 0.15
RARE = "Zukunftswerkstatt"
SENTENCES = [
    "Bei uns hat die {a} im letzten Jahr deutlich zugenommen.",
    "Wir haben gute Erfahrungen mit {a} und {b} gemacht.",
    "Die {a} wurde gemeinsam mit dem {b} vorbereitet.",
    "Hat jemand schon {a} für {b} ausprobiert?",
    "Unsere {a} läuft seit drei Jahren, die Kosten trägt zum Teil die {b}.",
    "Wichtig war, dass die {a} früh eingebunden wurde.",
    "Im {a} gab es viele Rückfragen zur {b}.",
    "Ohne das {a} wäre das nicht möglich gewesen.",
    "Wir suchen noch Beispiele für {a} in kleineren Gemeinden.",
    "Die Auswertung der {a} zeigt, dass {b} besser angenommen werden, wenn sie vor Ort stattfinden.",
    "Könnt ihr die Unterlagen zur {a} teilen?",
    "Nach dem zweiten {a} haben sich mehr Menschen für {b} gemeldet.",
    "Der Stadtrat hat die {a} einstimmig beschlossen.",
    "Für die {a} brauchen wir noch Räume und eine feste Ansprechperson in der {b}.",
    "Das Thema {a} steht bei uns im Herbst auf der Tagesordnung.",
    "Gibt es Erfahrungen, wie man {a} und {b} verbinden kann?",
    "Wir haben die {a} mehrsprachig angekündigt, das hat viel gebracht.",
    "Ein Problem bleibt die Finanzierung der {a} nach Ende der Förderung.",
]
LIST_ITEMS = [
    "Einladung in leichter Sprache", "Kinderbetreuung während der {a}", "Termine am Abend",
    "Übersetzung der Unterlagen", "feste Ansprechperson für {a}", "Rückmeldung an alle Teilnehmenden",
    "Kooperation mit der {a}", "Budget für {a} im Haushalt",
]
HEADINGS = ["Was gut lief", "Was wir anders machen würden", "Kosten", "Ablauf", "Nächste Schritte"]
TITLES = [
    "Erfahrungen mit {a}?", "{a} in kleineren Gemeinden", "Fragen zur {a}", "Austausch: {a} und {b}",
    "Wie organisiert ihr die {a}?", "Vorlage für {a} gesucht", "Ergebnisse unserer {a}",
    "{a}: Kosten und Förderung", "Neue Ideen für {a}",
]


def _word(rng: random.Random) -> str:
    if rng.random() >= VOCABULARY_SHARE:
        return rng.choice(GENERIC)
    return rng.choice(rng.choices(VOCABULARY, WEIGHTS)[0])


def _fill(rng: random.Random, template: str) -> str:
    return template.format(a=_word(rng), b=_word(rng))


def paragraph(rng: random.Random) -> str:
    """One Markdown block: mostly sentences, sometimes a list, a heading or a quote."""
    kind = rng.random()
    if kind < 0.1:
        return "\n".join("- " + _fill(rng, rng.choice(LIST_ITEMS)) for _ in range(rng.randint(2, 5)))
    if kind < 0.14:
        return "### " + rng.choice(HEADINGS)
    sentences = [_fill(rng, rng.choice(SENTENCES)) for _ in range(rng.randint(1, 6))]
    if rng.random() < 0.15:
        i = rng.randrange(len(sentences))
        sentences[i] = f"**{sentences[i]}**"
    if rng.random() < 0.08:
        sentences.append("Mehr dazu im [Leitfaden](https://example.org/leitfaden).")
    if rng.random() < 0.005:
        sentences.insert(0, f"Wir planen eine {RARE}.")
    text = " ".join(sentences)
    return "> " + text if kind < 0.18 else text


@dataclass
class Forum:
    """What the measurements need of the generated data."""

    network_id: int
    member_email: str
    #: Discussion topics with a full first page, in the main network, visible to members.
    topic_ids: list[int]
    #: (topic id, pages) of the longest discussion topics.
    long_topics: list[tuple[int, int]]
    category_ids: list[int]
    summary: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def _post_counts(rng: random.Random, topics: int, posts: int, long_posts: int) -> list[int]:
    """Posts per topic (>= 1 each, long-tailed), summing to `posts`; the first three
    topics get `long_posts` each."""
    counts = [long_posts] * 3 + [1] * (topics - 3)
    spare = posts - sum(counts)
    weights = [rng.lognormvariate(0, 1.1) for _ in range(topics - 3)]
    scale = spare / sum(weights)
    for i, w in enumerate(weights):
        counts[i + 3] += int(w * scale)
    for _ in range(posts - sum(counts)):  # bounded: the rounding remainder
        counts[rng.randrange(3, topics)] += 1
    return counts


def _insert(conn, table, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[start:start + CHUNK])


def _copy(conn, table, rows: list[dict]) -> None:
    """COPY on PostgreSQL (psycopg 3), executemany elsewhere."""
    if conn.dialect.name != "postgresql" or not rows:
        _insert(conn, table, rows)
        return
    columns = list(rows[0])
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cur, cur.copy(
        f'COPY "{table.name}" ({", ".join(columns)}) FROM STDIN'  # noqa: S608 - our own table/column names
    ) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def generate(n_topics: int, n_posts: int, rng: random.Random, log) -> Forum:
    """Inside an app context on a freshly migrated database; commits."""
    from sqlalchemy import func, select, text

    from weltoffen.auth.models import User
    from weltoffen.auth.passwords import hash_password
    from weltoffen.extensions import db
    from weltoffen.forum.discussions import rendering
    from weltoffen.forum.models import (
        Attachment,
        ForumCategory,
        Post,
        PostRevision,
        Practice,
        Report,
        Topic,
    )
    from weltoffen.forum.search import services as search
    from weltoffen.network.models import Membership, Municipality, Network

    seconds: dict = {}
    t0 = time.perf_counter()
    conn = db.session.connection()
    pg = conn.dialect.name == "postgresql"
    networks = []
    for name, slug in (("Bench-Netzwerk", "bench-netzwerk"), ("Anderes Netzwerk", "anderes-netzwerk")):
        networks.append(conn.execute(Network.__table__.insert().values(name=name, slug=slug)
                                     .returning(Network.id)).scalar_one())
    main_net, other_net = networks
    n_municipalities = max(50, n_topics // 20)  # 1,000 at 20,000 topics
    munis = [{"id": i + 1, "network_id": main_net if i % 20 else other_net,
              "ags": f"{5_000_000 + i:08d}", "name": f"Benchgemeinde {i + 1}", "state": "05",
              "kind": "gemeinde", "population": 1_000 + (i * 7919) % 90_000,
              "foreign_born_share": float(5 + i % 25)} for i in range(n_municipalities)]
    _insert(conn, Municipality.__table__, munis)
    password_hash = hash_password(PASSWORD)
    users, memberships = [], []
    for i in range(n_municipalities * 3):
        users.append({"id": i + 1, "email": f"person{i + 1}@bench.weltoffen.de",
                      "name": f"{rng.choice(['Anna', 'Ben', 'Cem', 'Dana', 'Eva', 'Jonas', 'Lea', 'Mehmet', 'Olga'])} "
                              f"{rng.choice(['Müller', 'Schmidt', 'Yılmaz', 'Nowak', 'Becker', 'Hoffmann'])}",
                      "password_hash": password_hash})
        memberships.append({"user_id": i + 1, "municipality_id": munis[i // 3]["id"],
                            "role": "lead" if i % 3 == 0 else "member"})
    _insert(conn, User.__table__, users)
    _insert(conn, Membership.__table__, memberships)
    main_users = [m["user_id"] for m in memberships if munis[m["municipality_id"] - 1]["network_id"] == main_net]
    other_users = [m["user_id"] for m in memberships if munis[m["municipality_id"] - 1]["network_id"] == other_net]
    user_muni = {m["user_id"]: m["municipality_id"] for m in memberships}
    member = next(u for u in main_users if u % 3 == 2)  # a plain member, not a lead
    categories = []
    for net, titles in ((main_net, ["Allgemeines", "Beteiligung", "Integration", "Ehrenamt",
                                    "Verwaltung", "Koordination intern"]),
                        (other_net, ["Allgemeines", "Projekte"])):
        for pos, title in enumerate(titles):
            audience = "staff" if title == "Koordination intern" else "network"
            categories.append(conn.execute(ForumCategory.__table__.insert().values(
                network_id=net, title=title, position=pos, audience=audience,
                description=f"Austausch zu {title}").returning(ForumCategory.id)).scalar_one())
    cat_net = {c: (main_net if i < 6 else other_net) for i, c in enumerate(categories)}
    open_main = categories[:5]
    seconds["network_and_users"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    pool = [paragraph(rng) for _ in range(4_000)]
    pool_html = [rendering.render(p) for p in pool]
    seconds["render_pool"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    counts = _post_counts(rng, n_topics, n_posts, long_posts=max(100, n_posts // 200))
    start = datetime(2024, 1, 1, tzinfo=UTC)
    topics, posts, attachments, revisions, reports = [], [], [], [], []
    post_id = 0
    for t in range(n_topics):
        tid = t + 1
        if t < 3 or rng.random() < 0.95:
            cat = rng.choice(open_main) if t < 3 or rng.random() < 0.97 else categories[5]
        else:
            cat = rng.choice(categories[6:])
        people = main_users if cat_net[cat] == main_net else other_users
        created = start + timedelta(minutes=t * 50)
        last = created
        author = rng.choice(people)
        first_hidden = t >= 3 and rng.random() < 0.005
        for k in range(counts[t]):
            post_id += 1
            last = created + timedelta(minutes=k * rng.randint(5, 90))
            writer = author if k == 0 else rng.choice(people)
            paragraphs = rng.sample(range(len(pool)), rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5)))
            hidden = first_hidden if k == 0 else rng.random() < 0.02
            edited = rng.random() < 0.03
            posts.append({
                "id": post_id, "topic_id": tid, "author_id": writer,
                "municipality_id": user_muni[writer] if rng.random() < 0.3 else None,
                "body": "\n\n".join(pool[i] for i in paragraphs),
                "body_html": "".join(pool_html[i] for i in paragraphs),
                "content_warning": rng.random() < 0.005, "is_first": k == 0,
                "hidden_reason": "moderator" if hidden else None, "hidden_at": last if hidden else None,
                "created_at": last, "edited_at": last + timedelta(hours=2) if edited else None,
            })
            if edited:
                revisions.append({"post_id": post_id, "body": pool[paragraphs[0]], "editor_id": writer,
                                  "reason": "", "created_at": last + timedelta(hours=2)})
            if rng.random() < 0.01:
                attachments.append({"post_id": post_id, "uploader_id": writer, "filename": f"anhang-{post_id}.pdf",
                                    "content_type": "application/pdf", "size": 48_000, "sha256": "0" * 64,
                                    "storage_name": f"{post_id:032x}", "created_at": last})
            if rng.random() < 0.002:
                reports.append({"post_id": post_id, "reporter_id": rng.choice(people), "reason": "off_topic",
                                "note": "", "created_at": last})
        topics.append({"id": tid, "category_id": cat, "network_id": cat_net[cat], "kind": "discussion",
                       "title": _fill(rng, rng.choice(TITLES)), "author_id": author,
                       "municipality_id": None, "created_at": created, "last_post_at": last,
                       "reply_count": counts[t] - 1, "locked": False, "pinned": t == 3,
                       "hidden": first_hidden})
    # Practices: the topics after the long ones in the open main categories.
    practice_topics = [t for t in topics[3:] if t["category_id"] in open_main][: max(20, n_topics // 70)]
    practices = []
    for i, t in enumerate(practice_topics):
        t["kind"] = "practice"
        practices.append({"topic_id": t["id"], "municipality_id": user_muni[t["author_id"]],
                          "status": "published" if i % 5 else "submitted",
                          "initial_situation": pool[i % len(pool)], "approach": pool[(i * 7) % len(pool)],
                          "resources": "", "results": pool[(i * 13) % len(pool)], "transfer": "",
                          "contact": "", "size_class": 0, "submitted_at": t["created_at"]})
    seconds["build_rows"] = round(time.perf_counter() - t0, 1)

    t0 = time.perf_counter()
    _copy(conn, Topic.__table__, topics)
    _copy(conn, Post.__table__, posts)
    _insert(conn, Practice.__table__, practices)
    _insert(conn, PostRevision.__table__, revisions)
    _insert(conn, Attachment.__table__, attachments)
    _insert(conn, Report.__table__, reports)
    if pg:
        for table in ("municipality", "user", "topic", "post"):
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "  # noqa: S608
                              f"(SELECT max(id) FROM \"{table}\"))"))
    db.session.commit()
    seconds["insert"] = round(time.perf_counter() - t0, 1)
    log(f"inserted {len(topics)} topics, {len(posts)} posts in {seconds['insert']} s; indexing")

    t0 = time.perf_counter()
    documents = search.reindex()
    db.session.commit()
    seconds["search_index"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    db.session.execute(text("ANALYZE"))  # as autovacuum would after a bulk load
    db.session.commit()
    seconds["analyze"] = round(time.perf_counter() - t0, 1)
    seconds["total"] = round(sum(seconds.values()), 1)

    per_page = 30
    visible_discussions = [t for t in topics if t["network_id"] == main_net and t["kind"] == "discussion"
                           and t["category_id"] in open_main and not t["hidden"]]
    full = [t["id"] for t in visible_discussions[3:] if counts[t["id"] - 1] >= per_page]
    rng.shuffle(full)
    sizes = {}
    if pg:
        sizes = {name: db.session.scalar(text(f"SELECT pg_total_relation_size('{name}')"))  # noqa: S608
                 for name in ("post", "topic", "forum_search")}
        sizes["database"] = db.session.scalar(text("SELECT pg_database_size(current_database())"))
    else:
        sizes["database"] = db.session.scalar(text(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"))
    summary = {
        "topics": len(topics), "posts": len(posts), "municipalities": n_municipalities,
        "users": len(users), "categories": len(categories), "practices": len(practices),
        "attachments": len(attachments), "revisions": len(revisions), "reports": len(reports),
        "hidden_posts": sum(1 for p in posts if p["hidden_reason"]), "search_documents": documents,
        "topics_with_a_full_first_page": len(full), "longest_topic_posts": max(counts),
        "median_posts_per_topic": sorted(counts)[len(counts) // 2],
        "database_bytes": sizes.pop("database"), "table_bytes": sizes,
        "post_count_check": db.session.scalar(select(func.count(Post.id))),
    }
    db.session.rollback()
    return Forum(network_id=main_net, member_email=f"person{member}@bench.weltoffen.de",
                 topic_ids=full[:40], long_topics=[(i + 1, -(-counts[i] // per_page)) for i in range(3)],
                 category_ids=open_main, summary=summary, seconds=seconds)
