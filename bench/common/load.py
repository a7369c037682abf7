"""Many clients at once: threads that start together at a barrier, and the baseline -
the same number of clients sending the same number of GET /healthz requests (SELECT 1,
no session) - that every timed phase is compared with, because the machine is shared
and noisy. The client threads share the cores with gunicorn; the CPU seconds the
benchmark process itself used are reported beside the wall time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from common.http_client import Client
from common.stats import add_counts, median, ms, percentile

#: Seconds a thread waits at a barrier before everyone goes on unsynchronised.
BARRIER_TIMEOUT = 120.0


def wait(barrier: threading.Barrier) -> None:
    """Wait at `barrier`; if it breaks (a thread gave up, timeout) go on rather than hang."""
    try:
        barrier.wait(BARRIER_TIMEOUT)
    except threading.BrokenBarrierError:
        pass


def run_threads(target: Callable, args_list: list[tuple]) -> None:
    """One thread per entry of `args_list` calling target(*args); returns when all are done."""
    threads = [threading.Thread(target=target, args=args) for args in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def baseline(port: int, clients: int, requests: int, path: str = "/healthz") -> dict:
    """`clients` threads each send `requests` GET `path` at once, without cookies.
    {"latencies": seconds, "wall": seconds, "statuses": {"200": n}, "client_cpu": seconds}"""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    statuses: list[dict] = [{} for _ in range(clients)]
    start = threading.Barrier(clients + 1)
    ends = [0.0] * clients

    def worker(i: int) -> None:
        client = Client(port)
        wait(start)
        for _ in range(requests):  # bounded
            status, _h, _b, seconds = client.request("GET", path, cookies=False)
            latencies[i].append(seconds)
            statuses[i][status] = statuses[i].get(status, 0) + 1
        ends[i] = time.perf_counter()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    wait(start)
    began, cpu = time.perf_counter(), time.process_time()
    for t in threads:
        t.join()
    wall = max(ends) - began
    cpu = time.process_time() - cpu
    flat = [x for per in latencies for x in per]
    return {"latencies": flat, "wall": wall, "statuses": add_counts(statuses), "client_cpu": cpu}


def summarise_baselines(runs: list[dict]) -> dict:
    """Several baseline() runs: percentiles over all requests, requests per second as
    the median of the runs, and the client's CPU share (cores) over all of them."""
    flat = [x for r in runs for x in r["latencies"]]
    rates = [len(r["latencies"]) / r["wall"] for r in runs if r["wall"] > 0]
    return {
        "requests": len(flat),
        "runs": len(runs),
        "requests_per_second": round(median(rates), 1) if rates else None,
        "requests_per_second_each_run": [round(x, 1) for x in rates],
        "p50_ms": ms(median(flat)),
        "p95_ms": ms(percentile(flat, 95)),
        "p99_ms": ms(percentile(flat, 99)),
        "p50_ms_each_run": [ms(median(r["latencies"])) for r in runs],
        "statuses": add_counts(r["statuses"] for r in runs),
        "client_cpu_share": round(sum(r["client_cpu"] for r in runs)
                                  / sum(r["wall"] for r in runs), 2),
    }
