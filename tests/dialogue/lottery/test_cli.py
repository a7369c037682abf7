"""`flask dialogue import-register`, `invite`, `letters` and `import-registrants`:
the same checks as the pages, from the command line."""

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from weltoffen.dialogue.cli import dialogue_cli
from weltoffen.dialogue.lottery import registration, services
from weltoffen.dialogue.lottery.models import Invitation, LotteryRegister, Registrant
from weltoffen.dialogue.models import DialogueProcess

from .test_stage1 import register_csv

HEADER = "Code;Name;E-Mail;Telefon;Altersgruppe;Geschlecht;Stadtteil;Bildung;Migrationsgeschichte;Bedarfe;Quelle\n"


@pytest.fixture
def assembly(make, db):
    town = make.municipality(make.network(), name="Iserlohn")
    process = DialogueProcess(municipality_id=town.id, slug="buergerrat", title="Bürgerrat",
                              format_key="citizens_assembly")
    db.session.add(process)
    db.session.commit()
    return process


def run(app, *args):
    return app.test_cli_runner().invoke(dialogue_cli, [str(a) for a in args])


def test_register_invitations_letters_and_paper_registrations(app, db, assembly, tmp_path, monkeypatch):
    path = tmp_path / "register.csv"
    path.write_bytes(register_csv(12))
    result = run(app, "import-register", assembly.id, path)
    assert result.exit_code == 0, result.output
    assert "12 people imported" in result.output
    result = run(app, "invite", assembly.id, 4, "--public-numbers", "17 4 23")
    assert result.exit_code == 0, result.output
    lottery = services.lottery_of(assembly)
    assert lottery.invitations == 4 and lottery.public_numbers == "17 4 23"

    def drawn():
        return [services.invitation_data(lottery, i)["register_id"]
                for i in db.session.scalars(select(Invitation).order_by(Invitation.position))]

    first = drawn()
    assert run(app, "invite", assembly.id, 4, "--public-numbers", "17, 4, 23").exit_code == 0
    assert drawn() == first and len(first) == 4  # the same numbers, typed differently: the same people
    out = tmp_path / "briefe.pdf"
    assert run(app, "letters", assembly.id, out).exit_code != 0  # no base address configured
    result = run(app, "letters", assembly.id, out, "--base-url", "https://beteiligung.example.org")
    assert result.exit_code == 0, result.output
    assert len(PdfReader(out).pages) == 4 and oct(out.stat().st_mode)[-3:] == "600"
    assert db.session.scalar(select(LotteryRegister)).sealed is None
    assert run(app, "invite", assembly.id, 4).exit_code != 0  # fixed by the letters

    invitation = db.session.scalars(select(Invitation).order_by(Invitation.position)).first()
    code = services.show_code(services.invitation_data(lottery, invitation)["code"])
    paper = tmp_path / "anmeldungen.csv"
    paper.write_text(HEADER + f"{code};Ottokar Zwiebelfisch;;02371 12345;18-29;m;Nord;mittel;nein;Kinderbetreuung;"
                     "Telefon\n;Wilhelmine Quast;w.quast@example.org;;65+;w;Süd;hoch;ja;;Papier\n", encoding="cp1252")
    result = run(app, "import-registrants", assembly.id, paper)
    assert result.exit_code == 0, result.output
    registrants = list(db.session.scalars(select(Registrant).order_by(Registrant.id)))
    assert [r.source for r in registrants] == ["phone", "paper"]
    db.session.refresh(invitation)
    assert invitation.state == "registered" and registrants[0].invitation_id == invitation.id
    assert registration.details_of(lottery, registrants[1])["features"]["education"] == "high"
    # the same code again, an unknown district and a bad age group: nothing is written
    bad = tmp_path / "schlecht.csv"
    bad.write_text(HEADER + f"{code};Zweiter Versuch;x@example.org;;18-29;m;Nord;mittel;nein;;\n"
                   ";Jemand;y@example.org;;uralt;w;Atlantis;hoch;ja;;\n", encoding="utf-8")
    result = run(app, "import-registrants", assembly.id, bad)
    assert result.exit_code != 0
    assert "schlecht.csv:3:" in result.output and "Atlantis" in result.output
    assert db.session.scalar(select(func.count(Registrant.id))) == 2


def test_a_broken_register_is_refused_with_its_lines(app, db, assembly, tmp_path):
    path = tmp_path / "kaputt.csv"
    path.write_bytes(register_csv(3) + b"R-9;Eva;Ei;Weg;1;123;Iserlohn;Nord;1980;w\n")
    result = run(app, "import-register", assembly.id, path)
    assert result.exit_code != 0 and "kaputt.csv:5:" in result.output and "nothing imported" in result.output
    assert db.session.scalar(select(func.count(LotteryRegister.id))) == 0
    assert run(app, "invite", 999, 3).exit_code != 0
