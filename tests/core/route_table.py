"""The route table of tests/core/test_routes.py: every endpoint with its URL values and
the roles that must be refused (tables of the domains in tests/<domain>/routes_*.py)."""

from pathlib import Path

from tests.core.route_roles import MUNICIPAL, NON_TEAM, OUTSIDERS
from tests.dialogue import routes_accountability as dialogue_routes_accountability
from tests.dialogue import routes_core as dialogue_routes_core
from tests.dialogue import routes_lottery as dialogue_routes_lottery
from tests.dialogue import routes_reach as dialogue_routes_reach
from tests.forum import routes_discussions, routes_moderation, routes_notifications, routes_practices
from tests.incidents import routes_core, routes_evidence, routes_statistics
from tests.network import routes_team as network_routes_team
from tests.selfcheck import routes_plan as selfcheck_routes_plan

MINI = Path(__file__).parents[1] / "selfcheck" / "data" / "mini.v1.yaml"

#: Reachable without login (views marked @public).
PUBLIC = {
    "static": {"filename": "app.css"},
    "home.index": {},
    "home.set_language": {},
    "home.healthz": {},
    "home.legal": {"page": "impressum"},
    "home.accessibility_feedback": {},
    "auth.login": {},
    "auth.second_factor": {},
    "auth.logout": {},
    "auth.accept_invitation": {"token": "forged"},
    "auth.request_reset": {},
    "auth.reset_password": {"token": "forged"},
    # Public dialogue pages (tests/dialogue/test_public*.py): values from the world.
    "beteiligung.municipality": lambda w: {"ags": w.m.ags},
    "beteiligung.process": lambda w: {"ags": w.m.ags, "slug": w.dialogue.process.slug},
    "beteiligung.feed": lambda w: {"ags": w.m.ags},
    # Registration for a citizens' assembly with the letter's code (tests/dialogue/lottery/).
    "anmeldung.start": {},
    "anmeldung.check_code": {},
    "anmeldung.submit": {},
    "anmeldung.withdraw": {"token": "forged"},
    "anmeldung.answer_start": {},
    "anmeldung.answer": {},
}
#: Logged-in users acting on their own account or own overview (no object in the URL).
SELF = {
    "auth.account",
    "auth.setup_second_factor",
    "auth.new_recovery_codes",
    "auth.disable_second_factor",
    "selfcheck.index",
}


FORUM_TABLES = (routes_discussions, routes_practices, routes_notifications, routes_moderation)
INCIDENT_TABLES = (routes_core, routes_evidence, routes_statistics)
#: Dialogue with citizens (tests/dialogue/routes_*.py; public pages are in PUBLIC).
DIALOGUE_TABLES = (dialogue_routes_core, dialogue_routes_reach, dialogue_routes_accountability,
                   dialogue_routes_lottery)
#: Team actions and the action plan's exports (tests/network/, tests/selfcheck/).
TEAM_TABLES = (network_routes_team, selfcheck_routes_plan)
SELF |= set().union(*(t.SELF for t in FORUM_TABLES + INCIDENT_TABLES + DIALOGUE_TABLES + TEAM_TABLES))

