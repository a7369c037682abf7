"""Figures of the mixed-load benchmark: per request kind count, throughput, p50/p95/p99,
the ratio of p50 to the minimal page's p50, statuses and SQL statements; the table
printed at the end; and the failures (unexpected statuses, tracebacks, failed logins)."""

from __future__ import annotations

from common.load import summarise_baselines
from common.stats import count, median, ms, percentile
from load_users import EXPECTED, KINDS, ROLES

ORDER = [kind for role in ROLES for kind in KINDS[role]]


def kinds(mix: dict, minimal_runs: list[dict], sql: dict[str, dict]) -> dict:
    """{"minimal": baseline summary, kind: {...}, "overall": {...}} from one mix."""
    base = summarise_baselines(minimal_runs)
    base["alone_p50_ms"] = (sql.get("minimal") or {}).get("alone_p50_ms")
    out: dict = {"minimal": base}
    wall = mix["wall"]
    for kind in ORDER:
        rows = [s for s in mix["samples"] if s[0] == kind]
        if not rows:
            continue
        latencies = [s[2] for s in rows]
        statuses = count(s[1] for s in rows)
        p50 = ms(median(latencies))
        # Over the kind's own stretch: from the common start to its last answer (forum
        # posters, paced, may go on after the others have finished).
        window = max(s[3] + s[2] for s in rows) - mix["began"]
        out[kind] = {
            "requests": len(rows),
            "requests_per_second": round(len(rows) / window, 1) if window > 0 else None,
            "p50_ms": p50, "p95_ms": ms(percentile(latencies, 95)),
            "p99_ms": ms(percentile(latencies, 99)), "max_ms": ms(max(latencies)),
            "p50_ratio_minimal": round(p50 / base["p50_ms"], 1) if base["p50_ms"] else None,
            "statuses": statuses,
            "unexpected": sum(n for s, n in statuses.items() if int(s) not in EXPECTED[kind]),
            "sql_statements": sql.get(kind),
        }
    latencies = [s[2] for s in mix["samples"]]
    out["overall"] = {
        "requests": len(latencies), "wall_s": round(wall, 2), "users": mix["users"],
        "requests_per_second": round(len(latencies) / wall, 1) if wall else None,
        "p50_ms": ms(median(latencies)), "p95_ms": ms(percentile(latencies, 95)),
        "p99_ms": ms(percentile(latencies, 99)),
        "client_cpu_share": round(mix["client_cpu"] / wall, 2) if wall else None,
    }
    return out


def failures(name: str, result: dict) -> list[str]:
    bad = [f"{name}: {e}" for e in result.get("login_errors", [])]
    for kind, r in result.get("kinds", {}).items():
        if kind in ("overall",):
            continue
        if kind == "minimal":
            if set(r["statuses"]) != {"200"}:
                bad.append(f"{name}: minimal page statuses {r['statuses']}")
        elif r["unexpected"]:
            bad.append(f"{name}: {kind} statuses {r['statuses']} (expected {sorted(EXPECTED[kind])})")
    wanted = [k for role in ROLES if result.get("users", {}).get(role) for k in KINDS[role]]
    missing = [k for k in wanted if k not in result.get("kinds", {})]
    if missing:
        bad.append(f"{name}: no requests of {missing}")
    log = result.get("server_log", {})
    if log.get("tracebacks"):
        bad.append(f"{name}: {log['tracebacks']} tracebacks in the gunicorn log: {log['first_traceback']}")
    return bad


def _kind_cell(kind: str):
    def render(r):
        k = r["kinds"].get(kind)
        if not k:
            return "-"
        sql = k.get("sql_statements") or {}
        statuses = ",".join(f"{s}x{n}" for s, n in k["statuses"].items())
        return (f"{k['requests']} · {k['requests_per_second']}/s · {k['p50_ms']}/{k['p95_ms']}/{k['p99_ms']} ms"
                f" · {k['p50_ratio_minimal']}x · {sql.get('median', '-')} sql · alone "
                f"{sql.get('alone_p50_ms', '-')} ms · {statuses}")
    return render


def rows() -> list:
    def minimal(r):
        m = r["kinds"]["minimal"]
        return (f"{m['requests']} · {m['requests_per_second']}/s · {m['p50_ms']}/{m['p95_ms']}/"
                f"{m['p99_ms']} ms · alone {m.get('alone_p50_ms', '-')} ms")

    def overall(r):
        o = r["kinds"]["overall"]
        return (f"{o['requests']} in {o['wall_s']} s · {o['requests_per_second']}/s · "
                f"{o['p50_ms']}/{o['p95_ms']}/{o['p99_ms']} ms")

    def memory(r):
        m = r["memory"]
        workers = "/".join(str(w["peak_mb"]) for w in m["workers"])
        return f"workers {workers} MB · master {m['master_peak_mb']} MB"

    return [
        ("data", lambda r: f"{r['data']['municipalities']} municipalities, {r['data']['forum_posts']} posts, "
                           f"{r['data']['seconds']['total']} s"),
        ("users (autosave/page/heat/read/post/incident)", lambda r: "/".join(
            str(r["users"][role]) for role in ROLES)),
        ("minimal page (same concurrency)", minimal),
        *[(kind, _kind_cell(kind)) for kind in ORDER],
        ("overall mix", overall),
        ("peak memory (VmHWM)", memory),
        ("tracebacks in gunicorn log", lambda r: str(r["server_log"]["tracebacks"])),
        ("run time", lambda r: f"{r['seconds']} s"),
    ]


TABLE_NOTE = ("per kind: requests · throughput · p50/p95/p99 under the mix · p50 / minimal p50 · "
              "SQL statements (median) · p50 alone (one request at a time) · statuses")


def print_kinds(results: dict[str, dict]) -> None:
    """One block per database (the cells are too wide for columns side by side)."""
    for name, r in results.items():
        print(f"\n[{name}]")
        width = max(len(label) for label, _ in rows()) + 2
        for label, render in rows():
            try:
                cell = render(r)
            except (KeyError, TypeError):
                cell = "-"
            print(label.ljust(width) + cell)
    print()
