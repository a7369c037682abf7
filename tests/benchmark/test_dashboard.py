import csv
import io
import re

import pytest
from openpyxl import load_workbook


def test_heatmap_for_coordinator_filter_and_sort(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(network_role="coordinator", network=round_.network))
    page = client.get(f"/benchmark/rounds/{round_.id}/heatmap")
    assert page.status_code == 200 and city.name in page.text and towns[0].name in page.text
    assert "0 Beratungsanfragen noch nicht beantwortet" in page.text
    fragment = client.get(f"/benchmark/rounds/{round_.id}/heatmap?group=size:4", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and city.name in fragment.text and towns[0].name not in fragment.text
    by_management = client.get(
        f"/benchmark/rounds/{round_.id}/heatmap?sort=management&dir=desc", headers={"HX-Request": "true"}
    ).text
    # mission steps 3 (towns 3 and 4) score highest, step 0 (town 0) lowest
    assert by_management.index(towns[3].name) < by_management.index(towns[0].name)
    assert client.get(f"/benchmark/rounds/{round_.id}/heatmap?group=state:99").status_code == 400
    assert client.get(f"/benchmark/rounds/{round_.id}/heatmap?sort=evil").status_code == 200  # falls back to name


def test_exports(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(network_role="coordinator", network=round_.network))
    csv = client.get(f"/benchmark/rounds/{round_.id}/export.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    text = csv.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("AGS;Kommune;Bundesland;Gesamt;Management und Steuerung")
    assert len(text.splitlines()) == 1 + 12  # the coordinator's export is per municipality, not released figures
    scores = [line.split(";")[3] for line in text.splitlines()[1:]]
    assert all(re.fullmatch(r"\d+,\d", s) for s in scores), scores  # German Excel: decimal comma
    xlsx = client.get(f"/benchmark/rounds/{round_.id}/export.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.data))
    assert workbook.sheetnames == ["Übersicht", "Management und Steuerung", "Beteiligung und Dialog"]
    assert workbook["Übersicht"].max_row == 13
    assert workbook["Management und Steuerung"]["C2"].value == 88  # highest first
    assert isinstance(workbook["Übersicht"]["D2"].value, int | float)  # real numbers, not text
    assert workbook["Übersicht"]["D2"].number_format == "0.0"


def test_exports_in_english(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(network_role="coordinator", network=round_.network, language="en"))
    data = client.get(f"/benchmark/rounds/{round_.id}/export.csv").data
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table[0][:5] == ["AGS", "Municipality", "Federal state", "Overall", "Management and steering"]
    assert len(table) == 1 + 12 and all(re.fullmatch(r"\d+\.\d", row[3]) for row in table[1:])
    workbook = load_workbook(io.BytesIO(client.get(f"/benchmark/rounds/{round_.id}/export.xlsx").data))
    assert workbook.sheetnames == ["Overview", "Management and steering", "Participation and dialogue"]
    sheet = workbook["Management and steering"]
    assert [c.value for c in sheet[1]] == ["AGS", "Municipality", "Score", "Level"]
    assert sheet["C2"].value == 88 and sheet["D2"].value == "Advanced"


def test_export_quotes_formula_like_names(client, login, make, round_with_scores, db):
    round_, towns, city = round_with_scores
    towns[0].name = '=HYPERLINK("http://evil")'
    db.session.flush()
    login(make.user(network_role="coordinator", network=round_.network))
    text = client.get(f"/benchmark/rounds/{round_.id}/export.csv").data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    workbook = load_workbook(io.BytesIO(client.get(f"/benchmark/rounds/{round_.id}/export.xlsx").data))
    names = [c.value for c in workbook["Übersicht"]["B"]]
    assert '\'=HYPERLINK("http://evil")' in names


def test_municipal_roles_cannot_open_the_heatmap(client, login, make, round_with_scores):
    round_, towns, city = round_with_scores
    login(make.user(municipality=city, role="lead"))
    assert client.get(f"/benchmark/rounds/{round_.id}/heatmap").status_code == 403
    assert client.get(f"/benchmark/rounds/{round_.id}/export.xlsx").status_code == 403


def _distribution_cells(html: str) -> list[list[str]]:
    """The figure cells (quartiles, median, mean) of each row of the distribution table."""
    table = html[html.index('id="dist-heading"'):]
    table = table[:table.index("</table>")]
    rows = re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", table, re.S)[1:]
    return [re.findall(r"--numeric\">([^<]*)</td>", row)[1:] for row in rows]


@pytest.mark.parametrize("language,pattern,foreign", [("de", r"\d+,\d", "."), ("en", r"\d+\.\d", ",")])
def test_heatmap_figures_follow_the_language(client, login, make, round_with_scores, language, pattern, foreign):
    round_, towns, city = round_with_scores
    login(make.user(network_role="coordinator", network=round_.network, language=language))
    cells = _distribution_cells(client.get(f"/benchmark/rounds/{round_.id}/heatmap").text)
    assert cells and all(len(row) == 4 for row in cells)
    assert all(re.fullmatch(pattern, text) for row in cells for text in row), cells
    assert not any(foreign in text for row in cells for text in row)
