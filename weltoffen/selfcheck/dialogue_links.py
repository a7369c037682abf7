"""The second pillar beside the self-check: the municipality's own dialogue processes
that serve a field of action (DialogueProcess.dimension_keys), so the team answers
the participation questions from what it recorded. Shown on the result page per
field of action and, on the fill page, beside the questions marked
`evidence: dialogue` (questionnaires/README.md). Only for users who may see the
municipality's processes (permissions.can_view_dialogue); everyone else sees the
pages as before."""

from dataclasses import dataclass

from .. import permissions
from ..dialogue import services as dialogue_services
from ..dialogue.labels import STATUS_LABELS


@dataclass(frozen=True)
class ProcessLink:
    id: int
    title: str
    status: str


def _links(processes) -> list[ProcessLink]:
    return [ProcessLink(p.id, p.title, str(STATUS_LABELS.get(p.status, p.status))) for p in processes]


def serving(user, municipality, dimension_key: str) -> list[ProcessLink]:
    """The processes of the municipality that serve one field of action ([] when the
    user may not see them)."""
    if not permissions.can_view_dialogue(user, municipality):
        return []
    return _links(dialogue_services.processes_serving(municipality.id, dimension_key))


def by_dimension(user, municipality, dimension_keys) -> dict[str, list[ProcessLink]]:
    """{dimension key: processes} for the fields of action that have any."""
    if not permissions.can_view_dialogue(user, municipality):
        return {}
    found = {key: serving(user, municipality, key) for key in dimension_keys}
    return {key: links for key, links in found.items() if links}


def for_questions(user, municipality, dimension: dict) -> list[ProcessLink]:
    """The processes to show beside the dimension's `evidence: dialogue` questions
    ([] when it has none)."""
    if not any(q.get("evidence") == "dialogue" for q in dimension["questions"]):
        return []
    return serving(user, municipality, dimension["key"])
