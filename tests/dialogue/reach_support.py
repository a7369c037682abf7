"""A municipality with a team, outsiders and one process of each kind, for the reach,
population and budget tests."""

from types import SimpleNamespace

from weltoffen.dialogue.models import DialogueProcess


def reach_world(make, db) -> SimpleNamespace:
    network = make.network()
    m, other_m = make.municipality(network), make.municipality(network)
    w = SimpleNamespace(
        network=network, m=m, other_m=other_m,
        lead=make.user(municipality=m, role="lead"),
        member=make.user(municipality=m, role="member"),
        official=make.user(municipality=m, role="official"),
        trust_person=make.user(municipality=m, role="trust_person"),
        other_lead=make.user(municipality=other_m, role="lead"),
        coordinator=make.user(network_role="coordinator", network=network),
    )
    w.process = DialogueProcess(municipality_id=m.id, slug="nachbarschaft", title="Nachbarschaftsdialog",
                                format_key="neighbourhood_dialogue", status="running")
    w.budget = DialogueProcess(municipality_id=m.id, slug="bhh", title="Bürgerhaushalt 2026",
                               format_key="participatory_budget", status="running", budget_euro=500_000,
                               voters=800)
    db.session.add_all([w.process, w.budget])
    db.session.flush()
    return w


def refused(client, login, w, method, url, **kwargs):
    """Status codes for trust person, coordinator, other municipality's lead, anonymous."""
    codes = {}
    for name in ("trust_person", "coordinator", "other_lead"):
        login(getattr(w, name))
        codes[name] = client.open(url, method=method, **kwargs).status_code
    with client.session_transaction() as session:
        session.clear()
    r = client.open(url, method=method, **kwargs)
    codes["anonymous"] = (r.status_code, r.headers.get("Location", ""))
    return codes
