"""`flask backup` / `flask restore` round trip on SQLite and on PostgreSQL: the demo
data (network, self-checks, forum with an attachment, incidents with evidence) is
backed up, restored into a fresh database and upload folder, and compared table by
table, row by row, file by file; the restored incidents open with the master key,
which is supplied separately and never in the archive.

PostgreSQL runs in both CI runs: a fresh database beside WELTOFFEN_TEST_DATABASE_URL
(default postgresql://postgres@127.0.0.1:5432/test), dropped afterwards."""

import base64
import hashlib
import io
import json
import os
import tarfile
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image

from weltoffen import create_app
from weltoffen.extensions import db

from ..support.databases import PG_BASE, create_database, drop_database, pg_reachable_or_fail

MASTER_KEY = base64.b64encode(b"backup-test-master-key-32-bytes!").decode()


@pytest.fixture
def fresh_url(request, tmp_path):
    """A factory of empty databases of the test's kind, removed afterwards."""
    made = []

    def make(label: str) -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / f'{label}.db'}"
        url = create_database(PG_BASE, f"weltoffen_backup_{label}_{uuid.uuid4().hex[:8]}")
        made.append(url)
        return url

    if request.param == "postgresql":
        pg_reachable_or_fail()
    yield make
    for url in made:
        drop_database(PG_BASE, url)


def _app(url: str, folder: Path, key: str | None = MASTER_KEY):
    config = {"TESTING": True, "SECRET_KEY": "backup-test", "SQLALCHEMY_DATABASE_URI": url,
              "UPLOAD_FOLDER": str(folder / "uploads"), "RATELIMIT_ENABLED": False}
    if key:
        config["INCIDENT_KEY"] = key
    app = create_app(config)
    app.instance_path = str(folder / "instance")
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    return app


def _load_demo_with_attachment(app) -> None:
    from weltoffen.forum.discussions import attachments
    from weltoffen.forum.models import Post

    runner = app.test_cli_runner()
    for args in (["db", "upgrade"], ["demo"]):
        result = runner.invoke(args=args)
        assert result.exit_code == 0, result.output
    with app.app_context():
        post = db.session.scalars(sa.select(Post).order_by(Post.id)).first()
        upload = io.BytesIO()
        Image.new("RGB", (40, 30), (200, 30, 30)).save(upload, "PNG")
        upload.seek(0)
        upload.filename = "Plakat.png"
        attachments.store(upload, post.author, post=post)
        db.session.commit()
        db.session.remove()


def _rows(url: str) -> dict[str, list]:
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        tables = {}
        meta = sa.MetaData()
        meta.reflect(engine)
        with engine.connect() as conn:
            for name, table in sorted(meta.tables.items()):
                order = list(table.primary_key.columns) or list(table.columns)
                tables[name] = [tuple(r) for r in conn.execute(sa.select(table).order_by(*order))]
        return tables
    finally:
        engine.dispose()


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fresh_url", ["sqlite", "postgresql"], indirect=True)
def test_backup_restore_round_trip(fresh_url, tmp_path):
    source_url, target_url = fresh_url("source"), fresh_url("target")
    source = _app(source_url, tmp_path / "source")
    _load_demo_with_attachment(source)
    # A key file beside the data (as in a default install), even one inside the upload
    # folder (UPLOAD_FOLDER set to the instance folder), must not be backed up either.
    (Path(source.instance_path) / "incident.key").write_text(MASTER_KEY)
    (tmp_path / "source" / "uploads" / "incident.key").write_text(MASTER_KEY)

    started = time.perf_counter()
    result = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    archive = Path(result.output.splitlines()[0])
    print(f"\nbackup of the demo data ({source_url.split(':')[0]}): "
          f"{archive.stat().st_size / 1024:.0f} KiB in {seconds:.2f} s")

    # The archive: a manifest with every member's SHA-256, the uploads as stored, no key.
    key = base64.b64decode(MASTER_KEY)
    with tarfile.open(archive) as tar:
        contents = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    manifest = json.loads(contents.pop("manifest.json"))
    assert manifest["database"] in ("sqlite", "postgresql") and manifest["alembic_revision"]
    assert {m["name"]: m["sha256"] for m in manifest["members"]} == {
        name: hashlib.sha256(data).hexdigest() for name, data in contents.items()}
    assert any(n.startswith("uploads/forum/") for n in contents)
    assert any(n.startswith("uploads/incidents/") for n in contents)
    assert not any("incident.key" in n or "secret" in n for n in contents)
    for data in [*contents.values(), archive.read_bytes()]:
        assert key not in data and MASTER_KEY.encode() not in data and MASTER_KEY.rstrip("=").encode() not in data

    # Restore into a fresh database and upload folder; the key is supplied separately.
    target = _app(target_url, tmp_path / "target")
    runner = target.test_cli_runner()
    result = runner.invoke(args=["restore", str(archive)])
    assert result.exit_code == 0, result.output
    assert "Warning" not in result.output
    again = runner.invoke(args=["restore", str(archive)])
    assert again.exit_code != 0 and "not empty" in again.output
    assert runner.invoke(args=["restore", "--force", str(archive)]).exit_code == 0
    with target.app_context():
        db.engine.dispose()

    source_rows, target_rows = _rows(source_url), _rows(target_url)
    assert sorted(source_rows) == sorted(target_rows)
    assert sum(len(rows) for rows in source_rows.values()) > 500
    for table, rows in source_rows.items():
        assert target_rows[table] == rows, table
    uploaded = _files(tmp_path / "source" / "uploads")
    assert uploaded.pop("incident.key") and len(uploaded) >= 3
    assert uploaded == _files(tmp_path / "target" / "uploads")

    # The sealed incident and its evidence open after the restore, with the master key.
    from weltoffen import crypto
    from weltoffen.incidents import evidence, sealing
    from weltoffen.incidents.models import Evidence, Incident

    with target.app_context():
        incident = db.session.scalars(sa.select(Incident).where(Incident.sealed.is_not(None))).first()
        assert sealing.open_json(incident, incident.sealed, "incident")
        item = db.session.scalars(sa.select(Evidence)).first()
        assert hashlib.sha256(evidence.original(item)).hexdigest() == item.sha256
        with pytest.raises(crypto.CryptoError):  # a wrong key opens nothing
            crypto.unseal(incident.wrapped_key, f"wrap:incident:{incident.id}:".encode(), key=os.urandom(32))
        db.session.remove()
        db.engine.dispose()
    audit = runner.invoke(args=["audit", "verify"])
    assert audit.exit_code == 0, audit.output
    with source.app_context():
        db.engine.dispose()
    with target.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("fresh_url", ["sqlite"], indirect=True)
def test_restore_refuses_a_damaged_archive(fresh_url, tmp_path):
    source = _app(fresh_url("source"), tmp_path / "source")
    assert source.test_cli_runner().invoke(args=["db", "upgrade"]).exit_code == 0
    result = source.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path)])
    archive = Path(result.output.splitlines()[0])
    with tarfile.open(archive) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}
    name = next(n for n in members if n.startswith("database"))
    members[name] = members[name][:-1] + bytes([members[name][-1] ^ 1])
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(damaged, "w:gz") as tar:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    target = _app(fresh_url("target"), tmp_path / "target")
    result = target.test_cli_runner().invoke(args=["restore", str(damaged)])
    assert result.exit_code != 0 and "SHA-256" in result.output
    assert not Path(tmp_path / "target.db").exists()
    with source.app_context():
        db.engine.dispose()
