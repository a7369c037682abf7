"""answers.csv in the reader's language: headers, the state of each team answer and the
answer labels translated; German Excel's ";" and decimal comma, English Excel's ","."""

import csv
import io

from .conftest import answer


def _table(client, w, delimiter: str) -> list[list[str]]:
    r = client.get(f"/selfcheck/submissions/{w.sub.id}/answers.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv" and r.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(r.data.decode("utf-8-sig")), delimiter=delimiter))


def _row(table, key: str) -> list[str]:
    return next(row for row in table if row[1] == key)


def _answer_states(w) -> None:
    answer(w.sub, w.lead, "mission", "2", evidence="Ratsbeschluss 2024")
    answer(w.sub, w.member, "mission", "2")  # agreed
    answer(w.sub, w.lead, "budget", "yes")
    answer(w.sub, w.member, "budget", "no")  # members differ
    answer(w.sub, w.lead, "languages", "3")  # one answer so far
    answer(w.sub, w.lead, "formats", ["assembly", "youth"])


def test_german_export(client, login, selfcheck):
    w = selfcheck
    _answer_states(w)
    login(w.member)
    table = _table(client, w, ";")
    assert table[0][:6] == ["Handlungsfeld", "Fragenschlüssel", "Frage", "Teamantwort", "Status",
                            "Beleg, Notiz oder Link"]
    assert sorted(table[0][6:]) == ["Antwort: Lea Leitung", "Antwort: Tom Team"]
    assert _row(table, "mission")[3:6] == ["teilweise", "Team ist sich einig", "Ratsbeschluss 2024"]
    assert _row(table, "budget")[3:5] == ["", "Antworten unterscheiden sich"]
    assert _row(table, "languages")[3:5] == ["3 Sprachen", "Eine Antwort bisher"]
    assert _row(table, "formats")[3] == "Bürgerrat; Jugendforum"
    assert _row(table, "practice")[4] == "Noch keine Antwort"


def test_english_export(client, login, make, selfcheck):
    w = selfcheck
    _answer_states(w)
    login(make.user(municipality=w.m, role="member", language="en", name="Eve English"))
    table = _table(client, w, ",")
    assert table[0][:6] == ["Field of action", "Question key", "Question", "Team answer", "Status",
                            "Evidence, note or link"]
    assert "Answer: Lea Leitung" in table[0]
    assert _row(table, "mission")[:5] == ["Management and steering", "mission", "Is there a mission statement?",
                                          "partly", "Team agrees"]
    assert _row(table, "budget")[4] == "Answers differ"
    assert _row(table, "languages")[3:5] == ["3 languages", "One answer so far"]
    assert _row(table, "formats")[3] == "Citizens' assembly; Youth forum"
    assert _row(table, "practice")[4] == "No answer yet"
