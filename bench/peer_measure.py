"""The peer benchmark's measurements, each beside a baseline taken in the same run:

    refresh_figures  the initial releases of every round, then aggregates.refresh() after
                     one submission changed (the submit path) vs the bare SQL GROUP BY
                     count/avg over the same round's scores
    page_figures     GET /benchmark/submissions/<id> (a lead) and
                     GET /benchmark/rounds/<id>/heatmap (a coordinator, TOTP) through
                     gunicorn vs a minimal Flask page rendering a 50-row template
    chart_figures    charts.svg(ScoreBars) cold (fresh process) and warm, and the
                     selfcheck.result_chart route on a cache miss and repeated
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from contextlib import contextmanager

import pyotp
from common import ROOT
from common.http_client import Client
from common.report import log
from common.server import BIN, Server, free_port, stop_gunicorn
from common.stats import median, ms, percentile

BENCH = ROOT / "bench"

# --- (1) flask benchmark refresh vs bare SQL -----------------------------------------

SIZE_CASE = ("CASE WHEN m.population < 5000 THEN 0 WHEN m.population < 20000 THEN 1 "
             "WHEN m.population < 100000 THEN 2 WHEN m.population < 500000 THEN 3 ELSE 4 END")
FOREIGN_CASE = ("CASE WHEN m.foreign_born_share < 10 THEN 0 WHEN m.foreign_born_share < 20 "
                "THEN 1 WHEN m.foreign_born_share < 30 THEN 2 ELSE 3 END")
GROUPINGS = {"network": None, "state": "m.state", "kind": "m.kind",
             "size": SIZE_CASE, "foreign": FOREIGN_CASE}


def bare_sql(round_ids: list[int]) -> int:
    """count/avg per group and dimension (and of the overall score) for every attribute
    and round, plain GROUP BY; returns the number of result rows."""
    import sqlalchemy as sa

    from weltoffen.extensions import db

    rows = 0
    with db.engine.connect() as conn:
        for rid in round_ids:
            for expr in GROUPINGS.values():
                group = f"{expr} AS g, " if expr else ""
                by = "g, " if expr else ""
                rows += len(conn.execute(sa.text(
                    f"SELECT {group}ds.dimension_key, count(*), avg(ds.score) "  # noqa: S608 - constant fragments
                    "FROM dimension_score ds JOIN submission s ON s.id = ds.submission_id "
                    "JOIN municipality m ON m.id = s.municipality_id "
                    "WHERE s.round_id = :r AND s.status = 'submitted' AND ds.score IS NOT NULL "
                    f"GROUP BY {by}ds.dimension_key"), {"r": rid}).all())
                rows += len(conn.execute(sa.text(
                    f"SELECT {group}count(*), avg(s.overall_score) FROM submission s "  # noqa: S608
                    "JOIN municipality m ON m.id = s.municipality_id "
                    "WHERE s.round_id = :r AND s.status = 'submitted' "
                    f"AND s.overall_score IS NOT NULL {'GROUP BY g' if expr else ''}"),
                    {"r": rid}).all())
    return rows


def refresh_figures(round_ids: list[int], repeats: int) -> dict:
    """Inside an app context on the bench database. First the initial releases of every
    round (what `flask benchmark refresh` does once after an upgrade); then, alternating
    with the bare SQL baseline, what one submission costs: one municipality's scores
    change and its round is evaluated (aggregates.refresh, as services.submit calls it)."""
    from sqlalchemy import select, update

    from weltoffen.benchmark import aggregates
    from weltoffen.extensions import db
    from weltoffen.selfcheck.models import DimensionScore, Round, Submission

    started = time.perf_counter()
    initial = sum(aggregates.refresh(r) for r in db.session.scalars(
        select(Round).where(Round.id.in_(round_ids)).order_by(Round.id)).all())
    db.session.commit()
    initial_s = time.perf_counter() - started
    db.session.remove()
    rid = round_ids[-1]
    subs = db.session.scalars(select(Submission.id).where(
        Submission.round_id == rid, Submission.status == "submitted").order_by(Submission.id)).all()
    refresh_s, sql_s = [], []
    taken = rows = 0
    for i in range(repeats):  # bounded
        started = time.perf_counter()
        rows = bare_sql([rid])
        sql_s.append(time.perf_counter() - started)
        db.session.remove()
        db.session.execute(update(DimensionScore).where(DimensionScore.submission_id == subs[i % len(subs)])
                           .values(score=DimensionScore.score * 0.5))
        started = time.perf_counter()
        taken += aggregates.refresh(db.session.get(Round, rid))
        db.session.commit()
        refresh_s.append(time.perf_counter() - started)
        db.session.remove()
    r, s = median(refresh_s), median(sql_s)
    return {
        "repeats": repeats,
        "initial_release_all_rounds_ms": ms(initial_s), "initial_groups_released": initial,
        "refresh_ms": ms(r), "refresh_ms_each": [ms(x) for x in refresh_s],
        "releases_taken_by_single_changes": taken,
        "bare_sql_ms": ms(s), "bare_sql_ms_each": [ms(x) for x in sql_s],
        "bare_sql_result_rows": rows,
        "ratio": round(r / s, 2) if s else None,
        "target_ratio": 2.0,
    }


# --- (2) pages through gunicorn vs a minimal Flask page ------------------------------

@contextmanager
def minimal_gunicorn(workers: int, log_path):
    """bench/minimal_app.py under its own gunicorn (same worker count)."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
               "--chdir", str(BENCH), "--error-logfile", "-", "minimal_app:app"]
    with log_path.open("w") as out:
        proc = subprocess.Popen(command, cwd=BENCH, stdout=out, stderr=subprocess.STDOUT,  # noqa: S603
                                start_new_session=True)
    server = Server(proc, port, log_path, command)
    try:
        ready = 0
        for _ in range(300):  # bounded: ~60 s
            if proc.poll() is not None:
                raise RuntimeError(f"minimal gunicorn exited; see {log_path}")
            ready = ready + 1 if Client(port).request("GET", "/healthz").status == 200 else 0
            if ready >= workers * 2:
                break
            time.sleep(0.2)
        yield server
    finally:
        stop_gunicorn(server)


