"""Dialogue at national scale for dialogue_benchmark.py: peer_data's network of about
10,800 municipalities (coordinator with TOTP; no team answers), then dialogue data in
bulk (Core executemany in chunks; COPY on PostgreSQL for the big tables), ids assigned
here and sequences moved past them afterwards.

- `processes` dialogue processes over the municipalities, skewed by size (weight
  population^0.75: Berlin gets several hundred, most villages none), formats mixed
  (dialogue_rows.FORMATS), status planned/running/finished/cancelled, about 30 %
  published; published processes get phases and 1-3 sessions with attendance.
- `recommendations` recommendations over the finished processes and a third of the
  running ones (log-normal, median ~10 per process), votes for/against/abstain, due
  dates from the mandate; about 80 % answered once they are due (adopted, adopted in
  part, under review, rejected, with reasons; some under review first and decided
  later), adopted ones with 0-3 rising progress updates: overdue, stalled and
  implemented recommendations arise from the dates.
- Target processes, published and finished, with a fixed number of recommendations
  (TARGETS) in municipalities of different sizes, with reach figures and population
  shares: what the public pages are timed on.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from dialogue_rows import Ids, Rows, phases_and_sessions, process_row, recommendations
from forum_data import _copy
from peer_data import Network
from peer_data import generate as generate_network

#: Recommendations of the target processes, and the municipality size rank they sit in
#: (0 = the largest).
TARGETS = [(14, 0), (60, 1), (5, 40), (30, 400), (14, 3000)]
#: Processes are built and written in batches of this many (memory stays small).
BATCH = 2_000
REACH = {"age_band": {"under_18": 2, "18_29": 6, "30_44": 13, "45_64": 21, "65_plus": 18},
         "gender": {"female": 31, "male": 28, "diverse": 1}}
POPULATION = {"age_band": {"under_18": 2.2, "18_29": 16.8, "30_44": 21.0, "45_64": 32.5, "65_plus": 27.5},
              "gender": {"female": 50.8, "male": 49.0, "diverse": 0.2}}
TABLES = ("dialogue_process", "process_phase", "dialogue_session", "session_attendance", "recommendation",
          "recommendation_response", "progress_update", "process_reach", "population_share")


@dataclass
class Dialogue:
    """What the measurements need of the generated data."""

    network: Network
    #: [(AGS, slug, recommendations)] of the target processes.
    targets: list[tuple[str, str, int]]
    summary: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)


def _counts(rng: random.Random, n: int, total: int) -> list[int]:
    """n log-normal counts (median ~10) scaled to add up to `total`."""
    weights = [rng.lognormvariate(math.log(10), 0.6) for _ in range(n)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    for i in rng.sample(range(n), min(n, total - sum(counts))):
        counts[i] += 1
    return counts


def _texts() -> list[tuple[str, str]]:
    from weltoffen.dialogue.demo_texts import RECOMMENDATIONS

    return [(title, text) for title, text, *_rest in RECOMMENDATIONS]


def _flush(conn, rows: Rows) -> None:
    from weltoffen.extensions import db

    for name in TABLES:
        batch = rows.tables.pop(name, [])
        if not batch:
            continue
        table = db.metadata.tables[name]
        if name in ("dialogue_process", "dialogue_session"):  # JSON columns: executemany
            for start in range(0, len(batch), 5_000):
                conn.execute(table.insert(), batch[start:start + 5_000])
        else:
            _copy(conn, table, batch)


def generate(rng: random.Random, processes: int = 50_000, recommendations_total: int = 600_000,
             municipalities: int = 10_800, log=print) -> Dialogue:
    """Load everything into the database of the current app context; commits."""
    import sqlalchemy as sa

    from weltoffen.extensions import db
    from weltoffen.network.models import Municipality

    network = generate_network(municipalities, rng, False, log)
    t0 = time.perf_counter()
    today, now = date.today(), datetime.now(UTC)
    towns = db.session.execute(sa.select(Municipality.id, Municipality.ags, Municipality.population)
                               .where(Municipality.network_id == network.network_id)
                               .order_by(Municipality.population.desc(), Municipality.id)).all()
    per_town = dict.fromkeys((t.id for t in towns), 0)
    for mid in rng.choices([t.id for t in towns], [t.population ** 0.75 for t in towns], k=processes - len(TARGETS)):
        per_town[mid] += 1
    target_towns = [towns[min(rank, len(towns) - 1)] for _n, rank in TARGETS]
    # Decide the processes first (cheap), then the recommendation counts, then write in batches.
    ids, rows = Ids(), Rows()
    plan: list[dict] = []
    slug_no: dict[int, int] = {}
    targets = []
    for (count, _rank), town in zip(TARGETS, target_towns, strict=True):
        slug_no[town.id] = slug_no.get(town.id, 0) + 1
        p = process_row(rng, ids, town.id, slug_no[town.id], today, now,
                        {"format_key": "citizens_assembly", "status": "finished", "published": True})
        p["_recs"] = count
        plan.append(p)
        targets.append((town.ags, p["slug"], count))
    for mid, n in per_town.items():
        for _ in range(n):
            slug_no[mid] = slug_no.get(mid, 0) + 1
            plan.append(process_row(rng, ids, mid, slug_no[mid], today, now))
    eligible = [p for p in plan[len(TARGETS):] if p["format_key"] != "participatory_budget" and (
        p["status"] == "finished" or (p["status"] == "running" and rng.random() < 0.33))]
    rest = max(0, recommendations_total - sum(n for n, _r in TARGETS))
    for p, n in zip(eligible, _counts(rng, len(eligible), rest), strict=True):
        p["_recs"] = n
    seconds = {"network": network.seconds.get("total"), "plan": round(time.perf_counter() - t0, 2)}

    t1 = time.perf_counter()
    texts = _texts()
    conn = db.session.connection()
    written = dict.fromkeys(TABLES, 0)
    for start in range(0, len(plan), BATCH):
        for p in plan[start:start + BATCH]:
            rows.add("dialogue_process", {k: v for k, v in p.items() if not k.startswith("_")})
            if p["published"]:
                phases_and_sessions(rng, ids, rows, p)
            if p.get("_recs"):
                recommendations(rng, ids, rows, p, p["_recs"], today, texts)
        for name, batch in rows.tables.items():
            written[name] += len(batch)
        _flush(conn, rows)
    target_ids = [p["id"] for p in plan[:len(TARGETS)]]
    for pid in target_ids:
        for feature, values in REACH.items():
            for value, n in values.items():
                rows.add("process_reach", {"id": ids.take("process_reach"), "process_id": pid,
                                           "feature": feature, "value": value, "count": n})
    for mid in {t.id for t in target_towns}:
        for feature, values in POPULATION.items():
            for value, percent in values.items():
                rows.add("population_share", {"id": ids.take("population_share"), "municipality_id": mid,
                                              "feature": feature, "value": value, "percent": percent,
                                              "source": "Melderegister", "year": today.year - 1,
                                              "updated_at": now})
    for name, batch in rows.tables.items():
        written[name] += len(batch)
    _flush(conn, rows)
    if conn.dialect.name == "postgresql":
        for name in TABLES:
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "  # noqa: S608
                                 f"(SELECT coalesce(max(id), 1) FROM \"{name}\"))"))
    db.session.commit()
    seconds["insert"] = round(time.perf_counter() - t1, 2)
    t2 = time.perf_counter()
    db.session.execute(sa.text("ANALYZE"))  # as autovacuum would after a bulk load
    db.session.commit()
    seconds["analyze"] = round(time.perf_counter() - t2, 2)
    seconds["total"] = round(sum(v or 0 for v in seconds.values()), 2)
    summary = {
        "municipalities": network.municipalities,
        "municipalities_with_processes": sum(1 for n in slug_no.values() if n),
        "most_processes_in_one_municipality": max(slug_no.values()),
        "processes": written["dialogue_process"],
        "published": sum(1 for p in plan if p["published"]),
        "recommendations": written["recommendation"],
        "responses": written["recommendation_response"], "progress_updates": written["progress_update"],
        "sessions": written["dialogue_session"], "phases": written["process_phase"],
        "overdue_at_generation": rows.overdue, "stalled_at_generation": rows.stalled,
        "implemented_at_generation": rows.implemented,
        "formats": {k: sum(1 for p in plan if p["format_key"] == k) for k in sorted({p["format_key"] for p in plan})},
        "targets": [{"ags": a, "slug": s, "recommendations": n} for a, s, n in targets],
        "database_bytes": _database_bytes(db.session.connection()),
    }
    db.session.rollback()
    log(f"dialogue: {summary['processes']} processes ({summary['published']} published), "
        f"{summary['recommendations']} recommendations, {summary['responses']} responses, "
        f"{summary['progress_updates']} progress updates in {seconds['insert']} s")
    return Dialogue(network, targets, summary, seconds)


def _database_bytes(conn) -> int:
    import sqlalchemy as sa

    if conn.dialect.name == "postgresql":
        return conn.scalar(sa.text("SELECT pg_database_size(current_database())"))
    return conn.scalar(sa.text("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"))
