"""Participatory budgets: the CSV import (every malformed row with its line number,
nothing written on any error, re-import by number), the page's accounts, the CLI,
a funded project's status, and who is refused."""

import io
import re

import pytest
from sqlalchemy import select

from weltoffen.dialogue import budget
from weltoffen.dialogue.accountability_models import BudgetProposal
from weltoffen.dialogue.cli import dialogue_cli

from .reach_support import reach_world, refused

HEADER = "Nummer;Titel;Stadtteil;Kosten;Machbarkeit;Begründung;Stimmen;Gefördert;Betrag;Status;Fortschritt\n"
GOOD = HEADER + (
    "P-1;Bank am Teich;Nord;2.500;machbar;;312;ja;2.500;umgesetzt;100\n"
    "P-2;Neue Brücke;Süd;4.000.000;nicht machbar;Übersteigt das Budget;120;nein;;;\n"
    "P-3;Spielplatz;Nord;80.000,00;machbar;;95;ja;75000;in Umsetzung;40 %\n"
    "P-4;Trinkbrunnen;;;;;7;;;;\n"
)


@pytest.fixture
def w(make, db):
    return reach_world(make, db)


def proposals(db, process) -> dict:
    rows = db.session.scalars(select(BudgetProposal).where(BudgetProposal.process_id == process.id))
    return {p.reference: p for p in rows}


def errors_of(text: str | bytes) -> list:
    data = text.encode() if isinstance(text, str) else text
    return budget.parse(data).errors


def test_a_good_file_is_read_with_all_columns(app):
    with app.test_request_context():
        result = budget.parse(GOOD.encode())
    assert result.ok
    p1, p2, p3, p4 = result.rows
    assert (p1["cost"], p1["feasibility"], p1["votes"], p1["funded"], p1["status"], p1["progress"]) == (
        2500, "feasible", 312, True, "done", 100)
    assert (p2["cost"], p2["feasibility"], p2["note"], p2["funded"], p2["status"]) == (
        4_000_000, "not_feasible", "Übersteigt das Budget", False, None)
    assert (p3["cost"], p3["amount"], p3["status"], p3["progress"]) == (80_000, 75_000, "in_progress", 40)
    assert (p4["district"], p4["cost"], p4["feasibility"], p4["funded"]) == ("", None, "unchecked", False)


@pytest.mark.parametrize("rows,expected", [
    ("P-1;Bank;Nord\n", [(2, "Felder")]),  # a missing column
    ("P-1;Bank;;;;;viele;;;;\n", [(2, "Stimmen")]),
    ("P-1;Bank;;-500;;;1;;;;\n", [(2, "negativ")]),
    ("P-1;Bank;;;vielleicht;;1;;;;\n", [(2, "Machbarkeit")]),
    ("P-1;Bank;;;;;1;;;;\nP-2;Weg;;;;;1;;;;\nP-1;Bank;;;;;3;;;;\n", [(4, "zuerst in Zeile 3")]),
    ("P-1;Bank;;;;;1;vielleicht;;;\n", [(2, "Gefördert")]),
    ("P-1;Bank;;;;;1;ja;100;fast fertig;\n", [(2, "Status")]),
    ("P-1;Bank;;;;;1;ja;100;;150\n", [(2, "Fortschritt")]),
    ("P-1;Bank;;;;;1;nein;100;;\n", [(2, "nur bei geförderten")]),
    (";Bank;;;;;1;;;;\nP-2;;;;;;1;;;;\n", [(2, "Nummer"), (3, "Titel")]),
])
def test_every_malformed_row_is_named_with_its_line(app, rows, expected):
    with app.test_request_context():
        errors = errors_of(HEADER + "P-9;Gut;;;;;1;;;;\n" + rows)
    got = [(line - 1, message) for line, message in errors]  # one good row comes first
    assert len(got) == len(expected), got
    for (line, message), (want_line, want) in zip(got, expected, strict=True):
        assert line == want_line and want in message, (line, message)


def test_all_errors_are_reported_not_only_the_first(app):
    with app.test_request_context():
        errors = errors_of(HEADER + "P-1;;;;;;x;;;;\nP-2;Weg;;-1;;;1;;;;\nP-3;Ok;;;;;1;;;;\n")
    assert [line for line, _m in errors] == [2, 2, 3]


@pytest.mark.parametrize("data,line,message", [
    (b"", 1, "leer"),
    (b"   \n", 1, "leer"),
    (HEADER.encode(), 0, "keine Vorschl"),
    (b"Nummer|Titel|Stimmen\nP-1|Bank|3\n", 1, "getrennt durch ; oder ,"),
    (b"Nummer;Stimmen\nP-1;3\n", 1, "Titel"),
    (b"PK\x03\x04\x14\x00\x06\x00binary", 0, "keine CSV-Textdatei"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 0, "keine CSV-Textdatei"),
    (b'Nummer;Titel\n"P-1;Bank\n', 2, "Felder"),  # an unclosed quotation mark swallows the row
    (b'Nummer;Titel\nP-1;"Bank\nam Teich"\nP-1;Weg\n', 4, "zuerst in Zeile 2"),  # a field over two lines
])
def test_broken_files_are_refused_as_a_whole(app, data, line, message):
    with app.test_request_context():
        result = budget.parse(data)
    assert not result.ok
    assert result.errors[0][0] == line and message in result.errors[0][1], result.errors


