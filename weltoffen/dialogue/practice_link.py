"""A finished process turned into a practice of the practice library: prefilled from
the process and submitted through forum.practices.submit, so the network's
coordinators review it like every practice. Which practice came from which process
is kept in the audit log (no column needed)."""

from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from .. import audit
from ..audit import AuditEntry
from ..extensions import db
from ..forum.models import Practice
from ..forum.practices import services as practices
from . import accountability, catalogue
from .labels import RESPONSE_LABELS

ACTION = "dialogue.practice_proposed"


class Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def proposed_practice(process) -> Practice | None:
    """The practice already proposed from this process, if any."""
    practice_id = db.session.scalar(
        select(AuditEntry.details["practice_id"].as_integer()).where(
            AuditEntry.action == ACTION, AuditEntry.object_type == "dialogueprocess",
            AuditEntry.object_id == process.id,
        ).order_by(AuditEntry.id.desc()).limit(1)
    )
    return db.session.get(Practice, practice_id) if practice_id else None


def outcome_text(process) -> str:
    """What became of the recommendations, as text (in German, the library's language)."""
    items = accountability.recommendations_of(process.id)
    if not items:
        return ""
    lines = []
    for rec in items:
        response = rec.response
        state = str(RESPONSE_LABELS[response.state]) if response else _("no response yet")
        progress = f", {rec.progress[-1].percent} %" if rec.progress else ""
        lines.append(f"- {rec.number}. {rec.title}: {state}{progress}")
    implemented = sum(1 for r in items if r.progress and r.progress[-1].percent == 100)
    head = _("%(n)d recommendations, %(done)d of them implemented.", n=len(items), done=implemented)
    return head + "\n\n" + "\n".join(lines)


def prefill(process) -> dict:
    """Title, summary, the practice's text fields and dimensions from the process."""
    fmt = catalogue.get(process.format_key)
    fmt_name = fmt.name if fmt is not None else process.format_key
    mandate = process.mandate.strip()
    if process.mandate_by:
        mandate = f"{_('Mandate by')} {process.mandate_by}: {mandate}".strip()
    approach = f"{_('Format')}: {fmt_name}."
    if mandate:
        approach += "\n\n" + mandate
    sessions = len(process.sessions)
    if sessions:
        approach += "\n\n" + _("%(n)d sessions.", n=sessions)
    known = practices.dimensions()
    return {
        "title": process.title,
        "summary": process.question or process.title,
        "fields": {
            "initial_situation": process.question,
            "approach": approach,
            "results": outcome_text(process),
            "resources": f"{process.budget_euro} €" if process.budget_euro else "",
            "transfer": "",
            "contact": process.responsible_office,
        },
        "dimension_keys": [k for k in (process.dimension_keys or []) if k in known],
    }


def propose(process, user) -> Practice:
    """Submit the practice made from a finished process (awaiting review). Raises
    Refused for an unfinished process or one already proposed."""
    if process.status != "finished":
        raise Refused(_("Only a finished process can become a practice."))
    if proposed_practice(process) is not None:
        raise Refused(_("A practice has already been proposed from this process."))
    with force_locale("de"):
        values = prefill(process)
    try:
        practice = practices.submit(user, process.municipality, **values)
    except practices.PracticeError as refused:
        raise Refused(refused.message) from refused
    audit.record(ACTION, actor=user, obj=process, municipality_id=process.municipality_id,
                 practice_id=practice.id)
    return practice
