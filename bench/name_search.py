"""The search by name of the group page (network/name_search.search) over a national
network of ~10,800 municipalities, on SQLite and/or PostgreSQL: the rows inserted in
bulk with SQLAlchemy Core (as bench/peer_data.py makes them; search_name filled by the
column default), then ANALYZE, then each query --repeats times in process: median and
p95, beside a baseline of the same run (one municipality by its AGS, a unique index).
Nothing is written to bench/results.json; the figures are printed.

    .venv/bin/python bench/name_search.py [--db sqlite|postgresql|both] [--repeats 50]
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
from common.report import log
from common.stats import median, ms, percentile

#: Short and long, common and rare, a prefix, a word inside names, an AGS, nothing.
QUERIES = ["ba", "bad", "neu", "berg", "hausen", "ober", "sankt", "09", "xyz"]


def measure(repeats: int) -> dict:
    from peer_data import municipalities
    from sqlalchemy import select, text

    from weltoffen.extensions import db
    from weltoffen.network import name_search
    from weltoffen.network.models import Municipality, Network

    network = Network(name="Bench-Netzwerk", slug="bench-netzwerk")
    db.session.add(network)
    db.session.flush()
    rows = municipalities(10_800, random.Random(7))
    db.session.execute(Municipality.__table__.insert(), [{**r, "network_id": network.id} for r in rows])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    assert db.session.scalar(select(Municipality.search_name).limit(1)), "search_name not filled"
    result = {"municipalities": len(rows)}
    some_ags = rows[len(rows) // 2]["ags"]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        db.session.scalars(select(Municipality).where(Municipality.ags == some_ags)).one()
        times.append(time.perf_counter() - started)
        db.session.rollback()
    result["baseline (by AGS)"] = (ms(median(times)), ms(percentile(times, 95)))
    for q in QUERIES:
        times = []
        for _ in range(repeats):
            started = time.perf_counter()
            found, more = name_search.search(network.id, q)
            times.append(time.perf_counter() - started)
            db.session.rollback()
        result[f"{q!r} ({len(found)}{'+' if more else ''})"] = (ms(median(times)), ms(percentile(times, 95)))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="sqlite")
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    args = parser.parse_args()
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    settings = AppSettings.generate()
    with tempfile.TemporaryDirectory() as folder:
        for kind in kinds:
            with fresh_database(kind, Path(folder), args.pg_url, label="names") as url, migrated_app(url, settings):
                result = measure(args.repeats)
                log(f"{kind}: {result.pop('municipalities')} municipalities; median / p95 in ms (matches)")
                for label, (med, p95) in result.items():
                    print(f"  {label:<22} {med:>7.2f} {p95:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
