"""What lies on disk is private to the app's user, whatever the umask: the instance
folder 0700, the SQLite database (and its -wal/-shm) 0600, the backup folder 0700 and
its archives 0600, a restored SQLite database 0600, the development secret key 0600.
Backups on PostgreSQL too."""

import logging
import os
import stat
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from weltoffen import create_app
from weltoffen.extensions import db

from ..support.databases import PG_BASE, create_database, drop_database, pg_reachable_or_fail

KEY = "dGVzdC1tYXN0ZXIta2V5LW9mLTMyLWJ5dGVzLWxvbmc="


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def permissive_umask():
    """The usual 022 (files 0644, folders 0755 unless asked otherwise)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def _app(tmp_path: Path, url: str = "", **config):
    settings = {"TESTING": True, "SECRET_KEY": "modes", "INCIDENT_KEY": KEY, "RATELIMIT_ENABLED": False,
                **config}
    if url:
        settings["SQLALCHEMY_DATABASE_URI"] = url
    return create_app(settings, instance_path=str(tmp_path / "instance"))


def _upgrade(app) -> None:
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output


def test_instance_folder_and_sqlite_database_are_private(tmp_path):
    app = _app(tmp_path)  # the default database: instance/weltoffen.db
    instance = Path(app.instance_path)
    assert mode(instance) == 0o700
    database = instance / "weltoffen.db"
    assert not database.exists()  # created on first use, not by create_app
    _upgrade(app)
    with app.app_context():
        db.session.execute(sa.text("SELECT 1"))  # an open connection keeps -wal and -shm
        files = {p.name: mode(p) for p in instance.iterdir() if p.name.startswith("weltoffen.db")}
        db.session.remove()
        db.engine.dispose()
    assert files == {"weltoffen.db": 0o600, "weltoffen.db-wal": 0o600, "weltoffen.db-shm": 0o600}


def test_sqlite_file_elsewhere_is_private_too(tmp_path):
    app = _app(tmp_path, f"sqlite:///{tmp_path / 'data.db'}")
    _upgrade(app)
    with app.app_context():
        db.engine.dispose()
    assert mode(tmp_path / "data.db") == 0o600


def test_existing_open_instance_folder_is_named(tmp_path, caplog):
    (tmp_path / "instance").mkdir(mode=0o755)
    with caplog.at_level(logging.WARNING, logger="weltoffen.platform.db.setup"):
        app = _app(tmp_path)
    assert mode(Path(app.instance_path)) == 0o755  # left alone
    assert "can be read by other users (mode 755)" in caplog.text


def test_development_secret_key_is_private(tmp_path):
    app = _app(tmp_path, f"sqlite:///{tmp_path / 'k.db'}", SECRET_KEY=None)
    key_file = Path(app.instance_path) / "dev-secret-key"
    assert mode(key_file) == 0o600 and len(app.config["SECRET_KEY"]) == 64


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_backups_and_restored_database_are_private(tmp_path, kind):
    if kind == "sqlite":
        source_url, target_url = f"sqlite:///{tmp_path / 'source.db'}", f"sqlite:///{tmp_path / 'target.db'}"
    else:
        pg_reachable_or_fail()
        source_url = create_database(PG_BASE, f"weltoffen_modes_{uuid.uuid4().hex[:8]}")
        target_url = create_database(PG_BASE, f"weltoffen_modes_{uuid.uuid4().hex[:8]}")
    try:
        source = _app(tmp_path / "source", source_url)
        _upgrade(source)
        folder = tmp_path / "backups" / "nightly"
        result = source.test_cli_runner().invoke(args=["backup", "--to", str(folder)])
        assert result.exit_code == 0, result.output
        archive = Path(result.output.splitlines()[0])
        assert mode(folder) == 0o700 and mode(archive) == 0o600
        target = _app(tmp_path / "target", target_url)
        result = target.test_cli_runner().invoke(args=["restore", str(archive)])
        assert result.exit_code == 0, result.output
        if kind == "sqlite":
            assert mode(tmp_path / "target.db") == 0o600
        for app in (source, target):
            with app.app_context():
                db.engine.dispose()
    finally:
        if kind == "postgresql":
            drop_database(PG_BASE, source_url)
            drop_database(PG_BASE, target_url)