def test_comma_delimiter_windows_1252_and_bom(app):
    with app.test_request_context():
        comma = budget.parse("Nummer,Titel,Stimmen\nP-1,Bänke,3\n".encode())
        cp1252 = budget.parse("Nummer;Titel;Begründung;Stimmen\nP-1;Grünfläche;Für alle;3\n".encode("cp1252"))
        bom = budget.parse("\ufeffNummer;Titel\nP-1;Straße\n".encode())
    assert comma.ok and comma.rows[0]["title"] == "Bänke" and comma.rows[0]["votes"] == 3
    assert cp1252.ok and cp1252.rows[0]["title"] == "Grünfläche" and cp1252.rows[0]["note"] == "Für alle"
    assert bom.ok and bom.rows[0]["reference"] == "P-1" and bom.rows[0]["title"] == "Straße"


def upload(client, w, data: bytes, name="vorschlaege.csv"):
    return client.post(f"/dialogue/processes/{w.budget.id}/budget/import",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


TOKEN = re.compile(r'<input[^>]*name="token"[^>]*value="([^"]+)"')


def token_of(response) -> str:
    match = TOKEN.search(response.get_data(as_text=True))
    assert match, "no confirmation form"
    return next(g for g in match.groups() if g)


def confirm(client, w, token: str):
    return client.post(f"/dialogue/processes/{w.budget.id}/budget/import/confirm", data={"token": token})


def import_file(client, w, data: bytes):
    """Upload, check the preview, confirm: the response of the confirmation."""
    preview = upload(client, w, data)
    assert preview.status_code == 200, preview.get_data(as_text=True)[:500]
    return confirm(client, w, token_of(preview))


def test_the_preview_writes_nothing_and_shows_what_the_import_will_do(client, login, w, db, app):
    login(w.member)
    r = upload(client, w, GOOD.encode())
    assert r.status_code == 200
    html = r.get_data(as_text=True).replace("\xa0", " ")
    assert "Import prüfen" in html and "Neue Vorschläge" in html and ">Bank am Teich<" in html
    assert proposals(db, w.budget) == {}
    token = token_of(r)
    assert confirm(client, w, "x" * 32).status_code == 410  # a forged token
    assert proposals(db, w.budget) == {}
    login(w.lead)
    assert confirm(client, w, token).status_code == 410  # another user's preview
    login(w.member)
    assert confirm(client, w, token).status_code == 302
    assert len(proposals(db, w.budget)) == 4
    r = confirm(client, w, token)  # replayed
    assert r.status_code == 410 and "abgelaufen" in r.get_data(as_text=True)


def test_an_expired_preview_is_refused(client, login, w, db, monkeypatch):
    from weltoffen.dialogue import budget_pending

    login(w.member)
    token = token_of(upload(client, w, GOOD.encode()))
    monkeypatch.setattr(budget_pending, "PENDING_SECONDS", -1)
    assert confirm(client, w, token).status_code == 410
    assert proposals(db, w.budget) == {}


def test_upload_writes_everything_and_reimport_updates_by_number(client, login, w, db):
    login(w.member)
    assert import_file(client, w, GOOD.encode()).status_code == 302
    stored = proposals(db, w.budget)
    assert set(stored) == {"P-1", "P-2", "P-3", "P-4"}
    assert stored["P-3"].amount_euro == 75_000 and stored["P-3"].status == "in_progress"
    again = HEADER + "P-1;Bank am Teich;Nord;2.500;machbar;;400;ja;2.500;umgesetzt;100\n"
    assert import_file(client, w, again.encode()).status_code == 302
    assert import_file(client, w, again.encode()).status_code == 302  # idempotent
    db.session.expire_all()
    stored = proposals(db, w.budget)
    assert len(stored) == 4 and stored["P-1"].votes == 400
    html = client.get(f"/dialogue/processes/{w.budget.id}/budget").get_data(as_text=True).replace("\xa0", " ")
    for text in ("500.000 €", "77.500 €", ">4<", "machbar: 2",
                 "nicht machbar: 1", ">800<", ">622<", "In Bearbeitung", "40 %"):
        assert text in html, text


def test_an_upload_with_errors_writes_nothing_and_lists_every_line(client, login, w, db):
    login(w.lead)
    r = upload(client, w, (GOOD + "P-5;;;;;;x;;;;\n").encode())
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "Zeile 6: Titel" in html and "Zeile 6: Stimmen" in html and "nichts wurde importiert" in html
    assert proposals(db, w.budget) == {}


def test_a_too_large_or_binary_upload_is_refused(client, login, w, db, app, monkeypatch):
    login(w.lead)
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 4096)  # keeps the upload in memory
    r = upload(client, w, b"Nummer;Titel\n" + b"P;x\n" * 1100)
    assert r.status_code == 413 and "zu groß" in r.get_data(as_text=True)
    r = upload(client, w, b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", name="getarnt.csv")
    assert r.status_code == 422 and "keine CSV-Textdatei" in r.get_data(as_text=True)
    assert proposals(db, w.budget) == {}


def test_the_cli_imports_and_refuses_a_bad_file(app, w, db, tmp_path):
    good, bad = tmp_path / "gut.csv", tmp_path / "schlecht.csv"
    good.write_bytes(GOOD.encode("cp1252"))
    bad.write_bytes((HEADER + "P-1;Bank;;;;;x;;;;\n").encode())
    runner = app.test_cli_runner()
    result = runner.invoke(dialogue_cli, ["import-budget", str(w.budget.id), str(bad)])
    assert result.exit_code != 0 and "schlecht.csv:2:" in result.output and "nothing imported" in result.output
    assert proposals(db, w.budget) == {}
    result = runner.invoke(dialogue_cli, ["import-budget", str(w.budget.id), str(good)])
    assert result.exit_code == 0, result.output
    assert "4 proposals added" in result.output and proposals(db, w.budget)["P-2"].title == "Neue Brücke"
    result = runner.invoke(dialogue_cli, ["import-budget", str(w.process.id), str(good)])
    assert result.exit_code != 0 and "no participatory budget" in result.output


def test_a_funded_project_is_changed(client, login, w, db):
    proposal = BudgetProposal(process_id=w.budget.id, reference="P-7", title="Bank", votes=3)
    db.session.add(proposal)
    db.session.flush()
    login(w.official)
    url = f"/dialogue/proposals/{proposal.id}/edit"
    assert client.get(url).status_code == 200
    r = client.post(url, data={"funded": "y", "amount_euro": "", "status": "done", "progress_percent": "100"})
    assert r.status_code == 422 and "Betrag des geförderten Projekts" in r.get_data(as_text=True)
    r = client.post(url, data={"funded": "y", "amount_euro": "1200", "status": "done", "progress_percent": "100"})
    assert r.status_code == 302
    db.session.refresh(proposal)
    assert (proposal.funded, proposal.amount_euro, proposal.status, proposal.progress_percent) == (
        True, 1200, "done", 100)


def test_other_formats_have_no_budget_pages(client, login, w, db):
    proposal = BudgetProposal(process_id=w.process.id, reference="X", title="Irrläufer")
    db.session.add(proposal)
    db.session.flush()
    login(w.lead)
    assert client.get(f"/dialogue/processes/{w.process.id}/budget").status_code == 404
    assert import_file(client, w, GOOD.encode()).status_code == 302  # the budget itself works
    assert client.post(f"/dialogue/processes/{w.process.id}/budget/import").status_code == 404
    assert client.get(f"/dialogue/proposals/{proposal.id}/edit").status_code == 404


@pytest.mark.parametrize("method,path", [("GET", "budget"), ("POST", "budget/import"),
                                         ("POST", "budget/import/confirm")])
def test_outsiders_are_refused(client, login, w, db, method, path):
    codes = refused(client, login, w, method, f"/dialogue/processes/{w.budget.id}/{path}")
    assert codes["trust_person"] == codes["coordinator"] == codes["other_lead"] == 404
    assert codes["anonymous"][0] == 302 and "login" in codes["anonymous"][1]
    assert proposals(db, w.budget) == {}


def test_a_reimport_without_status_columns_keeps_the_status_changed_on_the_page(app, w, db):
    with app.test_request_context():
        budget.apply(w.budget, budget.parse(GOOD.encode()), None)
        p3 = proposals(db, w.budget)["P-3"]
        budget.update_proposal(p3, None, funded=True, amount_euro=75_000, status="done", progress_percent=100)
        later = "Nummer;Titel;Stimmen;Gefördert\nP-3;Spielplatz;99;ja\nP-2;Neue Brücke;121;nein\n"
        assert budget.apply(w.budget, budget.parse(later.encode()), None) == (0, 2)
    stored = proposals(db, w.budget)
    assert (stored["P-3"].votes, stored["P-3"].status, stored["P-3"].progress_percent) == (99, "done", 100)
    assert stored["P-3"].amount_euro == 75_000 and stored["P-3"].district == "Nord"
    assert stored["P-2"].feasibility == "not_feasible" and stored["P-2"].votes == 121


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_outsiders_cannot_change_a_proposal(client, login, w, db, method):
    proposal = BudgetProposal(process_id=w.budget.id, reference="P-8", title="Bank", votes=3)
    db.session.add(proposal)
    db.session.flush()
    codes = refused(client, login, w, method, f"/dialogue/proposals/{proposal.id}/edit",
                    data={"funded": "y", "amount_euro": "5", "status": "done"})
    assert codes["trust_person"] == codes["coordinator"] == codes["other_lead"] == 404
    assert codes["anonymous"][0] == 302 and "login" in codes["anonymous"][1]
    db.session.refresh(proposal)
    assert not proposal.funded


def test_an_upload_without_csrf_token_is_refused(client, login, w, db, csrf):
    login(w.lead)
    r = upload(client, w, GOOD.encode())
    assert r.status_code == 400 and proposals(db, w.budget) == {}  # the app-wide CSRF check
