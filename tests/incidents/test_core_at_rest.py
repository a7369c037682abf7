"""At rest: incidents made through the services with a distinctive plaintext in every
sealed field; the raw database (every table, every column, plain SQL; on SQLite also
the database file's bytes) and the upload folder contain none of it. Crypto-shredding
then makes the record unreadable and leaves the statistics columns."""

import uuid
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import inspect

from tests.conftest import PG_URL, make_test_app
from tests.incidents.evidence_support import EML, upload
from tests.support.databases import create_database, drop_database
from tests.support.factories import Factory
from weltoffen.extensions import db as _db
from weltoffen.incidents import access, evidence, grants, sealing, services, timeline

SECRETS = {
    "description": "Zaunkoenig-Beschreibung-7731 mit Grünspecht-Äußerung",
    "perpetrator": "Kiebitz-Taeter-4412",
    "platform": "Bachstelze-Plattform-2020",
    "link": "https://example.org/Stieglitz-3131",
    "case_number": "AZ-Rotmilan-9090",
    "authority": "Polizeiwache-Kormoran-8181",
    "note": "Notiz-Wiedehopf-5150",
    "support": "Beratung-Uhu-3434",
    "filename": "Beweis-Eisvogel-2288",
    "file_bytes": "Inhalt-Pirol-6060",
    "evidence_link": "https://example.org/Amsel-4545",
}
NEEDLES = list(SECRETS.values()) + ["Grünspecht", "Äußerung", "Zaunkoenig", "Eisvogel"]


@pytest.fixture
def own_app(tmp_path, smtp_server):
    """An app with its own database that really commits (the rollback-per-test
    database would keep the rows out of the file)."""
    if PG_URL:
        url = create_database(PG_URL, f"weltoffen_rest_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp_path / 'rest.db'}"
    app = make_test_app(url, tmp_path / "instance", smtp_server, UPLOAD_FOLDER=str(tmp_path / "uploads"))
    yield app
    with app.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if PG_URL:
        drop_database(PG_URL, url)


def _record_everything(app):
    with app.test_request_context():
        make = Factory(_db)
        network = make.network()
        town = make.municipality(network)
        official = make.user(municipality=town, role="official")
        trust = make.user(municipality=town, role="trust_person")
        incident = services.new_draft(official)
        services.record(incident, official, {
            "date": "2026-09-01", "time": "21:10", "form": "insult", "channel": "social_media",
            "platform": SECRETS["platform"], "link": SECRETS["link"], "targets": ["official", "family"],
            "home_address": True, "perpetrator_known": "known", "perpetrator": SECRETS["perpetrator"],
            "motives": ["local_issues"], "severity": 1, "description": SECRETS["description"],
        })
        timeline.add_entry(incident, official, "complaint_filed",
                           {"date": "2026-09-03", "text": SECRETS["note"], "case_number": SECRETS["case_number"],
                            "authority": SECRETS["authority"]})
        timeline.add_entry(incident, official, "support", {"date": "2026-09-04", "support": "sought",
                                                           "organisation": SECRETS["support"]})
        mail = EML.replace(b"Text der Drohung.", SECRETS["file_bytes"].encode())
        evidence.store(incident, upload(mail, SECRETS["filename"] + ".eml"), official,
                       link=SECRETS["evidence_link"], captured_at=datetime(2026, 9, 1, 21, 15))
        grants.grant(incident, official, trust, False)
        _db.session.commit()
        return incident.id


def _database_text(app) -> list[tuple[str, str, object]]:
    """Every value of every column of every table, read with plain SQL."""
    values = []
    with app.app_context():
        engine = _db.engine
        with engine.connect() as conn:
            for table in inspect(engine).get_table_names():
                for row in conn.execute(sa.text(f'SELECT * FROM "{table}"')):  # noqa: S608 - table names from the schema
                    values += [(table, column, value) for column, value in row._mapping.items()]
    return values


def _found(needle: str, value) -> bool:
    if value is None:
        return False
    if isinstance(value, bytes | bytearray | memoryview):
        return needle.encode() in bytes(value)
    return needle in str(value) or needle.encode("unicode_escape").decode() in str(value)


def test_nothing_sealed_is_in_the_database_or_the_upload_folder(own_app):
    incident_id = _record_everything(own_app)
    values = _database_text(own_app)
    assert any(table == "incident" for table, _c, _v in values) and len(values) > 100
    for needle in NEEDLES:
        hits = [(table, column) for table, column, value in values if _found(needle, value)]
        assert not hits, (needle, hits)
    if not PG_URL:
        path = Path(own_app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # with -wal / -journal
        assert b"incident" in raw and len(raw) > 100_000
        for needle in NEEDLES:
            assert needle.encode() not in raw, needle
    uploads = [p for p in Path(own_app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]
    assert uploads, "the evidence file was written"
    for path in uploads:
        data = path.read_bytes()
        for needle in NEEDLES:
            assert needle.encode() not in data and needle not in path.name, (needle, path)
    # ... and the reporter still reads all of it
    with own_app.test_request_context():
        from weltoffen.incidents.models import Incident

        incident = _db.session.get(Incident, incident_id)
        contents = access.open_contents(incident)
        assert contents["description"] == SECRETS["description"]
        notes = [data for _e, data in timeline.entries_of(incident)]
        assert any(d.get("case_number") == SECRETS["case_number"] for d in notes)
        assert SECRETS["file_bytes"].encode() in evidence.original(incident.evidence[0])


def test_crypto_shredding_makes_it_unreadable_and_keeps_the_statistics(own_app):
    incident_id = _record_everything(own_app)
    with own_app.test_request_context():
        from weltoffen.incidents.models import Incident

        incident = _db.session.get(Incident, incident_id)
        stored = [evidence.folder() / incident.evidence[0].storage_name]
        blob = incident.sealed
        stats = (incident.quarter, incident.form, incident.channel, incident.severity, incident.size_class)
        services.destroy(incident, incident.reporter)
        _db.session.commit()
        assert not any(p.exists() for p in stored)
    with own_app.test_request_context():
        incident = _db.session.get(Incident, incident_id)
        assert incident.shredded and incident.sealed is None and incident.wrapped_key is None
        assert (incident.quarter, incident.form, incident.channel, incident.severity, incident.size_class) == stats
        assert incident.entries == [] and incident.evidence == []
        with pytest.raises(sealing.Shredded):
            access.open_contents(incident)
        with pytest.raises(sealing.Shredded):
            sealing.open_json(incident, blob, "incident")  # an old copy of the blob (a backup) stays closed
