"""A draft's autosave that reaches the server while the same report is being saved
waits for that save and then refuses (409) instead of writing the draft over the saved
report. Runs against its own database with real commits, the autosave in a thread and
the report's save held open in a second connection; on PostgreSQL the test waits until
the autosave is seen blocked on the row lock (pg_stat_activity), so the interleaving
is fixed, not left to timing. (On SQLite every writing request takes the write lock
first, so the autosave can only come after the save.)"""

import threading
import time
import uuid

import pyotp
import pytest
import sqlalchemy as sa

from weltoffen.auth import totp
from weltoffen.auth.models import User
from weltoffen.auth.passwords import hash_password
from weltoffen.extensions import db
from weltoffen.incidents import access
from weltoffen.incidents.models import Incident
from weltoffen.network.models import Membership, Municipality, Network

from ..conftest import PG_URL, make_test_app
from ..support.databases import create_database, drop_database

HX = {"HX-Request": "true"}


@pytest.fixture(scope="module")
def live(tmp_path_factory, smtp_server):
    if PG_URL:
        url = create_database(PG_URL, f"weltoffen_lock_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('lock') / 'lock.db'}"
    app = make_test_app(url, tmp_path_factory.mktemp("lock-instance"), smtp_server, RATELIMIT_ENABLED=False)
    with app.app_context():
        network = Network(name="Sperre", slug="sperre")
        db.session.add(network)
        db.session.flush()
        town = Municipality(network_id=network.id, ags="05962024", name="Iserlohn", state="05", kind="stadt",
                            population=92000, foreign_born_share=19.3)
        db.session.add(town)
        db.session.flush()
        official = User(email="amt@example.org", name="Amt", password_hash=hash_password("x" * 12))
        db.session.add(official)
        db.session.flush()
        db.session.add(Membership(user_id=official.id, municipality_id=town.id, role="official"))
        db.session.flush()
        totp.store_secret(official, pyotp.random_base32())  # officials need a second factor
        db.session.commit()
        token = official.session_token
        db.session.remove()
    yield app, token
    with app.app_context():
        db.engine.dispose()
    if PG_URL:
        drop_database(PG_URL, url)


def _blocked_on_a_lock(app, timeout: float = 10.0) -> None:
    """Wait until some other session of this database waits for a lock."""
    if not PG_URL:
        return
    deadline = time.monotonic() + timeout
    with app.app_context():
        query = sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
        with db.engine.connect() as probe:
            while probe.execute(query).scalar_one() == 0:
                assert time.monotonic() < deadline, "the autosave never waited for the report's lock"
                probe.commit()


def test_an_autosave_during_the_save_of_its_report_waits_and_refuses(live):
    app, session_token = live
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = session_token
        session["_fresh"] = True
    first = client.post("/incidents/autosave", data={"form_token": "f1", "description": "Entwurf"}, headers=HX)
    assert first.status_code == 200, first.location
    with app.app_context():
        incident_id = db.session.scalars(sa.select(Incident.id)).one()
        db.session.remove()

    # The report's save is under way in another connection (status open, not committed).
    with app.app_context():
        saving = db.engine.connect()
        saving.execute(sa.update(Incident).where(Incident.id == incident_id).values(status="open"))
        answers = []
        late = threading.Thread(target=lambda: answers.append(client.post(
            "/incidents/autosave", data={"form_token": "f1", "description": "Entwurf, überholt"}, headers=HX)))
        late.start()
        try:
            _blocked_on_a_lock(app)
        finally:
            saving.commit()
            saving.close()
        late.join(timeout=30)
    assert answers and answers[0].status_code == 409, answers and answers[0].status_code
    with app.app_context():
        incident = db.session.get(Incident, incident_id)
        assert incident.status == "open"
        assert access.open_contents(incident)["description"] == "Entwurf"
        db.session.remove()
