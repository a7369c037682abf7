"""The third pillar beside the self-check: on the result page, the field of action
about protecting officials shows the network's incident statistics for the
municipality's size class – the released figures only, exactly as the statistics
page shows them (incidents/statistics_release.py: the shown release, every count
protected by the K rule; hidden counts stay hidden). Never live counts, never an
incident of anyone, nothing about the municipality itself: the column is the size
band the network's release joins its size class into."""

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _

from .. import permissions
from ..incidents import statistics, statistics_release
from ..incidents.statistics_views import band_label, category_label, period_label
from ..network.sizes import size_class

#: The field of action (dimension key, the same in every version of
#: weltoffene-kommune) beside which the statistics appear.
DIMENSION = "protecting_officials"


@dataclass(frozen=True)
class SizeClassFigures:
    """The released counts of one size band by severity, as the statistics page's
    table "Severity by size of the municipality" shows that column."""

    network_id: int
    band: str
    span: str
    labels: tuple[str, ...]
    values: tuple[int | None, ...]
    total: int | None
    taken_at: datetime | None
    n: int
    pending: int
    k: int


@dataclass(frozen=True)
class IncidentBlock:
    """What the field of action shows: figures (None before the network's first
    release) and whether the viewer gets a link to their own incident log."""

    network_id: int
    figures: SizeClassFigures | None
    k: int
    pending: int
    own_log: bool
    dimension: str = DIMENSION


def block_for(user, municipality, definition: dict) -> IncidentBlock | None:
    """The block for a result page, or None when the questionnaire has no such field
    of action or the user may not see the network's statistics."""
    if not any(d["key"] == DIMENSION for d in definition["dimensions"]):
        return None
    network = municipality.network
    if not permissions.can_view_incident_statistics(user, network):
        return None
    release = statistics_release.released(network)
    figures = _figures(release, municipality) if release.publication is not None else None
    k = release.publication.k if release.publication is not None else statistics.k_value()
    return IncidentBlock(
        network.id, figures, k, release.pending, permissions.can_report_incident(user)
    )


def _figures(release, municipality) -> SizeClassFigures | None:
    pub = release.publication
    band_of = {c: str(i) for i, band in enumerate(pub.bands) for c in band}
    key = band_of.get(size_class(municipality.population))
    if key is None or key not in pub.band_keys:
        return None
    shown = pub.severity_by_size()
    j = shown.table.cols.index(key)
    quarters = pub.quarters
    return SizeClassFigures(
        network_id=municipality.network_id,
        band=band_label(pub, key),
        span=_("%(first)s to %(last)s", first=period_label(quarters[0]), last=period_label(quarters[-1])),
        labels=tuple(category_label("severity", s) for s in shown.table.rows),
        values=tuple(row[j] for row in shown.cells),
        total=shown.col_totals[j],
        taken_at=release.taken_at,
        n=release.n,
        pending=release.pending,
        k=pub.k,
    )
