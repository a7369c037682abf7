import io

import pytest
import sqlalchemy as sa

from weltoffen.audit import AuditEntry
from weltoffen.network.models import Municipality, Network

from .test_importer import GOOD


@pytest.fixture
def admin(make, login):
    return login(make.user(network_role="admin"))


def test_admin_pages_render(client, admin, make):
    m = make.municipality()
    for path in [
        "/admin/",
        "/admin/networks",
        f"/admin/networks/{m.network_id}",
        "/admin/municipalities",
        "/admin/municipalities/new",
        f"/admin/municipalities/{m.id}",
        "/admin/users",
        f"/admin/users/{admin.id}",
        "/admin/municipalities/import",
    ]:
        assert client.get(path).status_code == 200, path


@pytest.mark.parametrize("role", ["member", "lead", "official", "trust_person"])
def test_admin_pages_refused_to_municipal_roles(client, make, login, role):
    login(make.user(municipality=make.municipality(), role=role))
    assert client.get("/admin/").status_code == 403
    assert client.post("/admin/networks", data={"name": "X"}).status_code == 403


def test_admin_pages_refused_to_coordinators(client, make, login):
    login(make.user(network_role="coordinator", network=make.network()))
    assert client.get("/admin/municipalities").status_code == 403


def test_create_network_and_duplicate_name(client, admin, db):
    assert client.post("/admin/networks", data={"name": "Kommunen für Vielfalt"}).status_code == 302
    network = db.session.scalar(sa.select(Network).where(Network.name == "Kommunen für Vielfalt"))
    assert network.slug == "kommunen-fuer-vielfalt"
    r = client.post("/admin/networks", data={"name": "Kommunen für Vielfalt"})
    assert r.status_code == 400


def test_create_municipality_validation_keeps_values(client, admin, make, db):
    network = make.network()
    data = {
        "network_id": network.id,
        "ags": "05911000",
        "name": "Bochum",
        "state": "09",
        "kind": "kreisfreie_stadt",
        "population": "364628",
        "foreign_born_share": "17.8",
    }
    r = client.post("/admin/municipalities/new", data=data)
    assert r.status_code == 400
    assert 'value="Bochum"' in r.text and 'value="05911000"' in r.text
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0
    r = client.post("/admin/municipalities/new", data=dict(data, state="05"))
    assert r.status_code == 302
    m = db.session.scalar(sa.select(Municipality).where(Municipality.ags == "05911000"))
    assert m.name == "Bochum" and m.network_id == network.id
    assert (
        client.post("/admin/municipalities/new", data=dict(data, state="05")).status_code == 400
    )  # duplicate AGS


def test_forged_network_id_is_refused(client, admin, make):
    make.network()
    data = {
        "network_id": 999999,
        "ags": "05911000",
        "name": "Bochum",
        "state": "05",
        "kind": "kreisfreie_stadt",
        "population": "1",
        "foreign_born_share": "1",
    }
    assert client.post("/admin/municipalities/new", data=data).status_code == 400


def test_web_import_preview_then_confirm(client, admin, make, db):
    network = make.network()
    r = client.post(
        "/admin/municipalities/import",
        data={"network": network.id, "file": (io.BytesIO(GOOD.encode()), "kommunen.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200 and "Iserlohn" in r.text
    assert (
        db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0
    )  # preview writes nothing
    r = client.post("/admin/municipalities/import/confirm")
    assert r.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 3
    assert db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "municipalities.imported")
    ).one()
    # The preview cannot be confirmed twice.
    assert client.post("/admin/municipalities/import/confirm").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 3


def test_web_import_with_errors_lists_lines_and_writes_nothing(client, admin, make, db):
    network = make.network()
    bad = GOOD + "05911000;Bochum doppelt;NRW;kreisfreie Stadt;1;1\n"
    r = client.post(
        "/admin/municipalities/import",
        data={"network": network.id, "file": (io.BytesIO(bad.encode()), "kommunen.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    assert ">5<" in r.text
    assert client.post("/admin/municipalities/import/confirm").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Municipality.id))) == 0


def test_web_import_refuses_disguised_and_oversized_files(app, client, admin, make, monkeypatch):
    network = make.network()
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 4096)  # keeps the upload in memory
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    r = client.post(
        "/admin/municipalities/import",
        data={"network": network.id, "file": (io.BytesIO(png), "kommunen.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422
    big = b"ags;name\n" + b"x" * (app.config["IMPORT_MAX_BYTES"] + 10)
    r = client.post(
        "/admin/municipalities/import",
        data={"network": network.id, "file": (io.BytesIO(big), "k.csv")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 413


def test_change_network_role_is_audited(client, admin, make, db):
    network = make.network()
    user = make.user()
    r = client.post(
        f"/admin/users/{user.id}",
        data={"network_role": "coordinator", "network": network.id, "active": "y"},
    )
    assert r.status_code == 302
    db.session.refresh(user)
    assert user.network_role == "coordinator" and user.network_id == network.id
    entry = db.session.scalars(
        sa.select(AuditEntry).where(AuditEntry.action == "user.network_role_changed")
    ).one()
    assert entry.details["after"] == "coordinator" and entry.actor_id == admin.id


def test_coordinator_needs_network(client, admin, make):
    user = make.user()
    assert (
        client.post(
            f"/admin/users/{user.id}", data={"network_role": "coordinator", "network": 0}
        ).status_code
        == 400
    )


def test_admin_cannot_demote_self(client, admin, db):
    client.post(f"/admin/users/{admin.id}", data={"network_role": "", "network": 0, "active": "y"})
    db.session.refresh(admin)
    assert admin.network_role == "admin"


def test_admin_adds_existing_account_to_team(client, admin, make, db):
    m = make.municipality()
    user = make.user(email="da@example.org")
    r = client.post(
        f"/admin/municipalities/{m.id}/members",
        data={"member-email": "da@example.org", "member-role": "lead"},
    )
    assert r.status_code == 302
    db.session.refresh(user)
    assert user.roles_in(m.id) == {"lead"}