#: endpoint -> (URL values, who must be refused). Everyone else with a plausible
#: reason may reach it; the refusals are what this test proves.
ROUTES = {
    # platform administration
    **{
        endpoint: (values, MUNICIPAL + ["coordinator"])
        for endpoint, values in {
            "network.admin_index": lambda w: {},
            "network.admin_networks": lambda w: {},
            "network.admin_network_edit": lambda w: {"network_id": w.network.id},
            "network.admin_municipalities": lambda w: {},
            "network.admin_municipality_new": lambda w: {},
            "network.admin_municipality_edit": lambda w: {"municipality_id": w.m.id},
            "network.admin_add_member": lambda w: {"municipality_id": w.m.id},
            "network.admin_users": lambda w: {},
            "network.admin_user_edit": lambda w: {"user_id": w.member.id},
            "network.admin_import": lambda w: {},
            "network.admin_import_confirm": lambda w: {},
            "network.admin_outbox": lambda w: {},
            "network.admin_reset_second_factor": lambda w: {"user_id": w.member.id},
        }.items()
    },
    # one municipality and its team
    "network.municipality": (lambda w: {"municipality_id": w.m.id}, OUTSIDERS),
    "network.invite": (
        lambda w: {"municipality_id": w.m.id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    "network.revoke_invitation": (
        lambda w: {"municipality_id": w.m.id, "invitation_id": w.invitation.id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    "network.remove_membership": (
        lambda w: {"municipality_id": w.m.id, "membership_id": w.member.memberships[0].id},
        OUTSIDERS + ["member", "official", "trust_person"],
    ),
    # one network
    "network.overview": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "network.invite_coordinator": (
        lambda w: {"network_id": w.network.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    # self-check: the team's own pages (a draft)
    "selfcheck.submission": (lambda w: {"submission_id": w.draft.id}, NON_TEAM),
    "selfcheck.fill": (lambda w: {"submission_id": w.draft.id, "key": "management"}, NON_TEAM),
    "selfcheck.autosave": (lambda w: {"submission_id": w.draft.id, "key": "mission"}, NON_TEAM),
    "selfcheck.team": (lambda w: {"submission_id": w.draft.id, "key": "management"}, NON_TEAM),
    "selfcheck.comment": (lambda w: {"submission_id": w.draft.id, "key": "mission"}, NON_TEAM),
    "selfcheck.set_team_answer": (
        lambda w: {"submission_id": w.draft.id, "key": "mission"},
        NON_TEAM + ["member", "official"],
    ),
    "selfcheck.submit": (
        lambda w: {"submission_id": w.draft.id},
        NON_TEAM + ["member", "official"],
    ),
    # self-check: a submitted result (team and network staff)
    "selfcheck.result": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.result_chart": (
        lambda w: {"submission_id": w.done.id},
        ["trust_person"] + OUTSIDERS,
    ),
    "selfcheck.report_pdf": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.answers_csv": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.request_advice": (
        lambda w: {"submission_id": w.done.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.request_reopening": (
        lambda w: {"submission_id": w.done.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.reopen": (lambda w: {"submission_id": w.done.id}, MUNICIPAL + ["other_coordinator"]),
    "selfcheck.advice_detail": (lambda w: {"advice_id": w.advice.id}, ["trust_person"] + OUTSIDERS),
    # action plan
    "selfcheck.plan": (lambda w: {"municipality_id": w.m.id}, ["trust_person"] + OUTSIDERS),
    "selfcheck.add_measure": (
        lambda w: {"municipality_id": w.m.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "selfcheck.edit_measure": (
        lambda w: {"measure_id": w.measure.id},
        ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    # rounds and advice inbox: the network's staff
    "selfcheck.rounds": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "selfcheck.round_detail": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.extend_round": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.close_round": (
        lambda w: {"round_id": w.round.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    "selfcheck.advice_inbox": (
        lambda w: {"network_id": w.network.id},
        MUNICIPAL + ["other_coordinator"],
    ),
    # peer comparison of a submitted self-check; choices and sharing by the lead
    "benchmark.compare": (lambda w: {"submission_id": w.done.id}, ["trust_person"] + OUTSIDERS),
    "benchmark.chart": (lambda w: {"submission_id": w.done.id, "kind": "radar"}, ["trust_person"] + OUTSIDERS),
    "benchmark.choose_groups": (
        lambda w: {"municipality_id": w.m.id}, ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "benchmark.sharing": (
        lambda w: {"municipality_id": w.m.id}, ["member", "official", "trust_person", "coordinator"] + OUTSIDERS,
    ),
    "benchmark.heatmap": (lambda w: {"round_id": w.round.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.export": (lambda w: {"round_id": w.round.id, "fmt": "xlsx"}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.groups_index": (lambda w: {"network_id": w.network.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.group_detail": (lambda w: {"group_id": w.group.id}, MUNICIPAL + ["other_coordinator"]),
    "benchmark.group_search": (lambda w: {"group_id": w.group.id, "q": w.m.name}, MUNICIPAL + OUTSIDERS),
    "benchmark.remove_group_member": (
        lambda w: {"group_id": w.group.id, "municipality_id": w.m.id}, MUNICIPAL + ["other_coordinator"],
    ),
    "benchmark.delete_group": (lambda w: {"group_id": w.group.id}, MUNICIPAL + ["other_coordinator"]),
    # the blank questionnaire is not secret: any logged-in user may print it
    "selfcheck.print_blank": (lambda w: {"questionnaire_id": w.questionnaire.id}, []),
    # forum and practice library (tables in tests/forum/routes_*.py)
    **{endpoint: entry for table in FORUM_TABLES for endpoint, entry in table.ROUTES.items()},
    # incident log (tables in tests/incidents/routes_*.py)
    **{endpoint: entry for table in INCIDENT_TABLES for endpoint, entry in table.ROUTES.items()},
    # dialogue with citizens
    **{endpoint: entry for table in DIALOGUE_TABLES for endpoint, entry in table.ROUTES.items()},
    **{endpoint: entry for table in TEAM_TABLES for endpoint, entry in table.ROUTES.items()},
}
DECLARED = set(PUBLIC) | SELF | set(ROUTES)
