"""Route-walk entries for the action plan's exports and the self-check's calendar
files (merged into tests/core/test_routes.py).

ROUTES: endpoint -> (lambda w: URL values, roles that must be refused)."""

from tests.core.route_roles import NON_TEAM, OUTSIDERS

#: Whoever may see the plan (the team and the network staff) may take it away.
NOT_THE_PLAN = ["trust_person", *OUTSIDERS]

ROUTES: dict = {
    "selfcheck.plan_pdf": (lambda w: {"municipality_id": w.m.id}, NOT_THE_PLAN),
    "selfcheck.plan_xlsx": (lambda w: {"municipality_id": w.m.id}, NOT_THE_PLAN),
    "selfcheck.plan_ics": (lambda w: {"municipality_id": w.m.id}, NOT_THE_PLAN),
    # a draft's deadline: its team only (the staff see submissions once submitted)
    "selfcheck.deadline_ics": (lambda w: {"submission_id": w.draft.id}, NON_TEAM),
}
SELF: set = set()
