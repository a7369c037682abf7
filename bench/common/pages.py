"""Timing pages one request at a time, warm, in interleaved blocks, beside the minimal
page and the app's floor measured in the same run (forum_benchmark, dialogue_benchmark)."""

from __future__ import annotations

from collections.abc import Callable

from .stats import median, ms, percentile

BLOCK = 5


def measure(get: Callable[[str, str], tuple], urls: dict[str, list[str]], pages: list[str], requests: int,
            workers: int) -> dict:
    """`get(page, path)` answers (status, headers, body, seconds). Each page is requested
    3x per worker (and each of its URLs once) before timing; then `requests` per page in
    blocks of BLOCK, pages interleaved. pages[0] is the minimal page, "floor" the app's
    floor: ratios of p50 and p95 to both."""
    lat = {name: [] for name in pages}
    statuses = {name: {} for name in pages}
    sizes = {name: [] for name in pages}
    for name in pages:  # warm
        for i in range(max(workers * 3, len(urls[name]))):
            get(name, urls[name][i % len(urls[name])])
    counter = dict.fromkeys(pages, 0)
    for _ in range(max(1, requests // BLOCK)):  # bounded
        for name in pages:
            for _ in range(BLOCK):
                path = urls[name][counter[name] % len(urls[name])]
                counter[name] += 1
                status, _h, body, seconds = get(name, path)
                lat[name].append(seconds)
                statuses[name][str(status)] = statuses[name].get(str(status), 0) + 1
                sizes[name].append(len(body))
    out = {}
    for name in pages:
        out[name] = {"requests": len(lat[name]), "p50_ms": ms(median(lat[name])),
                     "p95_ms": ms(percentile(lat[name], 95)), "max_ms": ms(max(lat[name])),
                     "statuses": statuses[name], "bytes_median": int(median(sizes[name]) or 0),
                     "urls": len(urls[name]), "example": urls[name][0]}
    minimal = pages[0]
    for name in pages[1:]:
        for p in ("p50", "p95"):
            base, floor = out[minimal][f"{p}_ms"], out["floor"][f"{p}_ms"]
            out[name][f"{p}_ratio_minimal"] = round(out[name][f"{p}_ms"] / base, 1) if base else None
            if name != "floor":
                out[name][f"{p}_ratio_floor"] = round(out[name][f"{p}_ms"] / floor, 1) if floor else None
    return out


def cell(p: dict, minimal: bool = False) -> str:
    """A page's p50 / p95 with its ratios, for the printed table."""
    ratio = "" if minimal else f"  ({p['p50_ratio_minimal']}x / {p['p95_ratio_minimal']}x min"
    if "p50_ratio_floor" in p:
        ratio += f", {p['p50_ratio_floor']}x floor)"
    elif ratio:
        ratio += ")"
    if "meets_target" in p:
        ratio += f" {'ok' if p['meets_target'] else 'MISSES'} <= {p['target_ratio_minimal']}x"
    return f"{p['p50_ms']} / {p['p95_ms']} ms{ratio}"
