"""Background jobs with Huey (https://huey.readthedocs.io): work that takes longer than
a web request may – a selection by lot with maximin takes minutes at 1,000 registrants.

Why Huey: one small, well-kept library with storage for all three setups the app runs
in – a SQLite file by default (nothing to install, as the app itself), Redis or
PostgreSQL in production (Huey's own tables; psycopg 3, already a dependency) – chosen
by JOBS_URL:

    ""                    instance/jobs.sqlite3 (default)
    "redis://host:6379/1" Redis
    "postgresql://..."    PostgreSQL

Workers: `flask jobs worker` (one process beside gunicorn; `make run` starts it with
the demo server). A job is a registered function (`@handler("name")`) called with plain
arguments inside an app context; `enqueue("name", *args)` queues it and returns Huey's
result handle. A job's own state (progress, result) belongs in the database, so pages
read it from there."""

import signal
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

_HANDLERS: dict[str, Callable] = {}
_KEY = "weltoffen_jobs"
jobs_cli = AppGroup("jobs", help="Background jobs (Huey): the worker.")


def handler(name: str):
    """Register `fn` as the job `name`."""
    def register(fn: Callable) -> Callable:
        _HANDLERS[name] = fn
        return fn
    return register


def _storage(app: Flask):
    from huey import PostgresHuey, RedisHuey, SqliteHuey

    url = app.config.get("JOBS_URL") or ""
    if url.startswith(("redis://", "rediss://")):
        return RedisHuey("weltoffen", url=url)
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresHuey("weltoffen", dsn=url.replace("postgresql+psycopg://", "postgresql://"))
    if url:
        raise ValueError(f"JOBS_URL: redis://…, postgresql://… or empty for SQLite, not {url!r}")
    return SqliteHuey("weltoffen", filename=str(Path(app.instance_path) / "jobs.sqlite3"))


def init_app(app: Flask) -> None:
    huey = _storage(app)

    @huey.task(name="weltoffen.job")
    def run(name: str, args: list):
        with app.app_context():
            return _HANDLERS[name](*args)

    app.extensions[_KEY] = (huey, run)
    app.cli.add_command(jobs_cli)


def enqueue(name: str, *args):
    if name not in _HANDLERS:
        raise KeyError(f"no job {name!r}")
    _huey, run = current_app.extensions[_KEY]
    return run(name, list(args))


def result(job_id: str, timeout: float):
    """Wait for a job's return value (for tests and scripts; pages read the database)."""
    huey, _run = current_app.extensions[_KEY]
    return huey.result(job_id, blocking=True, timeout=timeout)


def consumer(app: Flask, workers: int = 1):
    """A Huey consumer of the app's queue (threads)."""
    huey, _run = app.extensions[_KEY]
    return huey.create_consumer(workers=workers, worker_type="thread", check_worker_health=False)


class running:
    """A consumer running in this process, for tests: started and stopped around a block,
    the signal handlers Huey sets restored afterwards."""

    def __init__(self, app: Flask):
        self.app = app

    def __enter__(self):
        saved = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
        self.saved = saved
        self.consumer = consumer(self.app)
        self.consumer.start()
        return self.consumer

    def __exit__(self, *exc):
        self.consumer.stop(graceful=True)
        for s, h in self.saved.items():
            signal.signal(s, h)


@jobs_cli.command("worker")
@click.option("--workers", type=click.IntRange(1, 16), default=1, show_default=True)
def worker_command(workers: int) -> None:
    """Run the jobs (selection by lot, …) until stopped (SIGTERM or Ctrl-C)."""
    consumer(current_app._get_current_object(), workers).run()
