"""A municipality's attributes decide its attribute groups: a change (admin form or
import) has the network's rounds evaluated, and counts as one change of each group it
leaves or joins - the figures stay as released until K changes have come together."""

from weltoffen.benchmark import aggregates, groups
from weltoffen.network import services as network_services


def test_a_changed_population_is_one_waiting_change_and_no_figure_moves(db, make, round_with_scores):
    round_, towns, city = round_with_scores
    city_size = f"size:{groups.size_class(city.population)}"
    before = aggregates.released(round_.id)
    assert before[city_size].pending == 1 and not before[city_size].figures  # the city alone
    network_services.save_municipality(None, towns[0], population=city.population)
    db.session.flush()
    after = aggregates.released(round_.id)
    assert after[city_size].pending == 2 and not after[city_size].figures
    assert after[groups.NETWORK].figures == before[groups.NETWORK].figures
    assert after[groups.NETWORK].taken_at == before[groups.NETWORK].taken_at
    assert {k: g.figures for k, g in after.items() if g.figures} == {
        k: g.figures for k, g in before.items() if g.figures
    }


def test_an_import_that_changes_k_municipalities_releases_the_groups_they_join(db, make, round_with_scores):
    from weltoffen.network import importer

    round_, towns, city = round_with_scores
    city_size = f"size:{groups.size_class(city.population)}"
    moved = towns[5:10]  # far enough from every earlier release (towns 0..3 and 0..8 with the city)
    header = "AGS;Name;Bundesland;Art;Einwohner;Anteil im Ausland geboren\n"
    lines = [f"{m.ags};{m.name};{m.state};{m.kind};{city.population};12,0" for m in moved]
    result = importer.parse((header + "\n".join(lines)).encode("utf-8"), round_.network)
    assert result.ok, result.errors
    importer.apply(result, round_.network)
    db.session.flush()
    released = aggregates.released(round_.id)[city_size]
    assert released.n == 6 and released.pending == 0 and released.members == {city.id, *(m.id for m in moved)}
