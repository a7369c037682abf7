"""What the autosave run found: the answer table read straight from the database
(not through the app), checked against what every client was told, and the figures
per database for bench/results.json and the table."""

from __future__ import annotations

import sqlalchemy as sa
from autosave_scenario import ClientRun, Session, Write
from common.load import summarise_baselines
from common.report import Row
from common.stats import count, median, ms, percentile


def read_answers(url: str, submission_id: int) -> tuple[dict, list]:
    """Stored answers straight from the database: {(user, key): (value, special, evidence)},
    and the (user, key, count) groups with more than one row."""
    meta = sa.MetaData()
    answer = sa.Table(
        "answer", meta,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("submission_id", sa.Integer),
        sa.Column("question_key", sa.String),
        sa.Column("user_id", sa.Integer),
        sa.Column("value", sa.JSON),
        sa.Column("special", sa.String),
        sa.Column("evidence", sa.Text),
    )
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                sa.select(answer.c.user_id, answer.c.question_key, answer.c.value,
                          answer.c.special, answer.c.evidence)
                .where(answer.c.submission_id == submission_id)
            ).all()
            duplicates = conn.execute(
                sa.select(answer.c.user_id, answer.c.question_key, sa.func.count())
                .where(answer.c.submission_id == submission_id)
                .group_by(answer.c.submission_id, answer.c.question_key, answer.c.user_id)
                .having(sa.func.count() > 1)
            ).all()
            status = conn.execute(
                sa.text("SELECT status FROM submission WHERE id = :id"), {"id": submission_id}
            ).scalar()
    finally:
        engine.dispose()
    stored = {(r.user_id, r.question_key): (r.value, r.special, r.evidence) for r in rows}
    return {"answers": stored, "rows": len(rows), "submission_status": status}, [
        tuple(d) for d in duplicates
    ]


def verify(runs: list[ClientRun], stored: dict) -> dict:
    """Compare what every client was told (over all repeats) with what the database holds."""
    lost, overwritten_by_unacked, unknown, phantom, checked = [], 0, 0, 0, 0
    by_pair: dict[tuple[int, str], list[Write]] = {}
    index = {}
    for run in runs:
        index[run.user_id] = run.index
        for w in run.writes:
            by_pair.setdefault((run.user_id, w.question), []).append(w)
    for (user_id, key), writes in by_pair.items():
        acked = [w for w in writes if w.status == 200]
        actual = stored.get((user_id, key))
        if not acked:
            unknown += 1
            continue
        checked += 1
        # Writes that may legitimately be the last one: no acknowledged write started
        # after they were acknowledged (two overlapping requests: either one).
        candidates = [w for w in acked if not any(o.started > w.ended for o in acked)]
        if any(_same(actual, w.expected) for w in candidates):
            continue
        first = min(c.started for c in candidates)
        if any(_same(actual, w.expected) for w in writes if w.status != 200 and w.started >= first):
            overwritten_by_unacked += 1
            continue
        lost.append({
            "client": index[user_id], "user_id": user_id, "question": key,
            "expected": [list(c.expected) if c.expected else None for c in candidates],
            "stored": list(actual) if actual else None,
        })
    for pair in stored:
        if pair[0] in index and pair not in by_pair:
            phantom += 1
    return {
        "checked_pairs": checked,
        "lost": len(lost),
        "lost_examples": lost[:5],
        "overwritten_by_unacknowledged": overwritten_by_unacked,
        "unverifiable_pairs": unknown,
        "phantom_rows": phantom,
    }


def _same(actual, expected) -> bool:
    if expected is None:
        return actual is None
    return actual is not None and list(actual) == list(expected)


def twin_pairs(runs: list[ClientRun]) -> dict:
    """Hot double-fires: how many pairs were really in flight at the same time."""
    pairs = overlapping = 0
    for run in runs:
        hot = [w for w in run.writes if w.hot]
        for a in (w for w in hot if not w.twin):
            b = next((w for w in hot if w.twin and w.question == a.question
                      and abs(w.started - a.started) < 1.0), None)
            if b is not None:
                pairs += 1
                overlapping += a.started < b.ended and b.started < a.ended
    return {"pairs": pairs, "overlapping": overlapping}


