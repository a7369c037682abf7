"""What a benchmark prints and keeps: timestamped log lines, a table with one column
per database, and its results merged into bench/results.json."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from common import ROOT

RESULTS = ROOT / "bench" / "results.json"

#: A table row: its label and a function that renders the cell from one column's result.
Row = tuple[str, Callable[[dict], str]]


def log(message: str) -> None:
    """One progress line with the time of day, flushed at once."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def print_table(results: dict[str, dict], rows: list[Row], title: str | None = None) -> None:
    """Print one column per key of `results` (e.g. "sqlite", "postgresql") and one line
    per row, framed by blank lines; `title` above the column headings."""
    columns = list(results)
    width = max(len(label) for label, _ in rows) + 2
    cells = {c: [render(results[c]) for _, render in rows] for c in columns}
    col = max(len(cell) for c in columns for cell in cells[c] + [c]) + 3
    print()
    if title:
        print(title)
    print("".ljust(width) + "".join(c.ljust(col) for c in columns))
    for i, (label, _) in enumerate(rows):
        print(label.ljust(width) + "".join(cells[c][i].ljust(col) for c in columns).rstrip())
    print()


def merge_results(benchmark: str, section: str, payload: dict, path: Path = RESULTS) -> None:
    """Store `payload` as results[benchmark][section] (e.g. "autosave" -> "quick"),
    keeping every other benchmark and section. An unreadable file is kept beside as
    results.json.broken and started afresh. Written atomically (temporary file, rename)."""
    data = {}
    if path.exists():
        try:
            data = json.loads(path.read_text())
        except json.JSONDecodeError:
            log(f"warning: {path} is not valid JSON; keeping it as {path}.broken")
            path.with_suffix(".json.broken").write_text(path.read_text())
            data = {}
    sections = data.get(benchmark) if isinstance(data.get(benchmark), dict) else {}
    sections[section] = payload
    data[benchmark] = sections
    tmp = path.with_suffix(f".json.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def finish(benchmark: str, quick: bool, write: bool, payload: dict, failed: list[str], total: float) -> int:
    """The common end of a benchmark run: store the payload under results[benchmark]
    ["quick" | "full"], print the total and every failure; returns the exit status."""
    if write:
        section = "quick" if quick else "full"
        merge_results(benchmark, section, payload)
        log(f"results written to {RESULTS.relative_to(ROOT)} under {benchmark}.{section}")
    log(f"total {total:.1f}s")
    for line in failed:
        print("FAILED " + line)
    return 1 if failed else 0
