"""Stage 2 of a citizens' assembly by lot (weltoffen/dialogue/lottery/selection.py):
what weltoffen's select() costs beside the `sortition-algorithms` library called
directly, for every algorithm available here.

    .venv/bin/python bench/lottery_selection.py [--registrants 1000] [--panel 60]
        [--repeats 3] [--algorithms maximin,nash,legacy] [--quick] [--no-write]

Data: --registrants synthetic registrants with six features in German shares
(age_band 4, gender 3, district 6, education 3, migration 2, employment 5; employment
depends on age), targets from the population shares of the panel with 1-2 seats slack
(floor - 1 to ceil + 1). Per algorithm, --repeats times each, same seed:
  (a) library: run_stratification() on the library's own FeatureCollection and People
      (read_in_features / read_in_people from rows, built before the clock starts);
      and, as a second baseline, the CPU time with that reading included (any caller
      of the library has its data read in; weltoffen's select() does the same);
  (b) weltoffen: select() from Candidate and Quota dataclasses, timed end to end
      (validation, conversion, the library, probabilities, quota report).
Medians; ratio = (b) / (a). The two sides may follow different solver paths
(the library hashes plain str ids, weltoffen stable ones, so sets iterate in
another order), so the ratio carries the algorithm's path-to-path spread; the
time select() spends outside the library's algorithm is measured too and is
weltoffen's own cost. The machine has 2 cores and is shared. Results go to
bench/results.json under "lottery_selection" -> "quick" | "full".
"""

from __future__ import annotations

import argparse
import logging
import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common.report import log, merge_results, print_table  # noqa: E402
from common.stats import median  # noqa: E402

from weltoffen.dialogue.lottery import selection_engine as engine  # noqa: E402
from weltoffen.dialogue.lottery.selection import (  # noqa: E402
    LIBRARY_VERSION,
    Candidate,
    Quota,
    Selection,
    available_algorithms,
    select,
)

SEED = 20260
SHARES = {
    "age_band": {"16_29": 0.18, "30_44": 0.23, "45_64": 0.33, "65_plus": 0.26},
    "gender": {"female": 0.505, "male": 0.49, "diverse": 0.005},
    "district": {"Nord": 0.18, "Ost": 0.15, "Sued": 0.20, "West": 0.17, "Mitte": 0.12, "Hafen": 0.18},
    "education": {"low": 0.17, "medium": 0.52, "high": 0.31},
    "migration": {"yes": 0.27, "no": 0.73},
}
#: employment by age band: employed, unemployed, retired, in_education, other
EMPLOYMENT = {
    "16_29": (0.55, 0.05, 0.00, 0.35, 0.05),
    "30_44": (0.82, 0.05, 0.01, 0.02, 0.10),
    "45_64": (0.78, 0.05, 0.07, 0.00, 0.10),
    "65_plus": (0.08, 0.00, 0.88, 0.00, 0.04),
}
EMPLOYMENT_VALUES = ("employed", "unemployed", "retired", "in_education", "other")


def registrants(n: int, rng: random.Random) -> list[Candidate]:
    """n registrants, one in ten sharing a household with the one before."""
    people = []
    for i in range(n):
        features = {f: rng.choices(list(s), weights=list(s.values()))[0] for f, s in SHARES.items()}
        features["employment"] = rng.choices(EMPLOYMENT_VALUES, weights=EMPLOYMENT[features["age_band"]])[0]
        household = f"h{i - 1}" if i and rng.random() < 0.1 else f"h{i}"
        people.append(Candidate(f"r{i:05d}", features, household))
    return people


def population_shares() -> dict[str, dict[str, float]]:
    shares = {f: dict(s) for f, s in SHARES.items()}
    ages = SHARES["age_band"]
    shares["employment"] = {v: sum(ages[a] * EMPLOYMENT[a][k] for a in ages) for k, v in enumerate(EMPLOYMENT_VALUES)}
    return shares


def targets(panel: int) -> dict[str, dict[str, Quota]]:
    """Seats from population shares, floor - 1 to ceil + 1."""
    return {f: {v: Quota(max(0, math.floor(s * panel) - 1), math.ceil(s * panel) + 1) for v, s in values.items()}
            for f, values in population_shares().items()}


def library_structures(people: list[Candidate], goals: dict, algorithm: str):
    """The library's own data structures, read from rows as its CSV/GSheet adapters do."""
    from sortition_algorithms import Settings, read_in_features, read_in_people

    head = ["feature", "value", "min", "max"]
    body = [{"feature": f, "value": v, "min": str(q.min), "max": str(q.max)}
            for f, values in goals.items() for v, q in values.items()]
    features, _, _ = read_in_features(head, body)
    settings = Settings(id_column="id", columns_to_keep=[], selection_algorithm=algorithm, random_number_seed=SEED)
    rows = [{"id": p.id, **p.features} for p in people]
    found, _ = read_in_people(["id", *goals], rows, features, settings)
    return features, found, settings


