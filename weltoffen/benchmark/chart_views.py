"""The comparison page's charts: the municipality's scores against its peers as a
radar and as distributions per field of action, and its trend over rounds.

Peer figures come only from `services.compare` – the groups the K rule lets through,
as aggregates (n, quartiles) – never from other municipalities' scores. The chart
URLs carry the content hash (`v=`), so a browser may keep a chart for good; the
SVG is rendered once per content and kept in a small in-memory cache."""

from dataclasses import dataclass, field

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from .. import charts, permissions
from ..charts import sizes
from ..extensions import db
from ..platform import svg as svg_serving
from ..selfcheck.access import get_submission_or_404
from ..selfcheck.display import score_label, tr
from ..selfcheck.models import Questionnaire, Submission
from ..selfcheck.services import submissions_of
from . import bp, groups, services
from .models import PeerGroup

KINDS = ("radar", "distribution", "trend")
#: Rounds shown in the trend, the latest ones.
TREND_ROUNDS = 8


# --- what the charts show -------------------------------------------------------------


def group_label():
    """groups.label with the names of the named groups (as the comparison page uses it)."""
    named = dict(db.session.execute(select(PeerGroup.id, PeerGroup.name)).all())
    return lambda key: groups.label(key, named)


def _own_scores(sub: Submission) -> dict[str, float | None]:
    return {s.dimension_key: s.score for s in sub.scores}


def _figures(comparison: services.Comparison) -> list[tuple[str, dict]]:
    """(group key, {dimension key: figures}) of the groups the K rule shows with
    quartiles (at least 2K municipalities), in order. The only peer figures any chart
    may use: a chart draws medians and middle halves."""
    small = set(comparison.without_order_statistics)
    return [
        (s.group.key, comparison.figures.get(s.group.key, {})) for s in comparison.shown if s.group.key not in small
    ]


def radar_group(comparison: services.Comparison) -> str | None:
    """The group the radar compares with: the narrowest one shown with quartiles."""
    keys = {key for key, figures in _figures(comparison) if figures}
    shown = [s for s in comparison.shown if s.group.key in keys]
    if not shown:
        return None
    return min(shown, key=lambda s: len(s.group.members)).group.key


def _range(a) -> str:
    return _(
        "median %(median)s, middle half %(q1)s to %(q3)s",
        median=score_label(a.median),
        q1=score_label(a.q1),
        q3=score_label(a.q3),
    )


def radar_chart(sub: Submission, comparison: services.Comparison, label) -> charts.Radar:
    dims = sub.questionnaire.dimensions
    own = _own_scores(sub)
    key = radar_group(comparison)
    figures = dict(_figures(comparison)).get(key, {}) if key else {}
    aggs = [a if a is not None and a.ordered else None for a in (figures.get(d["key"]) for d in dims)]
    parts = []
    for d, a in zip(dims, aggs, strict=True):
        text = _("%(title)s: %(score)s", title=tr(d["title"]), score=score_label(own.get(d["key"])))
        if a is not None:
            text += " (" + _range(a) + ")"
        parts.append(text)
    if key:
        group = label(key)
        title = _(
            "Your scores compared with “%(group)s”: %(municipality)s, %(round)s",
            group=group,
            municipality=sub.municipality.name,
            round=sub.round.title,
        )
        summary = _(
            "Radar chart of the scores from 0 to 100 per field of action, "
            "with the median and the middle half of “%(group)s”.",
            group=group,
        )
    else:
        group = ""
        title = _("Your scores: %(municipality)s, %(round)s", municipality=sub.municipality.name, round=sub.round.title)
        summary = _("Radar chart of the scores from 0 to 100 per field of action; no peer figures can be shown.")
    return charts.Radar(
        title=title,
        description=f"{summary} {'; '.join(parts)}.",
        labels=tuple(tr(d["title"]) for d in dims),
        own=tuple(own.get(d["key"]) for d in dims),
        median=tuple(a.median if a else None for a in aggs),
        q1=tuple(a.q1 if a else None for a in aggs),
        q3=tuple(a.q3 if a else None for a in aggs),
        legend=(
            sub.municipality.name,
            _("Median: %(group)s", group=group) if group else _("Median"),
            _("Middle half (first to third quartile)"),
        ),
    )


def distribution_chart(sub: Submission, comparison: services.Comparison, label) -> charts.Distribution:
    dims = sub.questionnaire.dimensions
    own = _own_scores(sub)
    shown = [(key, figures) for key, figures in _figures(comparison) if figures]
    boxes, parts = [], []
    for d in dims:
        row = []
        text = _("%(title)s: %(score)s", title=tr(d["title"]), score=score_label(own.get(d["key"])))
        for key, figures in shown:
            a = figures.get(d["key"])
            row.append((a.q1, a.median, a.q3) if a and a.ordered else None)
            if a and a.ordered:
                text += f"; {label(key)}: {_range(a)}"
        boxes.append(tuple(row))
        parts.append(text)
    summary = _(
        "For each field of action, the middle half (first to third quartile) and the median of each group "
        "shown as a box, and your own score as a mark."
    )
    return charts.Distribution(
        title=_(
            "Where you stand in each field of action: %(municipality)s, %(round)s",
            municipality=sub.municipality.name,
            round=sub.round.title,
        ),
        description=f"{summary} {'. '.join(parts)}.",
        labels=tuple(tr(d["title"]) for d in dims),
        groups=tuple(_("Middle half: %(group)s", group=label(key)) for key, _figs in shown),
        boxes=tuple(boxes),
        own=tuple(own.get(d["key"]) for d in dims),
        legend=(sub.municipality.name, _("Median")),
        axis_label=_("Score (0–100)"),
    )


