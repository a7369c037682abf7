"""Two members saving the same question at the same moment both keep their answers.
Runs against its own database with real commits (no per-test rollback), with the
requests in parallel threads."""

import threading
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from weltoffen.auth.models import User
from weltoffen.auth.passwords import hash_password
from weltoffen.extensions import db
from weltoffen.network.models import Membership, Municipality, Network
from weltoffen.selfcheck import services
from weltoffen.selfcheck.models import Answer

from ..conftest import PG_URL, make_test_app
from ..support.databases import create_database, drop_database
from .conftest import MINI

ROUNDS = 15


@pytest.fixture(scope="module")
def live(tmp_path_factory, smtp_server):
    if PG_URL:
        url = create_database(PG_URL, f"weltoffen_conc_{uuid.uuid4().hex[:8]}")
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('conc') / 'conc.db'}"
    app = make_test_app(
        url, tmp_path_factory.mktemp("conc-instance"), smtp_server, RATELIMIT_ENABLED=False
    )
    with app.app_context():
        questionnaire, _ = services.load_questionnaire(MINI)
        network = Network(name="Konkurrenz", slug="konkurrenz")
        db.session.add(network)
        db.session.flush()
        m = Municipality(
            network_id=network.id,
            ags="05962024",
            name="Iserlohn",
            state="05",
            kind="stadt",
            population=92000,
            foreign_born_share=19.3,
        )
        db.session.add(m)
        db.session.flush()
        users = []
        for i in range(2):
            u = User(email=f"m{i}@example.org", name=f"M{i}", password_hash=hash_password("x" * 12))
            db.session.add(u)
            db.session.flush()
            db.session.add(Membership(user_id=u.id, municipality_id=m.id, role="member"))
            users.append(u)
        round_ = services.open_round(
            users[0],
            network,
            questionnaire,
            "R",
            date.today(),
            date.today() + timedelta(days=9),
            [m.id],
        )
        db.session.commit()
        ids = {
            "submission": round_.submissions[0].id,
            "tokens": [u.session_token for u in users],
            "users": [u.id for u in users],
        }
        db.session.remove()
    yield app, ids
    with app.app_context():
        db.engine.dispose()
    if PG_URL:
        drop_database(PG_URL, url)


def _client(app, token):
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
    return client


def test_two_members_saving_the_same_question_at_once_keep_both(live):
    app, ids = live
    clients = [_client(app, t) for t in ids["tokens"]]
    barrier = threading.Barrier(2)
    statuses: list[int] = []
    questions = ["mission", "budget"]
    values = {"mission": ["0", "1", "2", "3"], "budget": ["yes", "partly", "no"]}

    def save(i: int, n: int):
        key = questions[n % 2]
        value = values[key][(n + i) % len(values[key])]
        barrier.wait()
        r = clients[i].post(
            f"/selfcheck/submissions/{ids['submission']}/answers/{key}",
            data={f"q-{key}": value, f"q-{key}-evidence": f"member {i} round {n}"},
            headers={"HX-Request": "true"},
        )
        statuses.append(r.status_code)

    for n in range(ROUNDS):
        threads = [threading.Thread(target=save, args=(i, n)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
    assert statuses == [200] * (2 * ROUNDS)
    with app.app_context():
        rows = db.session.scalars(
            sa.select(Answer).where(Answer.submission_id == ids["submission"])
        ).all()
        db.session.remove()
    assert len(rows) == 4  # 2 members x 2 questions, never more
    for row in rows:
        i = ids["users"].index(row.user_id)
        last = max(n for n in range(ROUNDS) if questions[n % 2] == row.question_key)
        assert row.evidence == f"member {i} round {last}"
        expected = values[row.question_key][(last + i) % len(values[row.question_key])]
        assert str(row.value) == expected
