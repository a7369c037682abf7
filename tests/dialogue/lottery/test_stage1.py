"""Stage 1 through the web: a lead starts the lottery and names organisers; only an
organiser with a second factor imports the register, draws and produces letters;
nothing personal is stored in clear; producing letters fixes the draw and shreds the
register; broken files and repeated draws change nothing."""

import io
import re
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from weltoffen.audit import AuditEntry
from weltoffen.dialogue.lottery import services
from weltoffen.dialogue.lottery.models import Invitation, Lottery, LotteryRegister
from weltoffen.dialogue.models import DialogueProcess

HEADER = "Ordnungsmerkmal;Vorname;Nachname;Straße;Hausnummer;PLZ;Ort;Stadtteil;Geburtsjahr;Geschlecht\n"
NAMES = ["Quirina", "Balthasar", "Ottilie", "Leopoldine", "Kunibert", "Hildegund", "Eustachius", "Philippa",
         "Wendelin", "Adelheid", "Ruprecht", "Walburga"]


def register_csv(n=12) -> bytes:
    rows = [f"R-{i};{NAMES[i % len(NAMES)]};Zwirbelmeier{i};Lindenallee;{i + 1};58636;Iserlohn;"
            f"{'Nord' if i % 2 else 'Süd'};{1950 + i};{'wm'[i % 2]}" for i in range(n)]
    return (HEADER + "\n".join(rows) + "\n").encode()


@pytest.fixture
def lw(make, db):
    network = make.network()
    town, other = make.municipality(network, name="Iserlohn"), make.municipality(network)
    people = {
        "lead": make.user(municipality=town, role="lead", totp_secret="JBSWY3DPEHPK3PXP"),
        "organiser": make.user(municipality=town, role="member", totp_secret="JBSWY3DPEHPK3PXP"),
        "member": make.user(municipality=town, role="member"),
        "trust": make.user(municipality=town, role="trust_person"),
        "coordinator": make.user(network_role="coordinator", network=network),
        "admin": make.user(network_role="admin"),
        "other_lead": make.user(municipality=other, role="lead", totp_secret="JBSWY3DPEHPK3PXP"),
    }
    process = DialogueProcess(municipality_id=town.id, slug="buergerrat", title="Bürgerrat Mobilität",
                              question="Wie kommen alle gut ans Ziel?", format_key="citizens_assembly",
                              status="planned", responsible_office="Stabsstelle Bürgerbeteiligung")
    forum = DialogueProcess(municipality_id=town.id, slug="forum", title="Forum", format_key="citizens_forum")
    db.session.add_all([process, forum])
    db.session.commit()
    return type("LW", (), {"town": town, "process": process, "forum": forum, **people})


def url(lw, tail=""):
    return f"/dialogue/processes/{lw.process.id}/lottery{tail}"


def start(client, login, lw, db):
    login(lw.lead)
    assert client.post(url(lw, "/start")).status_code == 302
    lottery = services.lottery_of(lw.process)
    r = client.post(url(lw, "/organisers"), data={"organisers": [str(lw.lead.id), str(lw.organiser.id)]})
    assert r.status_code == 302
    return lottery


def upload(client, lw, data: bytes):
    return client.post(url(lw, "/register"), data={"file": (io.BytesIO(data), "melderegister.csv")},
                       content_type="multipart/form-data")


def draw(client, lw, n=4, **extra):
    data = {"invitations": str(n), "mode": "simple", "one_per_household": "y", "seed_source": "random",
            "public_numbers": "", **extra}
    return client.post(url(lw, "/draw"), data=data)


def test_only_a_lead_starts_and_only_for_an_assembly(client, login, lw, db):
    login(lw.member)
    assert client.post(url(lw, "/start")).status_code == 403
    assert client.get(url(lw)).status_code == 200  # the team sees the page
    login(lw.lead)
    assert client.post(f"/dialogue/processes/{lw.forum.id}/lottery/start").status_code == 404
    for who in ("trust", "coordinator", "admin", "other_lead"):
        login(getattr(lw, who))
        assert client.get(url(lw)).status_code == 404, who
    assert db.session.scalar(select(func.count(Lottery.id))) == 0


