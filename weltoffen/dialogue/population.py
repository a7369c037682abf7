"""Writes of reach figures: a municipality's population shares (entered once, with
source and year per feature) and the participants of a process by feature value.

No HTTP, no commit (the view commits); the figures themselves are read and compared
in reach.py. Values are validated by the forms (reach_forms.py) with `share_sum_ok`."""

from sqlalchemy import delete

from .. import audit
from ..extensions import db
from .models import FEATURES, PopulationShare, ProcessReach

#: A feature's shares must add up to 100 % within this tolerance (rounding).
SUM_TOLERANCE = 0.5


def share_sum_ok(percents) -> bool:
    """The shares of one feature add up to 100 ± SUM_TOLERANCE (no shares at all is fine)."""
    values = [p for p in percents if p is not None]
    return not values or abs(sum(values) - 100.0) <= SUM_TOLERANCE


def save_population(municipality, user, shares: dict, sources: dict) -> None:
    """Replace the municipality's population shares.

    shares: feature -> {value: percent}; sources: feature -> (source, year). A feature
    without shares is removed."""
    mid = municipality.id
    db.session.execute(delete(PopulationShare).where(PopulationShare.municipality_id == mid))
    for feature in FEATURES:
        source, year = sources.get(feature, ("", None))
        for value, percent in (shares.get(feature) or {}).items():
            db.session.add(PopulationShare(
                municipality_id=mid, feature=feature, value=value, percent=float(percent),
                source=(source or "").strip(), year=year,
            ))
    db.session.flush()
    audit.record("dialogue.population_saved", actor=user, obj=municipality, municipality_id=mid)


def save_reach(process, user, counts: dict) -> None:
    """Replace the participants of a process: feature -> {value: count >= 0}; a value
    without a count is removed."""
    db.session.execute(delete(ProcessReach).where(ProcessReach.process_id == process.id))
    for feature in FEATURES:
        for value, count in (counts.get(feature) or {}).items():
            if count is None:
                continue
            if count < 0:
                raise ValueError("participant counts are never negative")
            db.session.add(ProcessReach(process_id=process.id, feature=feature, value=value, count=int(count)))
    db.session.flush()
    audit.record("dialogue.reach_saved", actor=user, obj=process, municipality_id=process.municipality_id)