#: The app's simplest logged-in page: what every page of the app costs at least
#: (session, user loader, security headers, base template, babel).
FLOOR_PATH = "/auth/account"


def log_in_totp(client: Client, email: str, password: str, secret: str) -> None:
    """Password, then the TOTP code at /auth/login/code."""
    token = client.csrf_token("/auth/login", "login page")
    status, headers, _b, _s = client.request(
        "POST", "/auth/login", form=[("csrf_token", token), ("email", email), ("password", password)])
    location = headers.get("Location", "") if headers else ""
    if status != 302 or "/auth/login/code" not in location:
        raise RuntimeError(f"login (password): HTTP {status} -> {location}")
    token = client.csrf_token("/auth/login/code", "code page")
    status, headers, _b, _s = client.request(
        "POST", "/auth/login/code", form=[("csrf_token", token), ("code", pyotp.TOTP(secret).now())])
    location = headers.get("Location", "") if headers else ""
    if status != 302 or "/auth/" in location:
        raise RuntimeError(f"login (code): HTTP {status} -> {location}")


def _timed(client: Client, path: str, n: int, statuses: dict, sizes: list) -> list[float]:
    out = []
    for _ in range(n):  # bounded
        status, _h, body, seconds = client.request("GET", path)
        statuses[status] = statuses.get(status, 0) + 1
        sizes.append(len(body))
        out.append(seconds)
    return out