def test_the_organiser_imports_draws_and_produces_letters(client, login, lw, db, app):
    lottery = start(client, login, lw, db)
    login(lw.member)  # on the team, but not an organiser
    assert upload(client, lw, register_csv()).status_code == 403
    login(lw.organiser)
    r = upload(client, lw, register_csv())
    assert r.status_code == 302
    row = db.session.scalar(select(LotteryRegister))
    assert row.people == 12 and row.counts["district"] == {"Nord": 6, "Süd": 6}
    html = client.get(url(lw)).get_data(as_text=True)
    assert "12 Personen" in html.replace("\xa0", " ")
    assert draw(client, lw, n=4, seed_source="public", public_numbers="17, 4, 23").status_code == 302
    db.session.refresh(lottery)
    first_seed = lottery.seed
    assert lottery.invitations == 4 and lottery.public_numbers == "17, 4, 23" and lottery.draw_mode == "simple"
    assert draw(client, lw, n=5).status_code == 302  # again, before the letters
    db.session.refresh(lottery)
    assert lottery.invitations == 5 and lottery.seed != first_seed
    assert db.session.scalar(select(func.count(Invitation.id))) == 5

    r = client.post(url(lw, "/letters.pdf"))
    assert r.status_code == 200 and r.mimetype == "application/pdf" and r.headers["Cache-Control"] == "no-store"
    pages = PdfReader(io.BytesIO(r.data)).pages
    assert len(pages) == 5
    text = pages[0].extract_text()
    assert "Zwirbelmeier" in text and re.search(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", text)
    assert "/beteiligung/anmeldung" in text
    db.session.expire_all()
    assert lottery.letters_at is not None and db.session.scalar(select(LotteryRegister)).sealed is None
    assert draw(client, lw, n=5).status_code == 409  # the draw is fixed now
    assert upload(client, lw, register_csv()).status_code == 409
    csv = client.post(url(lw, "/letters.csv"))
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf") and csv.data.count(b"\n") == 6
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("dialogue.lottery%"))))
    assert {"dialogue.lottery_created", "dialogue.lottery_register_imported", "dialogue.lottery_drawn",
            "dialogue.lottery_letters", "dialogue.lottery_register_shredded"} <= actions


def test_nothing_personal_is_stored_in_clear(client, login, lw, db, app):
    start(client, login, lw, db)
    login(lw.organiser)
    upload(client, lw, register_csv())
    draw(client, lw, n=6)
    db.session.commit()
    dump = []
    for table in ("lottery", "lottery_register", "lottery_invitation", "audit_entry"):
        for row in db.session.execute(select(db.metadata.tables[table])):
            dump.append(repr(tuple(row)))
    text = "\n".join(dump)
    for secret in ("Zwirbelmeier", "Quirina", "Lindenallee", "R-3"):
        assert secret not in text, secret
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and ":memory:" not in uri:
        with open(uri.removeprefix("sqlite:///"), "rb") as fh:
            raw = fh.read()
        assert b"Zwirbelmeier" not in raw and b"Lindenallee" not in raw


def test_a_broken_register_changes_nothing_and_names_each_line(client, login, lw, db):
    start(client, login, lw, db)
    login(lw.organiser)
    bad = register_csv(3) + (b"R-9;Eva;Ei;Weg;1;123;Iserlohn;Nord;1980;w\n"
                             b"R-1;Zweiter;Eintrag;Weg;1;58636;X;Nord;1980;w\n")
    r = upload(client, lw, bad)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Zeile 5: PLZ" in html and "Zeile 6: Das Ordnungsmerkmal R-1 kommt doppelt vor" in html
    assert db.session.scalar(select(func.count(LotteryRegister.id))) == 0
    r = client.post(url(lw, "/register"), data={}, content_type="multipart/form-data")
    assert r.status_code == 422


def test_a_draw_larger_than_the_register_and_a_public_draw_without_numbers_are_refused(client, login, lw, db):
    start(client, login, lw, db)
    login(lw.organiser)
    upload(client, lw, register_csv())
    r = draw(client, lw, n=50)
    assert r.status_code == 422 and "nicht so viele" in r.get_data(as_text=True)
    r = draw(client, lw, n=3, seed_source="public", public_numbers="")
    assert r.status_code == 422 and 'value="3"' in r.get_data(as_text=True)  # the form keeps its values
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_an_organiser_without_second_factor_or_off_the_team_is_refused(client, login, lw, db):
    lottery = start(client, login, lw, db)
    login(lw.lead)
    client.post(url(lw, "/organisers"), data={"organisers": [str(lw.member.id)]})
    login(lw.member)  # named, but without a second factor
    assert upload(client, lw, register_csv()).status_code == 403
    assert "zweiten Faktor" in client.get(url(lw)).get_data(as_text=True)
    # the organiser's membership ends: access ends with it, at the next request
    login(lw.lead)
    client.post(url(lw, "/organisers"), data={"organisers": [str(lw.organiser.id)]})
    for membership in list(lw.organiser.memberships):
        db.session.delete(membership)
    db.session.commit()
    login(lw.organiser)
    assert upload(client, lw, register_csv()).status_code == 404
    assert lottery.organisers and date.today()
