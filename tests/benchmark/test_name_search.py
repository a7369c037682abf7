"""The search by name on a named group's page: the normalised names, the search over
one network's municipalities, the htmx fragment for the combobox and its fallback page."""

import re

import sqlalchemy as sa

from weltoffen.benchmark import named_groups
from weltoffen.network import name_search
from weltoffen.network.models import Municipality
from weltoffen.network.names import normalise

HX = {"HX-Request": "true"}


def test_names_are_normalised_so_umlauts_case_and_punctuation_do_not_matter():
    assert normalise("Münster") == normalise("muenster") == normalise(" MÜNSTER ") == "muenster"
    assert normalise("Bad Homburg v. d. Höhe") == "bad homburg v d hoehe"
    assert normalise("Groß-Gerau") == normalise("gross gerau") == "gross gerau"
    assert normalise("Sainte-Ménéhould") == "sainte menehould"
    assert normalise("") == normalise(None) == normalise("%_") == ""


def test_the_search_name_follows_the_name_on_objects_and_on_plain_inserts(db, make):
    town = make.municipality(name="Köln")
    assert town.search_name == "koeln"
    town.name = "Düren"
    db.session.flush()
    assert db.session.scalar(sa.select(Municipality.search_name).where(Municipality.id == town.id)) == "dueren"
    db.session.execute(sa.insert(Municipality.__table__), [
        {"network_id": town.network_id, "ags": "05999888", "name": "Wülfrath", "state": "05", "kind": "stadt",
         "population": 1, "foreign_born_share": 1.0},
    ])
    assert db.session.scalar(sa.select(Municipality.search_name).where(Municipality.ags == "05999888")) == "wuelfrath"


def test_search_finds_names_starting_with_the_text_first_within_one_network(db, make):
    network = make.network()
    names = ["Neustadt an der Weinstraße", "Bad Neustadt", "Neuss", "Titisee-Neustadt", "Dresden"]
    towns = {n: make.municipality(network, name=n) for n in names}
    make.municipality(make.network(), name="Neustadt in Holstein")  # another network
    found, more = name_search.search(network.id, "neustadt")
    assert [f.municipality.name for f in found] == ["Neustadt an der Weinstraße", "Bad Neustadt", "Titisee-Neustadt"]
    assert not more
    first = [f.municipality.name for f in name_search.search(network.id, "NEU")[0]][:2]
    assert first == ["Neuss", "Neustadt an der Weinstraße"]
    assert name_search.search(network.id, "n") == ([], False)  # too short
    # an AGS prefix finds by the key
    ags = towns["Dresden"].ags
    assert [f.municipality.name for f in name_search.search(network.id, ags)[0]] == ["Dresden"]
    # left out: the ids of the subquery
    exclude = sa.select(Municipality.id).where(Municipality.name == "Bad Neustadt")
    assert "Bad Neustadt" not in [f.municipality.name for f in name_search.search(network.id, "neustadt", exclude)[0]]


def test_search_returns_at_most_the_limit_and_says_there_are_more(db, make):
    network = make.network()
    for i in range(12):
        make.municipality(network, name=f"Weiler {i:02d}")
    found, more = name_search.search(network.id, "weiler")
    assert len(found) == 10 and more
    assert [f.municipality.name for f in found] == [f"Weiler {i:02d}" for i in range(10)]


def test_search_names_the_landkreis_when_the_network_has_it(db, make):
    network = make.network()
    make.municipality(network, name="München", ags="09184000", kind="landkreis", state="09")
    make.municipality(network, name="Unterschleißheim", ags="09184147", kind="stadt", state="09")
    make.municipality(network, name="Ismaning", ags="09184129", kind="gemeinde", state="09")
    found, _ = name_search.search(network.id, "unterschleiss")
    assert [(f.municipality.ags, f.kreis) for f in found] == [("09184147", "München")]
    found, _ = name_search.search(network.id, "muenchen")
    assert [(f.municipality.kind, f.kreis) for f in found] == [("landkreis", None)]