# --- the trend over rounds ------------------------------------------------------------


@dataclass
class TrendCell:
    score: float | None
    #: False: the round used another questionnaire version in which this field of
    #: action was asked differently, so its score is not comparable with the latest.
    comparable: bool = True


@dataclass
class TrendView:
    submissions: list[Submission]
    #: (dimension definition of the latest version, one cell per round).
    rows: list[tuple[dict, list[TrendCell]]] = field(default_factory=list)

    @property
    def rounds(self) -> list[str]:
        return [s.round.title for s in self.submissions]

    @property
    def versions(self) -> list[int]:
        return [s.questionnaire.version for s in self.submissions]

    @property
    def version_changed(self) -> bool:
        return len(set(self.versions)) > 1

    @property
    def any_incomparable(self) -> bool:
        return any(not c.comparable and c.score is not None for _d, cells in self.rows for c in cells)


def comparable(dim_key: str, questionnaire: Questionnaire, latest: Questionnaire) -> bool:
    """A field of action's score compares across questionnaire versions only when its
    questions (texts, options, weights, scoring) are unchanged."""
    if questionnaire.id == latest.id:
        return True
    old, new = questionnaire.dimension(dim_key), latest.dimension(dim_key)
    return old is not None and new is not None and old["questions"] == new["questions"]


def trend_view(sub: Submission) -> TrendView:
    """The municipality's submitted self-checks of the same questionnaire up to this one
    (oldest first), with the scores of the fields of action of this one's version."""
    current = sub.round
    slug = current.questionnaire.slug
    subs = [
        s
        for s in submissions_of(sub.municipality_id)
        if s.status == "submitted"
        and s.round.questionnaire.slug == slug
        and (s.round.opens_on, s.round_id) <= (current.opens_on, current.id)
    ][:TREND_ROUNDS]
    subs.reverse()
    latest = sub.questionnaire
    scores = [_own_scores(s) for s in subs]
    view = TrendView(subs)
    for d in latest.dimensions:
        cells = [
            TrendCell(by_key.get(d["key"]), comparable(d["key"], s.questionnaire, latest))
            for s, by_key in zip(subs, scores, strict=True)
        ]
        view.rows.append((d, cells))
    return view


def trend_chart(sub: Submission, view: TrendView) -> charts.Trend:
    parts = []
    for d, cells in view.rows:
        values = []
        for r, c in zip(view.rounds, cells, strict=True):
            text = f"{r} {score_label(c.score)}"
            if c.score is not None and not c.comparable:
                text += " (" + _("other questionnaire version, not comparable") + ")"
            values.append(text)
        parts.append(f"{tr(d['title'])}: {', '.join(values)}")
    summary = _("Line charts of the scores from 0 to 100 per field of action over the rounds.")
    return charts.Trend(
        title=_("Your scores over the rounds: %(municipality)s", municipality=sub.municipality.name),
        description=f"{summary} {'; '.join(parts)}.",
        rounds=tuple(view.rounds),
        labels=tuple(tr(d["title"]) for d, _cells in view.rows),
        values=tuple(tuple(c.score for c in cells) for _d, cells in view.rows),
        comparable=tuple(tuple(c.comparable for c in cells) for _d, cells in view.rows),
        versions=tuple(str(v) for v in view.versions),
        legend=(
            _("Score"),
            _("Other questionnaire version (not comparable)"),
            _("New questionnaire version"),
        ),
        axis_label=_("Score (0–100)"),
    )


# --- the page's side and the route ----------------------------------------------------


@dataclass
class PageCharts:
    urls: dict[str, str]
    trend: TrendView
    #: The label of the group in the radar chart, or "" when none can be shown.
    radar_group: str


def build(kind: str, sub: Submission, comparison=None, trend=None, label=None) -> charts.Chart:
    """The chart of one kind for a submission; peer figures only through the K rule."""
    if kind == "trend":
        return trend_chart(sub, trend_view(sub) if trend is None else trend)
    if comparison is None:
        comparison = services.compare(sub, services.chosen_keys(sub.municipality))
    label = group_label() if label is None else label
    if kind == "radar":
        return radar_chart(sub, comparison, label)
    return distribution_chart(sub, comparison, label)


def page_charts(sub: Submission, comparison: services.Comparison) -> PageCharts:
    """What the comparison page needs: each chart's URL with its content hash, and
    the trend for the table beside its chart."""
    label = group_label()
    trend = trend_view(sub)
    urls = {
        kind: url_for(
            "benchmark.chart",
            submission_id=sub.id,
            kind=kind,
            v=charts.content_hash(build(kind, sub, comparison, trend, label)),
        )
        for kind in KINDS
    }
    key = radar_group(comparison)
    return PageCharts(urls, trend, label(key) if key else "")


@bp.context_processor
def _chart_helpers():
    return {"benchmark_charts": page_charts}


_SVGS = svg_serving.RenderedSvgs(max_entries=128)


def render(chart: charts.Chart, size: str = sizes.DEFAULT) -> tuple[bytes, str, str]:
    """(SVG bytes, ETag, content hash), drawn once per content and size."""
    return _SVGS.render(charts.content_hash(chart), lambda: charts.svg(chart, size), size)


@bp.route("/submissions/<int:submission_id>/charts/<any(radar, distribution, trend):kind>.svg")
def chart(submission_id: int, kind: str):
    """A chart of the comparison page; kept for good under its content hash (`v`);
    `size=narrow` for phones."""
    sub = get_submission_or_404(submission_id, permissions.can_view_benchmark)
    size = svg_serving.requested_size()
    body, etag, key = render(build(kind, sub), size)
    return svg_serving.response(body, etag, key)
