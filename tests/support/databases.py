"""Fresh PostgreSQL databases for a test run, created beside the one in the URL."""

import sqlalchemy as sa
from sqlalchemy.engine import make_url


def _admin_engine(url: str):
    return sa.create_engine(
        make_url(url).set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )


def create_database(base_url: str, name: str) -> str:
    engine = _admin_engine(base_url)
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return (
        make_url(base_url)
        .set(drivername="postgresql+psycopg", database=name)
        .render_as_string(hide_password=False)
    )


def drop_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    engine = _admin_engine(base_url)
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
