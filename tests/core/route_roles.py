"""Role lists shared by the route-walk tables."""

MUNICIPAL = ["member", "lead", "official", "trust_person"]
#: A lead of another municipality of the same network, and a coordinator of another network.
OUTSIDERS = ["other_lead", "other_coordinator"]
NON_TEAM = ["trust_person", "coordinator", "other_lead", "other_coordinator"]