def _summary(latencies: list[float], statuses: dict, sizes: list) -> dict:
    return {"requests": len(latencies), "p50_ms": ms(median(latencies)),
            "p95_ms": ms(percentile(latencies, 95)), "max_ms": ms(max(latencies, default=None)),
            "statuses": {str(k): v for k, v in statuses.items()},
            "bytes_median": int(median(sizes) or 0)}


def page_figures(app_port: int, minimal_port: int, net, password: str, requests: int,
                 workers: int) -> dict:
    """One client at a time (latency, not throughput), in interleaved blocks of 10:
    minimal page, the app's floor (its simplest logged-in page: a lead's account page,
    what every page of the app costs at least), municipality benchmark page, heatmap.
    Warm: each page is requested 15x per worker before timing starts. Then, for the
    pages that keep rendered parts, the first request after a change (a lead's sharing
    opt-in toggled: a new benchmark version, so the worker that answers renders anew)."""
    leads = []
    for email, _mid, subs in net.leads:
        c = Client(app_port)
        c.log_in(email, password)
        leads.append((c, f"/benchmark/submissions/{subs[-1]}"))
    coord = Client(app_port)
    log_in_totp(coord, net.coordinator_email, password, net.coordinator_totp)
    heat_path = f"/benchmark/rounds/{net.round_ids[-1]}/heatmap"
    minimal = Client(minimal_port)
    lat = {"minimal": [], "floor": [], "compare": [], "heatmap": []}
    st = {k: {} for k in lat}
    sizes = {k: [] for k in lat}
    # Each worker keeps its own rendered parts (versions.cached), and which sync worker
    # accepts a connection is up to the kernel: one worker may get none of 20 requests
    # in a row (seen: a worker's first heatmap at the 40th request). 15 requests per
    # worker make "warm" hold; what a worker's first request costs is timed below
    # (after_change).
    warm = workers * 15
    block = 10
    timed_leads = leads[: max(1, requests // block)]
    _timed(minimal, "/table", warm, {}, [])
    _timed(coord, heat_path, warm, {}, [])
    for c, path in timed_leads:
        _timed(c, path, warm, {}, [])
        _timed(c, FLOOR_PATH, warm, {}, [])
    for i in range(max(1, requests // block)):  # bounded
        lat["minimal"] += _timed(minimal, "/table", block, st["minimal"], sizes["minimal"])
        c, path = timed_leads[i % len(timed_leads)]
        lat["floor"] += _timed(c, FLOOR_PATH, block, st["floor"], sizes["floor"])
        lat["compare"] += _timed(c, path, block, st["compare"], sizes["compare"])
        lat["heatmap"] += _timed(coord, heat_path, block, st["heatmap"], sizes["heatmap"])
    out = {k: _summary(lat[k], st[k], sizes[k]) for k in lat}
    base = out["minimal"]
    for k in ("floor", "compare", "heatmap"):
        for p in ("p50", "p95"):
            b = base[f"{p}_ms"]
            out[k][f"{p}_ratio"] = round(out[k][f"{p}_ms"] / b, 1) if b else None
        if k != "floor":
            out[k]["target_ratio"] = 3.0
    out["floor"]["path"] = FLOOR_PATH
    out["compare"]["path"] = (f"/benchmark/submissions/<latest submission of {len(timed_leads)} "
                              "leads' municipalities of different sizes>")
    out["heatmap"]["path"] = heat_path
    out["after_change"] = _after_change(leads[0][0], net.leads[0][1], leads[0][1], coord, heat_path)
    return out


def _after_change(lead: Client, municipality_id: int, path: str, coord: Client, heat_path: str,
                  changes: int = 5) -> dict:
    """Latency of the comparison page and the heatmap right after a change that
    replaces the benchmark version (what a page costs when its kept parts are stale)."""
    lat = {"compare": [], "heatmap": []}
    st = {k: {} for k in lat}
    for i in range(changes):  # bounded
        token = lead.csrf_token(path, "comparison page")
        lead.request("POST", f"/benchmark/municipalities/{municipality_id}/sharing",
                     form=[("csrf_token", token), ("share", "yes" if i % 2 == 0 else "no"), ("next", path)])
        lat["compare"] += _timed(lead, path, 1, st["compare"], [])
        lat["heatmap"] += _timed(coord, heat_path, 1, st["heatmap"], [])
    return {k: {"changes": changes, "p50_ms": ms(median(v)), "max_ms": ms(max(v)),
                "statuses": {str(c): n for c, n in st[k].items()}} for k, v in lat.items()}


# --- (3) charts ----------------------------------------------------------------------

CHART_SNIPPET = r"""
import json, sys, time
t0 = time.perf_counter()
from weltoffen import charts
t1 = time.perf_counter()
c = charts.ScoreBars(title="Punkte je Handlungsfeld: Bench", description="Balkendiagramm",
    labels=tuple(f"Handlungsfeld {i}" for i in range(9)), values=tuple(float(30 + 6 * i) for i in range(9)),
    previous=tuple(float(25 + 6 * i) for i in range(9)),
    bands=((0.0, "Am Anfang"), (40.0, "Im Aufbau"), (60.0, "Gut aufgestellt"), (80.0, "Fortgeschritten")))
charts.svg(c)
t2 = time.perf_counter()
warm = []
for _ in range(int(sys.argv[1])):
    s = time.perf_counter(); charts.svg(c); warm.append(time.perf_counter() - s)
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "warm": warm}))
"""


def chart_figures(app_port: int, net, password: str, warm_calls: int, processes: int,
                  workers: int) -> dict:
    colds, firsts, warms = [], [], []
    for _ in range(processes):  # bounded: a fresh interpreter each
        out = subprocess.run([str(BIN / "python"), "-c", CHART_SNIPPET, str(warm_calls)],  # noqa: S603
                             cwd=ROOT, capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
        data = json.loads(out.stdout.strip().splitlines()[-1])
        colds.append(data["import"] + data["first"])
        firsts.append(data["first"])
        warms += data["warm"]
    result = {
        "svg_in_process": {
            "processes": processes,
            "cold_import_plus_first_ms": ms(median(colds)),
            "cold_first_call_ms": ms(median(firsts)),
            "warm_p50_ms": ms(median(warms)), "warm_p95_ms": ms(percentile(warms, 95)),
            "cold_over_warm": round(median(firsts) / median(warms), 1),
        }
    }
    # Route: the first request for a submission misses every worker's lru_cache (cold);
    # the same one again and again hits it once each worker has drawn it (warm).
    miss, hit, st = [], [], {}
    for email, _mid, subs in net.leads:
        c = Client(app_port)
        c.log_in(email, password)
        for sid in subs:
            miss += _timed(c, f"/selfcheck/submissions/{sid}/chart.svg", 1, st, [])
    email, _mid, subs = net.leads[0]
    c = Client(app_port)
    c.log_in(email, password)
    path = f"/selfcheck/submissions/{subs[-1]}/chart.svg"
    _timed(c, path, workers * 3, st, [])
    hit = _timed(c, path, max(10, warm_calls), st, [])
    result["route_chart_svg"] = {
        "cache_miss_requests": len(miss), "cache_miss_p50_ms": ms(median(miss)),
        "cache_miss_p95_ms": ms(percentile(miss, 95)),
        "repeated_requests": len(hit), "repeated_p50_ms": ms(median(hit)),
        "repeated_p95_ms": ms(percentile(hit, 95)),
        "statuses": {str(k): v for k, v in st.items()},
    }
    log(f"charts: svg cold {result['svg_in_process']['cold_first_call_ms']} ms (+import), "
        f"warm {result['svg_in_process']['warm_p50_ms']} ms; route miss "
        f"{result['route_chart_svg']['cache_miss_p50_ms']} ms, repeated "
        f"{result['route_chart_svg']['repeated_p50_ms']} ms")
    return result

