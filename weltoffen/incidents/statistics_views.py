"""The network's anonymous incident statistics page and its charts: the same page for
every member, coordinator and admin (no extra detail for the staff).

Counts come only from the network's shown release (statistics_release.released: taken
only when K incidents changed, never within K of an earlier one), every table
protected together by the K rule (statistics.publication_of), and hidden counts never
reach a chart. Before the first release the page says so and shows no figures. Chart URLs carry the content hash
(`v=`) like the benchmark's (benchmark/chart_views.py): kept for good by the browser,
drawn once per content."""

from dataclasses import dataclass

from flask import abort, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user

from .. import permissions
from ..charts import incident_bars, sizes
from ..extensions import db, htmx
from ..network.models import Network
from ..network.sizes import SIZE_BOUNDS, SIZE_LABELS
from ..platform import svg as svg_serving
from ..platform.db.replica import replica_reads
from . import bp, statistics, statistics_release
from .forms import CHANNEL_LABELS, FORM_GROUPS, FORM_LABELS, SEVERITY_LABELS
from .models import SEVERITIES

CHART_KINDS = ("periods", "categories", "sizes")


def granularity_labels() -> dict:
    return {"auto": _("Automatic"), "quarter": _("Quarters"), "half": _("Half-years"), "year": _("Years")}


def automatic_choice_sentences() -> dict:
    """Why the automatic choice landed where it did, one whole sentence per
    granularity (a label dropped into one sentence reads "nach Jahre" in German)."""
    return {
        "quarter": _("Shown by quarter: the finest periods in which most counts can be shown."),
        "half": _("Shown by half-year: the finest periods in which most counts can be shown."),
        "year": _("Shown by year: the finest periods in which most counts can be shown."),
    }


def dimension_labels() -> dict:
    return {"type": _("Type (KoMo)"), "form": _("Form"), "channel": _("Channel"), "severity": _("Severity")}


def period_label(period: str) -> str:
    if "-Q" in period:
        return _("Q%(quarter)s %(year)s", quarter=period[-1], year=period[:4])
    if "-H" in period:
        return _("H%(half)s %(year)s", half=period[-1], year=period[:4])
    return period


def category_label(dimension: str, value: str) -> str:
    if value == statistics.NOT_STATED:
        return _("Not stated")
    if dimension == "type":
        forms = statistics.TYPES[value]
        return str(next(label for label, group in FORM_GROUPS if group == forms))
    if dimension == "form":
        return str(FORM_LABELS[value])
    if dimension == "channel":
        return str(CHANNEL_LABELS[value])
    return str(SEVERITY_LABELS[SEVERITIES.index(value)][0])


def band_label(publication: statistics.Publication, key: str) -> str:
    """A size band: one size class, or neighbouring classes joined (statistics.size_bands)."""
    if key == statistics.NOT_STATED:
        return _("Not stated")
    band = publication.bands[int(key)]
    if len(band) == 1:
        return str(SIZE_LABELS[band[0]])
    low = SIZE_BOUNDS[band[0] - 1] if band[0] > 0 else None
    high = SIZE_BOUNDS[band[-1]] if band[-1] < len(SIZE_BOUNDS) else None
    if low is None and high is None:
        return _("All sizes")
    if low is None:
        return _("under %(number)s inhabitants", number=format_decimal(high))
    if high is None:
        return _("over %(number)s inhabitants", number=format_decimal(low))
    return _("%(low)s to %(high)s inhabitants", low=format_decimal(low), high=format_decimal(high))


@dataclass
class StatisticsPage:
    network: Network
    release: statistics_release.Released
    publication: statistics.Publication
    granularity: str
    #: True when the granularity was chosen automatically (the coarsest needed).
    automatic: bool
    dimension: str
    table: object
    sizes: object
    periods: list[str]
    categories: list[str]
    bands: list[str]
    charts: dict

    def all_hidden(self, kind: str) -> bool:
        """Whether every count of a chart (CHART_KINDS) is hidden: the page then shows a
        sentence instead of a chart without bars."""
        values = {"periods": self.table.row_totals, "categories": self.table.col_totals,
                  "sizes": self.sizes.col_totals}[kind]
        return all(v is None for v in values)

    @property
    def span(self) -> str:
        quarters = self.publication.quarters
        return _("%(first)s to %(last)s", first=period_label(quarters[0]), last=period_label(quarters[-1]))


