"""Stage 1 of a citizens' assembly at a large city's scale: a synthetic register extract
of 400,000 adults with realistic German shares (age, gender, 12 districts of unequal
size, households of 1–4 at one address), imported and drawn through the app's own
services, beside a baseline measured in the same run: reading the same file with the
csv module alone (what any import costs at least).

    .venv/bin/python bench/lottery_import.py [--db sqlite|postgresql|both] [--quick]
        [--people 400000] [--invitations 6000] [--repeats 3]

Per database: a fresh database, migrations, an assembly with a lottery; then, --repeats
times (medians): register.parse (every row checked), services.import_register (packed,
compressed, sealed, one row), and services.draw_invitations of --invitations, simple
and stratified by district and age band with oversampling (each invitation sealed with
its code). Target: import + draw ≤ 30 s. Results: bench/results.json →
"lottery_import" → "quick" | "full". Nothing but the local database is contacted.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import runner
from common.databases import DEFAULT_PG_URL, AppSettings, fresh_database, migrated_app
from common.report import log
from common.stats import median

DISTRICTS = [("Innenstadt", 14), ("Nord", 11), ("Süd", 10), ("Ost", 9), ("West", 9), ("Altstadt", 8),
             ("Hafen", 8), ("Bergviertel", 7), ("Feldmark", 7), ("Neustadt", 7), ("Am See", 5), ("Heide", 5)]
#: Adults by age (Germany, roughly): 18–29 15 %, 30–44 23 %, 45–64 33 %, 65+ 27 %, 16–17 2 %.
AGES = [((16, 17), 2), ((18, 29), 15), ((30, 44), 23), ((45, 64), 33), ((65, 95), 27)]
FIRST = ["Anna", "Ben", "Can", "Dilara", "Emil", "Fatma", "Greta", "Hannes", "Ilse", "Jonas", "Kübra", "Lukas"]
LAST = ["Müller", "Schmidt", "Yılmaz", "Schneider", "Fischer", "Weber", "Kaya", "Becker", "Wagner", "Nowak"]


def synthetic_register(n: int, rng: random.Random, today: date) -> bytes:
    """A register extract as a municipality exports it (semicolons, German headers)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(["Ordnungsmerkmal", "Vorname", "Nachname", "Straße", "Hausnummer", "PLZ", "Ort", "Stadtteil",
                     "Geburtsdatum", "Geschlecht"])
    districts = [d for d, w in DISTRICTS for _ in range(w)]
    ages = [span for span, w in AGES for _ in range(w)]
    person = 0
    while person < n:
        district = rng.choice(districts)
        street, number = f"{rng.choice(LAST)}straße", rng.randint(1, 180)
        for _ in range(min(n - person, rng.choice((1, 1, 2, 2, 2, 3, 4)))):
            low, high = rng.choice(ages)
            year = today.year - rng.randint(low, high)
            gender = rng.choices("wmd", weights=(51, 48.9, 0.1))[0]
            writer.writerow([f"R{person:07d}", rng.choice(FIRST), rng.choice(LAST), street, number,
                             f"{58600 + DISTRICTS.index(next(x for x in DISTRICTS if x[0] == district)):05d}",
                             "Musterstadt", district, f"{rng.randint(1, 28):02d}.{rng.randint(1, 12):02d}.{year}",
                             gender])
            person += 1
    return out.getvalue().encode()


def run_database(kind: str, args: argparse.Namespace, settings: AppSettings, tmp: Path) -> dict:
    today = date.today()
    data = synthetic_register(args.people, random.Random(args.seed), today)
    log(f"{kind}: register of {args.people} people, {len(data) / 1e6:.1f} MB")
    times: dict[str, list[float]] = {k: [] for k in ("csv_baseline", "parse", "seal_store", "draw_simple",
                                                     "draw_stratified")}
    with fresh_database(kind, tmp, args.pg_url, label="lottery") as url, migrated_app(url, settings) as app:
        from weltoffen.dialogue.lottery import register, services
        from weltoffen.dialogue.models import DialogueProcess
        from weltoffen.extensions import db
        from weltoffen.network.models import Municipality, Network

        network = Network(name="Bench", slug="bench")
        db.session.add(network)
        db.session.flush()
        town = Municipality(network_id=network.id, ags="05999000", name="Musterstadt", state="05", kind="stadt",
                            population=args.people + 80_000, foreign_born_share=20.0)
        db.session.add(town)
        db.session.flush()
        process = DialogueProcess(municipality_id=town.id, slug="buergerrat", title="Bürgerrat",
                                  format_key="citizens_assembly")
        db.session.add(process)
        db.session.flush()
        with app.test_request_context():
            lottery = services.create(process, None)
            db.session.commit()
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                rows = sum(1 for _row in csv.reader(io.StringIO(data.decode()), delimiter=";"))
                times["csv_baseline"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                result = register.parse(data, today)
                times["parse"].append(time.perf_counter() - t0)
                assert result.ok, result.errors[:3]
                t0 = time.perf_counter()
                services.import_register(lottery, result, None, today)
                db.session.commit()
                times["seal_store"].append(time.perf_counter() - t0)
                for mode, stratified in (("draw_simple", False), ("draw_stratified", True)):
                    t0 = time.perf_counter()
                    services.draw_invitations(lottery, None, args.invitations, seed=12345, today=today,
                                              stratified=stratified,
                                              oversampling={"18_29": 1.5, "under_18": 1.5} if stratified else None)
                    db.session.commit()
                    times[mode].append(time.perf_counter() - t0)
                    lottery.drawn_at = None  # as before the next repeat's import
                    db.session.commit()
    med = {k: round(median(v), 2) for k, v in times.items()}
    med["import_and_draw"] = round(med["parse"] + med["seal_store"] + med["draw_stratified"], 2)
    med["parse_ratio_csv"] = round(med["parse"] / med["csv_baseline"], 1) if med["csv_baseline"] else None
    log(f"{kind}: {med}")
    return {"people": args.people, "rows": rows - 1, "megabytes": round(len(data) / 1e6, 1), "seconds": med}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--quick", action="store_true", help="40,000 people, 600 invitations, 1 repeat")
    parser.add_argument("--people", type=int, default=None)
    parser.add_argument("--invitations", type=int, default=None)
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--seed", default="weltoffen-lottery")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    args.people = args.people or (40_000 if args.quick else 400_000)
    args.invitations = args.invitations or (600 if args.quick else 6_000)
    args.repeats = args.repeats or (1 if args.quick else 3)

    def row(name):
        return (name, lambda r: f"{r['seconds'][name]} s")

    rows = [("people / file", lambda r: f"{r['people']} / {r['megabytes']} MB"),
            row("csv_baseline"), row("parse"),
            ("parse ÷ csv baseline", lambda r: f"{r['seconds']['parse_ratio_csv']}×"),
            row("seal_store"), row("draw_simple"), row("draw_stratified"), row("import_and_draw")]

    def failures(results):
        return [f"{k}: import + draw {r['seconds']['import_and_draw']} s > 30 s" for k, r in results.items()
                if r["seconds"]["import_and_draw"] > 30]

    return runner.run("lottery_import", args, argv, run_database, rows,
                      "lottery import and draw (medians; target: import + draw ≤ 30 s)", failures)


if __name__ == "__main__":
    sys.exit(main())
