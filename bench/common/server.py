"""gunicorn serving the app for a benchmark, on a free port of 127.0.0.1.

    with gunicorn(settings.environment(url), tmp / "gunicorn.log", workers=4) as srv:
        Client(srv.port).request("GET", "/healthz")
    problems = scan_log(srv.log_path)

The server inherits this process's environment without any WELTOFFEN_* variable, plus
the ones given. It counts as started when every worker is likely up (twice as many
healthy /healthz answers in a row as there are workers), within STARTUP_TIMEOUT.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from common import ROOT
from common.http_client import Client

BIN = ROOT / ".venv" / "bin"
STARTUP_TIMEOUT = 90.0


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    log_path: Path  # gunicorn's output (error log, stdout and stderr)
    command: list[str]

    @property
    def command_line(self) -> str:
        """The command as one would type it ("gunicorn -w 4 ... wsgi:app")."""
        return " ".join(["gunicorn", *self.command[1:]])


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(app_env: dict[str, str], log_path: Path, workers: int = 4,
                   threads: int = 1, app: str = "wsgi:app") -> Server:
    """Start `gunicorn wsgi:app` (sync workers; threads > 1: gthread; `app`: another
    module:variable below the repository root) and wait until it answers.
    RuntimeError if it exits or does not answer within STARTUP_TIMEOUT."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("WELTOFFEN_")}
    env.update(app_env, PYTHONUNBUFFERED="1")
    command = [
        str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
        "--chdir", str(ROOT), "--error-logfile", "-", "--log-level", "info",
    ]
    if threads > 1:
        command += ["--threads", str(threads)]
    command.append(app)
    log_file = log_path.open("w")
    proc = subprocess.Popen(  # noqa: S603 - fixed command line, our own venv
        command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log_file.close()
    server = Server(proc, port, log_path, command)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    ready = 0
    while time.monotonic() < deadline:  # bounded: STARTUP_TIMEOUT
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log_path}")
        status = Client(port).request("GET", "/healthz").status
        ready = ready + 1 if status == 200 else 0
        if ready >= workers * 2:  # a few answers in a row: the workers are up
            return server
        time.sleep(0.1 if ready else 0.3)
    stop_gunicorn(server)
    raise RuntimeError(f"gunicorn did not answer /healthz within {STARTUP_TIMEOUT:.0f}s")


def stop_gunicorn(server: Server) -> None:
    """SIGTERM (graceful), SIGKILL after 30 s."""
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=10)


@contextmanager
def gunicorn(app_env: dict[str, str], log_path: Path, workers: int = 4,
             threads: int = 1, app: str = "wsgi:app") -> Iterator[Server]:
    """start_gunicorn() for the length of a with-block; stopped also after an error."""
    server = start_gunicorn(app_env, log_path, workers, threads, app)
    try:
        yield server
    finally:
        stop_gunicorn(server)


def _status_kb(pid: int, field: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...; comm may hold spaces, so split after the last ")".
        if int(stat.rpartition(")")[2].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def memory(server: Server) -> dict:
    """Peak resident memory (VmHWM) and current (VmRSS) of the master and of every
    worker, in MB, read from /proc while the server still runs (call it before the
    server stops: the figures go with the processes)."""
    def mb(kb):
        return None if kb is None else round(kb / 1024, 1)

    master = server.proc.pid
    workers = {pid: (_status_kb(pid, "VmHWM"), _status_kb(pid, "VmRSS")) for pid in children(master)}
    peaks = [hwm for hwm, _rss in workers.values() if hwm is not None]
    return {
        "master_peak_mb": mb(_status_kb(master, "VmHWM")),
        "workers": [{"pid": pid, "peak_mb": mb(hwm), "rss_mb": mb(rss)}
                    for pid, (hwm, rss) in workers.items()],
        "worker_peak_mb_max": mb(max(peaks, default=None)),
        "worker_peak_mb_sum": mb(sum(peaks)) if peaks else None,
    }


def scan_log(log_path: Path) -> dict:
    """Tracebacks and notable lines in the gunicorn log: counts, and the first
    traceback with the line before it."""
    text = log_path.read_text(errors="replace") if log_path.exists() else ""
    tracebacks = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = i + 1
            while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end]):
                end += 1
            tracebacks.append("\n".join(lines[max(0, i - 1):end + 1]))
    return {
        "tracebacks": len(tracebacks),
        "database_locked": text.count("database is locked"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
        "first_traceback": tracebacks[0] if tracebacks else None,
    }
