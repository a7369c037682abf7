"""Recording incidents: drafts, the saved report with its statistics columns, edits,
closing and reopening, deleting ("crypto-shredding") and the retention purge.

What the statistics need (quarter, form, channel, severity, size class) goes into
the clear columns when the report is saved; everything else, the form, channel and
severity included, stays in the sealed contents (access.save_contents). Recording
and changing a report has the network's statistics evaluated for a release
(statistics_release). Services flush and audit, the request commits."""

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from .. import audit
from ..extensions import db
from ..network.sizes import size_class
from ..platform.db.columns import utcnow
from . import sealing, statistics_release, timeline
from .access import open_contents, save_contents
from .models import FORMS, SEVERITIES, Incident

#: Insult-type offences are prosecuted only on a criminal complaint within 3 months (§ 77b StGB).
COMPLAINT_FORMS = ("insult", "defamation")


def official_municipality(user):
    """The municipality the user reports for: the first one where they are an official."""
    for membership in user.memberships:
        if membership.role == "official":
            return membership.municipality
    return None


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def new_draft(user) -> Incident:
    """A draft incident of `user` with its own data key (flushed, empty contents)."""
    municipality = official_municipality(user)
    if municipality is None:
        raise PermissionError("only officials record incidents")
    incident = Incident(reporter_id=user.id, network_id=municipality.network_id, status="draft")
    db.session.add(incident)
    db.session.flush()
    sealing.create_key(incident)
    save_contents(incident, {})
    db.session.flush()
    audit.record("incident.created", actor=user, obj=incident)
    return incident


def save_draft(incident: Incident, user, contents: dict, *, autosave: bool = False) -> Incident:
    """Keep what was typed so far in a draft (sealed); nothing is checked for completeness."""
    if incident.status != "draft":
        raise ValueError("only drafts are saved as drafts")
    save_contents(incident, contents)
    incident.updated_at = utcnow()
    db.session.flush()
    audit.record("incident.draft_saved", actor=user, obj=incident, autosave=autosave)
    return incident


def _statistics(incident: Incident, contents: dict) -> None:
    day = date.fromisoformat(contents["date"])
    incident.quarter = quarter_of(day)
    incident.form = contents.get("form") if contents.get("form") in FORMS else None
    incident.channel = contents.get("channel") or None
    severity = contents.get("severity")
    incident.severity = severity if isinstance(severity, int) and 0 <= severity < len(SEVERITIES) else None
    reporter = db.session.get(type(incident.reporter), incident.reporter_id)
    municipality = official_municipality(reporter)
    incident.size_class = size_class(municipality.population) if municipality is not None else None


def record(incident: Incident, user, contents: dict) -> Incident:
    """Save the report: status open, recorded now, statistics columns set; for an
    insult-type form the criminal-complaint deadline is suggested on the timeline."""
    save_contents(incident, contents)
    if incident.status == "draft":
        incident.status = "open"
        incident.recorded_at = utcnow()
    incident.updated_at = utcnow()
    _statistics(incident, contents)
    db.session.flush()
    audit.record("incident.recorded", actor=user, obj=incident)
    statistics_release.refresh(incident.network)
    if incident.form in COMPLAINT_FORMS:
        timeline.suggest_complaint_deadline(incident, user, date.fromisoformat(contents["date"]))
    return incident


def update(incident: Incident, user, contents: dict) -> Incident:
    """Change a saved report; the statistics columns follow the new contents."""
    if incident.status == "draft":
        return save_draft(incident, user, contents)
    save_contents(incident, contents)
    incident.updated_at = utcnow()
    _statistics(incident, contents)
    db.session.flush()
    audit.record("incident.updated", actor=user, obj=incident)
    statistics_release.refresh(incident.network)
    return incident


def close(incident: Incident, user) -> None:
    """Close a saved report; the retention period starts now."""
    if incident.status != "open":
        raise ValueError("only open incidents can be closed")
    incident.status = "closed"
    incident.closed_at = utcnow()
    db.session.flush()
    audit.record("incident.closed", actor=user, obj=incident)


def reopen(incident: Incident, user) -> None:
    if incident.status != "closed":
        raise ValueError("only closed incidents can be reopened")
    incident.status = "open"
    incident.closed_at = None
    db.session.flush()
    audit.record("incident.reopened", actor=user, obj=incident)


def destroy(incident: Incident, user=None, *, reason: str = "deleted") -> bool:
    """Crypto-shred the incident: destroy its key and sealed contents, drop its timeline
    and evidence rows (the evidence files go when the transaction commits) and end its
    grants. The statistics columns stay. False if it was already shredded."""
    from . import evidence

    if incident.shredded:
        return False
    evidence_count = len(incident.evidence)
    for item in incident.evidence:
        evidence.discard_files(item)
    sealing.shred(incident)
    incident.entries.clear()
    incident.evidence.clear()
    now = utcnow()
    for grant in incident.grants:
        if grant.revoked_at is None:
            grant.revoked_at = now
    if incident.status == "draft":
        incident.status = "closed"
    if incident.closed_at is None:
        incident.closed_at = now
    db.session.flush()
    audit.record(f"incident.{reason}", actor=user, obj=incident, evidence=evidence_count)
    return True


def purge(now=None) -> int:
    """Shred closed incidents whose retention period (INCIDENT_RETENTION_DAYS after
    closing) is over; their evidence files go with the commit. Returns the count."""
    cutoff = (now or utcnow()) - timedelta(days=int(current_app.config["INCIDENT_RETENTION_DAYS"]))
    due = db.session.scalars(
        select(Incident).where(
            Incident.status == "closed", Incident.closed_at < cutoff, Incident.wrapped_key.is_not(None)
        ).order_by(Incident.id)
    ).all()
    for incident in due:
        destroy(incident, None, reason="purged")
    return len(due)


def incidents_for(user) -> list[tuple[Incident, str]]:
    """The user's own incidents and those granted to them (by grants that still hold),
    with their right, newest first."""
    from .grants import holding
    from .models import IncidentGrant

    own = db.session.scalars(
        select(Incident).where(Incident.reporter_id == user.id, Incident.shredded_at.is_(None))
    ).all()
    granted = db.session.scalars(
        select(Incident)
        .join(IncidentGrant, IncidentGrant.incident_id == Incident.id)
        .where(IncidentGrant.user_id == user.id, holding(),
               Incident.shredded_at.is_(None), Incident.status != "draft")
    ).all()
    rows = [(i, "owner") for i in own] + [(i, "write" if _grant_of(i, user).can_write else "read") for i in granted]
    return sorted(rows, key=lambda row: row[0].created_at, reverse=True)


def _grant_of(incident: Incident, user):
    return next(g for g in incident.grants if g.user_id == user.id and g.revoked_at is None)


def summary(incident: Incident) -> dict:
    """Contents for lists; {} when shredded."""
    try:
        return open_contents(incident)
    except sealing.Shredded:
        return {}