def _group(make, network, members=()):
    coordinator = make.user(network_role="coordinator", network=network)
    group = named_groups.create(network, coordinator, "Programm")
    if members:
        named_groups.add_members(group, coordinator, [m.ags for m in members])
    return coordinator, group


def test_the_fragment_lists_the_networks_municipalities_not_yet_in_the_group(client, login, make, db):
    network = make.network()
    dorf, stadt, member = (make.municipality(network, name=n) for n in ("Lindendorf", "Lindenstadt", "Lindenau"))
    make.municipality(make.network(), name="Lindenberg")  # another network: never offered
    coordinator, group = _group(make, network, [member])
    login(coordinator)
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "linden"}, headers=HX)
    assert r.status_code == 200
    options = re.findall(r'role="option" id="name-search-option-(\d+)"[^>]*data-ags="(\d+)"', r.text)
    assert options == [(str(dorf.id), dorf.ags), (str(stadt.id), stadt.ags)]
    assert "Lindenau" not in r.text and "Lindenberg" not in r.text
    assert "Nordrhein-Westfalen" in r.text  # the state beside the name
    # the count for the live region, out of band
    assert re.search(r'<p id="name-search-status" hx-swap-oob="innerHTML">\s*2 Treffer\s*</p>', r.text)
    assert "<html" not in r.text
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "l"}, headers=HX)
    assert 'role="option"' not in r.text and "mindestens zwei Buchstaben" in r.text
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "xyz"}, headers=HX)
    assert 'role="option"' not in r.text and "Keine weitere Kommune" in r.text


def test_the_fragment_says_when_there_are_more_than_ten(client, login, make, db):
    network = make.network()
    for i in range(11):
        make.municipality(network, name=f"Weiler {i:02d}")
    coordinator, group = _group(make, network)
    login(coordinator)
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "weiler"}, headers=HX)
    assert r.text.count('role="option"') == 10
    assert "Mehr als 10 Treffer" in r.text


def test_without_javascript_the_results_page_adds_with_a_button(client, login, make, db):
    network = make.network()
    town = make.municipality(network, name="Lindendorf")
    coordinator, group = _group(make, network)
    login(coordinator)
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "lindend"})
    assert r.status_code == 200 and "<html" in r.text
    assert f'name="ags" value="{town.ags}"' in r.text and "1 Treffer" in r.text
    # the button posts the AGS to the group page, as pasting it there does
    r = client.post(f"/benchmark/groups/{group.id}", data={"ags": town.ags})
    assert r.status_code == 302
    assert [m.id for m in named_groups.members(group)] == [town.id]


def test_the_group_page_offers_the_combobox(client, login, make, db):
    network = make.network()
    coordinator, group = _group(make, network)
    login(coordinator)
    page = client.get(f"/benchmark/groups/{group.id}").text
    assert 'role="combobox"' in page and 'aria-controls="name-search-options"' in page
    assert 'role="listbox"' in page and 'aria-live="polite"' in page
    assert "name_search.js" in page and "<script>" not in page


def test_the_search_is_rate_limited_per_user(app, client, login, make, db, monkeypatch):
    monkeypatch.setitem(app.config, "SEARCH_RATE_LIMIT", "3 per minute")
    network = make.network()
    coordinator, group = _group(make, network)
    login(coordinator)
    codes = [
        client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": f"ab{i}"}, headers=HX).status_code
        for i in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_a_coordinator_of_another_network_cannot_search_the_group(client, login, make, db):
    network = make.network()
    make.municipality(network, name="Lindendorf")
    _, group = _group(make, network)
    login(make.user(network_role="coordinator", network=make.network()))
    r = client.get(f"/benchmark/groups/{group.id}/search", query_string={"q": "linden"}, headers=HX)
    assert r.status_code in (403, 404) and "Lindendorf" not in r.text