def run_library(people, goals, panel, algorithm) -> tuple[float, float, float]:
    """run_stratification() on prebuilt library structures: wall and CPU seconds; and the
    CPU seconds with the library reading the same data from rows first (read_in_features,
    read_in_people – what any caller of the library pays, weltoffen included)."""
    from sortition_algorithms import run_stratification

    read_cpu = time.process_time()
    features, found, settings = library_structures(people, goals, algorithm)
    read_cpu = time.process_time() - read_cpu
    started, cpu = time.perf_counter(), time.process_time()
    success, committees, report = run_stratification(features, found, panel, settings)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    if not success or len(committees[0]) != panel:
        raise RuntimeError(f"library run failed: {report.as_text()[-500:]}")
    return seconds, cpu, read_cpu + cpu


def run_weltoffen(people, goals, panel, algorithm) -> tuple[float, float, float]:
    """select() end to end (wall, CPU seconds), and the wall seconds of it spent inside
    the library's algorithm (selection_engine.run_algorithm, timed by a wrapper)."""
    inside: list[float] = []
    original = engine.run_algorithm

    def timed(*args, **kwargs):
        began = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            inside.append(time.perf_counter() - began)

    engine.run_algorithm = timed
    try:
        started, cpu = time.perf_counter(), time.process_time()
        answer = select(people, goals, panel, algorithm=algorithm, seed=SEED)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        engine.run_algorithm = original
    if not isinstance(answer, Selection) or len(answer.panel) != panel:
        raise RuntimeError(f"weltoffen run failed: {answer}")
    return seconds, cpu, sum(inside)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--registrants", type=int, default=1000)
    parser.add_argument("--panel", type=int, default=60)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--algorithms", default=",".join(available_algorithms()))
    parser.add_argument("--quick", action="store_true", help="200 registrants, panel 20, 1 repeat")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--section", help="results section (default: quick or full), e.g. to run algorithms "
                        "in parallel processes")
    args = parser.parse_args()
    if args.quick:
        args.registrants, args.panel, args.repeats = 200, 20, 1
    logging.getLogger("sortition_algorithms").setLevel(logging.WARNING)
    people = registrants(args.registrants, random.Random(SEED))
    goals = targets(args.panel)
    total = time.perf_counter()
    results: dict[str, dict] = {}
    for algorithm in args.algorithms.split(","):
        times: dict[str, list[float]] = {k: [] for k in ("library", "weltoffen", "wrapper", "library_cpu",
                                                           "weltoffen_cpu", "library_rows_cpu")}
        for repeat in range(args.repeats):
            seconds, cpu, rows_cpu = run_library(people, goals, args.panel, algorithm)
            times["library"].append(seconds)
            times["library_cpu"].append(cpu)
            times["library_rows_cpu"].append(rows_cpu)
            log(f"{algorithm} library repeat {repeat + 1}: {seconds:.2f} s (CPU {cpu:.2f} s)")
            seconds, cpu, inside = run_weltoffen(people, goals, args.panel, algorithm)
            times["weltoffen"].append(seconds)
            times["weltoffen_cpu"].append(cpu)
            times["wrapper"].append(seconds - inside)
            log(f"{algorithm} weltoffen repeat {repeat + 1}: {seconds:.2f} s "
                f"({seconds - inside:.3f} s outside the library)")
        lib, ours, wrapper, lib_cpu, ours_cpu, rows_cpu = (median(times[k]) for k in times)
        results[algorithm] = {
            "library_s": round(lib, 3), "weltoffen_s": round(ours, 3), "ratio": round(ours / lib, 3),
            "library_cpu_s": round(lib_cpu, 3), "weltoffen_cpu_s": round(ours_cpu, 3),
            "cpu_ratio": round(ours_cpu / lib_cpu, 3),
            "library_rows_cpu_s": round(rows_cpu, 3), "cpu_ratio_rows": round(ours_cpu / rows_cpu, 3),
            "wrapper_s": round(wrapper, 4), "wrapper_share": round(wrapper / ours, 4),
            "runs_s": {k: [round(t, 4) for t in v] for k, v in times.items()},
        }
    print_table(results, [
        ("library run_stratification (s)", lambda r: f"{r['library_s']:.2f}"),
        ("weltoffen select() (s)", lambda r: f"{r['weltoffen_s']:.2f}"),
        ("ratio weltoffen / library", lambda r: f"{r['ratio']:.3f}"),
        ("library CPU (s)", lambda r: f"{r['library_cpu_s']:.2f}"),
        ("weltoffen CPU (s)", lambda r: f"{r['weltoffen_cpu_s']:.2f}"),
        ("CPU ratio", lambda r: f"{r['cpu_ratio']:.3f}"),
        ("library CPU reading the rows too (s)", lambda r: f"{r['library_rows_cpu_s']:.3f}"),
        ("CPU ratio to that", lambda r: f"{r['cpu_ratio_rows']:.3f}"),
        ("select() outside the library (s)", lambda r: f"{r['wrapper_s']:.3f}"),
        ("share of select() outside", lambda r: f"{r['wrapper_share']:.1%}"),
    ], title=f"{args.registrants} registrants, 6 features, panel {args.panel}, medians of {args.repeats}")
    payload = {"registrants": args.registrants, "panel": args.panel, "features": 6, "repeats": args.repeats,
               "seed": SEED, "library_version": LIBRARY_VERSION, "algorithms": results,
               "total_s": round(time.perf_counter() - total, 1)}
    if not args.no_write:
        merge_results("lottery_selection", args.section or ("quick" if args.quick else "full"), payload)
        log("results written to bench/results.json under lottery_selection")
    return 0


if __name__ == "__main__":
    sys.exit(main())