def _filters(publication) -> tuple[str, bool, str]:
    granularity = request.args.get("granularity") or "auto"
    dimension = request.args.get("dimension") or "type"
    if granularity not in ("auto", *statistics.GRANULARITIES) or dimension not in statistics.DIMENSIONS:
        abort(400)
    if publication is None:
        return granularity, granularity == "auto", dimension
    if granularity == "auto":
        return publication.auto_granularity(), True, dimension
    return granularity, False, dimension


def _chart(page: StatisticsPage, kind: str) -> incident_bars.CountBars:
    k = page.publication.k
    note = _("Counts under %(k)s are not shown.", k=k)
    if kind == "periods":
        labels, values = page.periods, page.table.row_totals
        title = _("Recorded incidents per period")
    elif kind == "categories":
        labels, values = page.categories, page.table.col_totals
        title = _("Recorded incidents by %(dimension)s", dimension=dimension_labels()[page.dimension])
    else:
        labels, values = page.bands, page.sizes.col_totals
        title = _("Recorded incidents by size of the municipality")
    parts = [f"{label}: {'–' if v is None else v}" for label, v in zip(labels, values, strict=True)]
    return incident_bars.CountBars(
        title=title,
        description=_("Bar chart of the counts.") + " " + "; ".join(parts) + ". " + note,
        labels=tuple(labels),
        values=tuple(values),
        axis_label=_("Number of incidents"),
    )


def build_page(network: Network) -> StatisticsPage | None:
    """Everything the page shows, from the shown release only (None before the first)."""
    release = statistics_release.released(network)
    publication = release.publication
    if publication is None:
        _filters(None)
        return None
    granularity, automatic, dimension = _filters(publication)
    table = publication.table(granularity, dimension)
    sizes = publication.severity_by_size()
    page = StatisticsPage(
        network, release, publication, granularity, automatic, dimension, table, sizes,
        [period_label(p) for p in table.table.rows],
        [category_label(dimension, c) for c in table.table.cols],
        [band_label(publication, b) for b in sizes.table.cols],
        {},
    )
    for kind in CHART_KINDS:
        page.charts[kind] = url_for(
            "incidents.statistics_chart", network_id=network.id, kind=kind, granularity=granularity,
            dimension=dimension, v=incident_bars.content_hash(_chart(page, kind)),
        )
    return page


def _network_or_404(network_id: int) -> Network:
    network = db.get_or_404(Network, network_id)
    permissions.require(permissions.can_view_incident_statistics(current_user, network))
    return network


@bp.route("/networks/<int:network_id>/statistics")
@replica_reads
def statistics_page(network_id: int):
    """Counts by period and category, never by municipality; htmx swaps the body."""
    network = _network_or_404(network_id)
    page = build_page(network)
    if page is None:
        release = statistics_release.released(network)
        template = "incidents/_statistics_none.html" if htmx else "incidents/statistics_none.html"
        return render_template(template, network=network, release=release, k=statistics.k_value())
    context = {
        "page": page, "severity_labels": [category_label("severity", s) for s in page.sizes.table.rows],
        "granularities": granularity_labels(), "dimensions": dimension_labels(),
        "automatic_choice": automatic_choice_sentences(),
    }
    if htmx:
        return render_template("incidents/_statistics_body.html", **context)
    return render_template("incidents/statistics.html", **context)


_SVGS = svg_serving.RenderedSvgs(max_entries=64)


def render(chart: incident_bars.CountBars, size: str = sizes.DEFAULT) -> tuple[bytes, str, str]:
    """(SVG bytes, ETag, content hash), drawn once per content and size (as the benchmark's)."""
    return _SVGS.render(incident_bars.content_hash(chart), lambda: incident_bars.svg(chart, size), size)


@bp.route("/networks/<int:network_id>/statistics/charts/<any(periods, categories, sizes):kind>.svg")
@replica_reads
def statistics_chart(network_id: int, kind: str):
    """A chart of the statistics page; kept for good under its content hash (`v`);
    `size=narrow` for phones."""
    network = _network_or_404(network_id)
    size = svg_serving.requested_size()
    page = build_page(network)
    if page is None:
        abort(404)
    body, etag, key = render(_chart(page, kind), size)
    return svg_serving.response(body, etag, key)
