"""Dialogue with citizens and citizens' assemblies by lot."""

from .core import has_role, is_network_staff, is_team

# Dialogue with citizens (weltoffen/dialogue/). A process is the municipality's team's
# own until it is published; the network staff learn from published processes by name
# and from the rest only as counts under the K rule (dialogue/network_views.py).


def can_view_dialogue(user, municipality) -> bool:
    """Internal process pages (sessions, safety plans, drafts): the municipality's team."""
    return is_team(user, municipality)


def can_edit_dialogue(user, municipality) -> bool:
    """Record and change processes, sessions, reach, recommendations and responses."""
    return is_team(user, municipality)


def can_publish_dialogue(user, municipality) -> bool:
    """Publish or withdraw a public process page: the municipality's leads."""
    return has_role(user, municipality, "lead")


def can_view_dialogue_overview(user, network) -> bool:
    """The network's overview of formats, response times and implementation."""
    return network is not None and is_network_staff(user, network.id)


# Citizens' assemblies by lot (dialogue/lottery/): personal data of residents is read
# only by the organisers the lead named, with a second factor, while they are still on
# the team – never by coordinators or admins.


def can_manage_lottery(user, municipality) -> bool:
    """Start a lottery, name its organisers, change its texts: the municipality's leads."""
    return has_role(user, municipality, "lead")


def can_handle_lottery_data(user, lottery, municipality) -> bool:
    """Import the register, draw, produce letters, read and enter registrations, select."""
    return (
        is_team(user, municipality)
        and user.has_second_factor
        and any(o.user_id == user.id for o in lottery.organisers)
    )
