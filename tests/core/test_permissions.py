from weltoffen import permissions as p


def test_invitable_roles(db, make):
    m = make.municipality()
    other = make.municipality(make.network())
    lead = make.user(municipality=m, role="lead")
    assert p.invitable_roles(lead, m) == ("member", "lead", "official", "trust_person")
    assert p.invitable_roles(lead, other) == ()
    coordinator = make.user(network_role="coordinator", network=m.network)
    assert p.invitable_roles(coordinator, m) == ("lead",)
    assert p.invitable_roles(coordinator, other) == ()
    assert p.invitable_roles(make.user(network_role="admin"), other) == p.MUNICIPAL_ROLES
    assert p.invitable_roles(make.user(municipality=m, role="member"), m) == ()


def test_view_and_manage_municipality(db, make):
    m = make.municipality()
    for role, view, manage in [
        ("member", True, False),
        ("lead", True, True),
        ("official", True, False),
        ("trust_person", True, False),
    ]:
        user = make.user(municipality=m, role=role)
        assert p.can_view_municipality(user, m) is view
        assert p.can_manage_team(user, m) is manage
    stranger = make.user(municipality=make.municipality(), role="lead")
    assert not p.can_view_municipality(stranger, m)
    assert not p.can_manage_team(stranger, m)


def test_network_staff(db, make):
    network, other = make.network(), make.network()
    coordinator = make.user(network_role="coordinator", network=network)
    assert p.is_network_staff(coordinator, network.id)
    assert not p.is_network_staff(coordinator, other.id)
    assert p.can_invite_coordinator(coordinator, network)
    assert not p.can_invite_coordinator(coordinator, other)
    assert not p.can_administer(coordinator)
    assert p.can_administer(make.user(network_role="admin"))


def test_anonymous_user_gets_nothing(db, make):
    from flask_login import AnonymousUserMixin

    anon = AnonymousUserMixin()
    m = make.municipality()
    assert not p.can_view_municipality(anon, m)
    assert not p.is_admin(anon)
    assert not p.has_role(anon, m)
