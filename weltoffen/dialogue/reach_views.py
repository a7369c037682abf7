"""Reach of a process: its participants by age band, gender and district against the
municipality's population shares, as charts with data tables, a headline figure and
the gaps named as sentences. Chart URLs carry the content hash (`v=`) like the
benchmark's (benchmark/chart_views.py): kept by the browser, drawn once per content."""


from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..charts import reach as reach_chart_mod
from ..charts import sizes
from ..extensions import db
from ..platform import svg as svg_serving
from . import access, bp, population, reach
from .formatting import gap_sentence, percent, points
from .labels import FEATURE_LABELS, value_label
from .models import FEATURES
from .reach_forms import reach_data, reach_form

CHART_TITLES = {
    "age_band": _l("Participants and residents by age band"),
    "gender": _l("Participants and residents by gender"),
    "district": _l("Participants and residents by district"),
}


def chart_of(result: reach.Reach, feature: str) -> reach_chart_mod.ReachBars | None:
    """The feature's chart, None without participants or without population shares."""
    rows = result.for_feature(feature)
    if not result.totals.get(feature) or not any(r.population is not None for r in rows):
        return None
    label = str(FEATURE_LABELS[feature])
    return reach_chart_mod.ReachBars(
        title=str(CHART_TITLES[feature]),
        description=_("Share of participants and of residents per %(feature)s, in percent; the figures are "
                      "in the table beside the chart.", feature=label),
        labels=tuple(value_label(feature, r.value) for r in rows),
        participants=tuple(r.share for r in rows),
        residents=tuple(r.population for r in rows),
        legend=(_("Participants"), _("Residents")),
        axis_label=_("Share in %"),
    )


_SVGS = svg_serving.RenderedSvgs(max_entries=64)


def render(chart: reach_chart_mod.ReachBars, size: str = sizes.DEFAULT) -> tuple[bytes, str, str]:
    """(SVG bytes, ETag, content hash), drawn once per content and size."""
    return _SVGS.render(reach_chart_mod.content_hash(chart), lambda: reach_chart_mod.svg(chart, size), size)


def _districts(process, result: reach.Reach) -> list[str]:
    """District names of the population shares, then those only the participants have."""
    shares, _sources = reach.population_of(process.municipality_id)
    named = sorted(shares.get("district", {}))
    extra = sorted(r.value for r in result.for_feature("district") if r.value not in named)
    return named + extra


def _features(process, result: reach.Reach) -> list[dict]:
    features = []
    for feature in FEATURES:
        rows = result.for_feature(feature)
        chart = chart_of(result, feature)
        url = None
        if chart is not None:
            url = url_for("dialogue.reach_chart", process_id=process.id, feature=feature,
                          v=reach_chart_mod.content_hash(chart))
        features.append({
            "key": feature, "label": FEATURE_LABELS[feature], "rows": rows, "total": result.totals.get(feature, 0),
            "chart_url": url, "has_population": any(r.population is not None for r in rows),
            "source": result.sources.get(feature),
        })
    return features


@bp.route("/processes/<int:process_id>/reach", methods=["GET", "POST"])
def reach_page(process_id: int):
    process = access.process_or_404(process_id, edit=request.method == "POST")
    result = reach.of_process(process)
    districts = _districts(process, result)
    form = reach_form(districts, data=reach_data(reach.counts_of(process.id), districts))
    if form.validate_on_submit():
        population.save_reach(process, current_user, form.counts())
        db.session.commit()
        flash(_("The participants have been saved."), "success")
        return redirect(url_for("dialogue.reach_page", process_id=process.id))
    return render_template(
        "dialogue/reach.html", process=process, result=result, form=form, features=_features(process, result),
        gaps=[gap_sentence(r) for r in result.gaps], percent=percent, points=points,
        has_population=bool(result.sources), groups=reach.attendance_by_group(process),
    ), 422 if form.is_submitted() else 200


@bp.route("/processes/<int:process_id>/reach/<any(age_band, gender, district):feature>.svg")
def reach_chart(process_id: int, feature: str):
    """A feature's chart of the reach page; kept for good under its content hash (`v`);
    `size=narrow` for phones."""
    process = access.process_or_404(process_id)
    size = svg_serving.requested_size()
    chart = chart_of(reach.of_process(process), feature)
    if chart is None:  # no participants or no population shares for this feature
        abort(404)
    body, etag, key = render(chart, size)
    return svg_serving.response(body, etag, key)
