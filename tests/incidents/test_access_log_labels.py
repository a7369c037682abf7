"""The access log names every action in the reader's language, never by its code."""

import re
from pathlib import Path

import pytest

import weltoffen.incidents
from tests.incidents.evidence_support import incident
from weltoffen.incidents.forms import ACTION_LABELS

PACKAGE = Path(weltoffen.incidents.__file__).parent


def test_every_audited_action_has_a_label():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.glob("*.py"))
    actions = set(re.findall(r"audit\.record\(\s*\"(incident\.[a-z_]+)\"", source))
    assert {"incident.export", "incident.viewed", "incident.evidence_download"} <= actions
    assert actions - set(ACTION_LABELS) == set()
    assert {"incident.deleted", "incident.purged"} <= set(ACTION_LABELS)  # audit.record(f"incident.{reason}")


@pytest.mark.parametrize("language,label,untranslated", [
    ("de", "Dossier oder Beweismittel exportiert", "Exported the dossier"),
    ("en", "Exported the dossier or the evidence", "Dossier oder Beweismittel exportiert"),
])
def test_the_export_reads_in_the_reader_language(client, login, make, db, language, label, untranslated):
    network = make.network()
    official = make.user(municipality=make.municipality(network), role="official", language=language)
    login(official)
    item = incident(db, official, network)
    db.session.commit()
    assert client.get(f"/incidents/{item.id}/dossier.pdf").status_code == 200
    page = client.get(f"/incidents/{item.id}/log").text
    cells = re.findall(r"<td>([^<]*)</td>", page)
    assert label in cells and untranslated not in page
    assert "export" not in cells and "incident.export" not in page