def summarise(kind: str, sessions: list[Session], phases: list[dict], base_runs: list[dict],
              stored: dict, duplicates: list, extra: list[ClientRun]) -> dict:
    """`extra`: saves outside the timed phases (login probe), verified but not timed."""
    runs = [r for p in phases for r in p["runs"]]
    writes = [w for r in runs for w in r.writes]
    latencies = [w.ended - w.started for w in writes]
    statuses = count(w.status for w in writes)
    acked = sum(1 for w in writes if w.status == 200)
    checks = verify(runs + extra, stored["answers"])
    hot = [w.ended - w.started for w in writes if w.hot]
    server_errors = sum(n for s, n in statuses.items() if s.startswith("5"))
    logins = [s.login_seconds for s in sessions if s.login_seconds is not None]
    twins = twin_pairs(runs)
    # Per repeat, against the mean of the baselines measured right before and after it.
    each = []
    for i, phase in enumerate(phases):
        lat = [w.ended - w.started for r in phase["runs"] for w in r.writes]
        ok = sum(1 for r in phase["runs"] for w in r.writes if w.status == 200)
        around = base_runs[i:i + 2]
        base_p50 = sum(median(b["latencies"]) for b in around) / len(around)
        base_rps = sum(len(b["latencies"]) / b["wall"] for b in around) / len(around)
        rate = ok / phase["wall"] if phase["wall"] else None
        each.append({
            "saves": len(lat),
            "wall_seconds": round(phase["wall"], 3) if phase["wall"] else None,
            "saves_per_second": round(rate, 1) if rate else None,
            "p50_ms": ms(median(lat)),
            "p95_ms": ms(percentile(lat, 95)),
            "baseline_p50_ms": ms(base_p50),
            "baseline_requests_per_second": round(base_rps, 1),
            "ratio_p50": round(median(lat) / base_p50, 2) if lat else None,
            "ratio_throughput": round(base_rps / rate, 2) if rate else None,
            "client_cpu_share": round(phase["client_cpu"] / phase["wall"], 2)
            if phase["wall"] else None,
        })

    def mid(name):
        values = [e[name] for e in each if e[name] is not None]
        return round(median(values), 2) if values else None

    return {
        "database": kind,
        "clients": len(sessions),
        "repeats": len(phases),
        "saves": len(writes),
        "acknowledged": acked,
        "saves_per_second": mid("saves_per_second"),
        "wall_seconds": mid("wall_seconds"),
        "p50_ms": ms(median(latencies)),
        "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "max_ms": ms(max(latencies) if latencies else None),
        "ratio_p50_autosave_to_baseline": mid("ratio_p50"),
        "ratio_throughput_baseline_to_autosave": mid("ratio_throughput"),
        "client_cpu_share": mid("client_cpu_share"),
        "each_repeat": each,
        "hot_saves": len(hot),
        "hot_p50_ms": ms(median(hot)),
        "hot_p95_ms": ms(percentile(hot, 95)),
        "login_p50_ms": ms(median(logins)),
        "barrier_wait_p50_s": round(median([r.barrier_seconds for r in runs]) or 0, 3),
        "twin_pairs": twins["pairs"],
        "twin_pairs_overlapping": twins["overlapping"],
        "statuses": statuses,
        "lost_saves": checks["lost"],
        "duplicates": len(duplicates),
        "duplicate_examples": [list(d) for d in duplicates[:5]],
        "server_errors_5xx": server_errors,
        "verification": {
            **checks,
            "rows": stored["rows"],
            "submission_status": stored["submission_status"],
        },
        "errors": {
            "failed_clients": sum(1 for s in sessions if s.error),
            "examples": sorted({s.error for s in sessions if s.error})[:3],
            "non_200": sum(n for s, n in statuses.items() if s != "200"),
        },
        "baseline_healthz": summarise_baselines(base_runs),
    }


def table_rows(clients: int, saves: int) -> list[Row]:
    """The table printed after the run: one column per database (summarise() results)."""

    def base(r, key):
        return r["baseline_healthz"][key]

    return [
        ("clients x saves x repeats", lambda r: f"{r['clients']} x {saves} x {r['repeats']}"),
        ("autosave requests (HTTP 200)", lambda r: f"{r['saves']} ({r['acknowledged']})"),
        ("saves per second (median)", lambda r: (
            f"{r['saves_per_second']}  "
            f"[{', '.join(str(e['saves_per_second']) for e in r['each_repeat'])}]")),
        ("save latency p50/p95/p99", lambda r: f"{r['p50_ms']} / {r['p95_ms']} / {r['p99_ms']} ms"),
        ("hot-question p50/p95", lambda r: (
            f"{r['hot_p50_ms']} / {r['hot_p95_ms']} ms" if r["hot_saves"] else "-")),
        ("baseline /healthz p50/p95/p99", lambda r: (
            f"{base(r, 'p50_ms')} / {base(r, 'p95_ms')} / {base(r, 'p99_ms')} ms")),
        ("baseline requests/s (median)", lambda r: f"{base(r, 'requests_per_second')}"),
        ("p50 autosave / baseline", lambda r: f"{r['ratio_p50_autosave_to_baseline']} x"),
        ("req/s baseline / autosave", lambda r: f"{r['ratio_throughput_baseline_to_autosave']} x"),
        ("login p50 (32 at once)" if clients == 32 else "login p50 (all at once)",
         lambda r: f"{r['login_p50_ms']} ms"),
        ("hot double-fires overlapping", lambda r: (
            f"{r['twin_pairs_overlapping']} of {r['twin_pairs']}")),
        ("client CPU (save / baseline)", lambda r: (
            f"{r['client_cpu_share']} / {base(r, 'client_cpu_share')} cores")),
        ("lost saves", lambda r: f"{r['lost_saves']}"),
        ("duplicates", lambda r: f"{r['duplicates']}"),
        ("5xx", lambda r: f"{r['server_errors_5xx']}"),
        ("other non-200 / failed clients", lambda r: (
            f"{r['errors']['non_200'] - r['server_errors_5xx']} / "
            f"{r['errors']['failed_clients']}")),
        ("server tracebacks / db locked", lambda r: (
            f"{r['server_log']['tracebacks']} / {r['server_log']['database_locked']}")),
    ]
