"""Throwaway databases for a benchmark, and the app bound to them.

    settings = AppSettings.generate()             # one set of keys for the whole run
    with fresh_database("postgresql", tmp, label="forum") as url:
        with migrated_app(url, settings):
            ...                                     # load data through the app's services
        with server.gunicorn(settings.environment(url), tmp / "gunicorn.log") as srv:
            ...

SQLite: a file in a folder the caller removes (a TemporaryDirectory). PostgreSQL: a
database created beside the maintenance database in `pg_url` and dropped afterwards,
its connections terminated first. The test suite uses create_pg_database and
drop_pg_database too (tests/support/databases.py); bench/ never imports from tests/.
"""

from __future__ import annotations

import os
import secrets
from base64 import b64encode
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.engine import make_url

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


@dataclass(frozen=True)
class AppSettings:
    """The keys the app needs, the same for loading the data and for gunicorn. Login
    rate limits are always off: every benchmark client comes from 127.0.0.1, which the
    login limit (10 per minute per address) would stop."""

    secret_key: str
    incident_key: str

    @classmethod
    def generate(cls) -> AppSettings:
        return cls("bench-" + secrets.token_urlsafe(32), b64encode(os.urandom(32)).decode())

    def flask_config(self, url: str) -> dict:
        """Config for create_app() in this process (data loading)."""
        return {
            "SECRET_KEY": self.secret_key,
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": None,
            "INCIDENT_KEY": self.incident_key,
            "RATELIMIT_ENABLED": False,
        }

    def environment(self, url: str) -> dict[str, str]:
        """WELTOFFEN_* variables for the app served by gunicorn."""
        return {
            "WELTOFFEN_SECRET_KEY": self.secret_key,
            "WELTOFFEN_DATABASE_URL": url,
            "WELTOFFEN_INCIDENT_KEY": self.incident_key,
            # All clients come from 127.0.0.1: the login limit would stop them.
            "WELTOFFEN_RATELIMIT_ENABLED": "false",
            # Plain HTTP on 127.0.0.1; the client keeps cookies itself either way.
            "WELTOFFEN_SESSION_COOKIE_SECURE": "false",
        }


def _pg_admin_engine(url: str) -> sa.Engine:
    return sa.create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )


def create_pg_database(base_url: str, name: str) -> str:
    """CREATE DATABASE `name` on the server of `base_url`; returns its URL."""
    engine = _pg_admin_engine(base_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return (
        make_url(base_url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


def drop_pg_database(base_url: str, url: str) -> None:
    """Terminate the connections to the database of `url`, then drop it."""
    name = make_url(url).database
    engine = _pg_admin_engine(base_url)
    with engine.connect() as conn:
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"
            ),
            {"name": name},
        )
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    engine.dispose()


@contextmanager
def fresh_database(kind: str, folder: Path, pg_url: str = DEFAULT_PG_URL,
                   label: str = "bench") -> Iterator[str]:
    """An empty database's URL. kind "sqlite": folder/<label>-sqlite.db (left for the
    folder's owner to remove); "postgresql": weltoffen_bench_<label>_<pid>_<random>
    beside `pg_url`, dropped when the block ends, also after an error."""
    if kind == "sqlite":
        yield f"sqlite:///{folder / f'{label}-{kind}.db'}"
        return
    if kind != "postgresql":
        raise ValueError(f"unknown database kind {kind!r}")
    url = create_pg_database(pg_url, f"weltoffen_bench_{label}_{os.getpid()}_{secrets.token_hex(3)}")
    try:
        yield url
    finally:
        drop_pg_database(pg_url, url)


@contextmanager
def migrated_app(url: str, settings: AppSettings) -> Iterator[Flask]:
    """The app on `url` with the schema migrated to head, inside an app context; the
    session is removed and the engine's connections closed afterwards (so nothing of
    this process holds a lock or a connection while gunicorn runs)."""
    from flask_migrate import upgrade

    from weltoffen import create_app
    from weltoffen.extensions import db

    app = create_app(settings.flask_config(url))
    with app.app_context():
        upgrade()
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()
