"""The reproductions of the differencing holes, as an attacker who looks twice sees
them through the pages: the comparison page before and after one reopening, and a
named group deleted and re-made one municipality larger."""

import re

import sqlalchemy as sa

from weltoffen.auth.models import User
from weltoffen.benchmark import aggregates, named_groups
from weltoffen.benchmark.models import PeerGroup
from weltoffen.selfcheck import services
from weltoffen.selfcheck.models import Answer

from ..selfcheck.conftest import FULL, answer

STAND = re.compile(r'<p class="kern-body release-stand">.*?</p>', re.S)
TOKEN = re.compile(r'(csrf_token" value="|X-CSRFToken": ")[^"]+')


def _figures(html: str) -> str:
    """The comparison page without what changes on every request (CSRF tokens) and
    without the "As of" lines, which count the waiting changes."""
    return STAND.sub("", TOKEN.sub("", html))


def _compare(client, sub, keys=()) -> str:
    query = "&".join(f"group={k}" for k in keys)
    r = client.get(f"/benchmark/submissions/{sub.id}" + (f"?{query}" if query else ""))
    assert r.status_code == 200
    return r.get_data(as_text=True)


def test_two_looks_around_one_resubmission_show_the_same_figures(client, login, make, round_with_scores, db):
    """Before the change every submission or reopening moved the group's n, mean and
    quartiles at once: the difference of two looks was that municipality's scores."""
    round_, towns, city = round_with_scores
    subs = {s.municipality_id: s for s in round_.submissions}
    login(make.user(municipality=towns[0], role="lead"))
    before = _compare(client, subs[towns[0].id])
    admin = make.user(network_role="admin")
    answered_by = sa.select(Answer.user_id).where(Answer.submission_id == subs[city.id].id).limit(1)
    lead = db.session.get(User, db.session.scalar(answered_by))
    services.reopen(subs[city.id], admin, "Korrektur")
    for key, value in {**FULL, "mission": "3"}.items():
        answer(subs[city.id], lead, key, value)
    services.submit(subs[city.id], lead)
    db.session.commit()
    after = _compare(client, subs[towns[0].id])
    assert _figures(after) == _figures(before)
    assert "3 Änderungen warten auf die nächste Freigabe" in after


def test_a_deleted_group_and_its_near_copy_are_never_both_shown(client, login, make, round_with_scores, db):
    """G6 shown, deleted, then G7 = G6 + one municipality saved: the catalogue no longer
    holds G6, but its release does - G7 is kept back (blocked by G6) and never shown."""
    round_, towns, city = round_with_scores
    coordinator = make.user(network_role="coordinator", network=round_.network)
    g6 = named_groups.create(round_.network, coordinator, "G6")
    named_groups.add_members(g6, coordinator, [m.ags for m in towns[5:10]])
    g6_key = f"named:{g6.id}"
    assert aggregates.released(round_.id)[g6_key].figures
    named_groups.delete_group(g6, coordinator)
    g7 = named_groups.create(round_.network, coordinator, "G7")
    named_groups.add_members(g7, coordinator, [m.ags for m in towns[5:11]])  # allowed: G6 is gone
    db.session.commit()
    g7_key = f"named:{g7.id}"
    released = aggregates.released(round_.id)[g7_key]
    assert not released.figures and released.blocked_by == g6_key and released.pending == 6
    login(make.user(municipality=towns[5], role="lead"))
    page = _compare(client, next(s for s in round_.submissions if s.municipality_id == towns[5].id), [g7_key])
    assert "G7" in page
    assert db.session.scalar(sa.select(sa.func.count(PeerGroup.id))) == 1
