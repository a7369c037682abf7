"""A municipality's comparison with its peers, its choice of groups and the opt-in
to share its named results."""

from dataclasses import dataclass
from functools import cache

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from .. import permissions
from ..extensions import db
from ..network.access import get_municipality_or_404
from ..platform.db.replica import replica_reads
from ..selfcheck.access import get_submission_or_404
from ..selfcheck.models import Submission
from . import bp, groups, services, versions
from .models import ComparisonChoice, PeerGroup, PeerGroupMember


def available_groups(municipality) -> list[tuple[str, str]]:
    """(key, label) of every group the municipality belongs to, network first."""
    keys = groups.attribute_keys(
        municipality.state, municipality.kind, municipality.population, municipality.foreign_born_share
    )
    named = db.session.execute(
        select(PeerGroup.id, PeerGroup.name)
        .join(PeerGroupMember, PeerGroupMember.group_id == PeerGroup.id)
        .where(PeerGroupMember.municipality_id == municipality.id)
        .order_by(PeerGroup.name)
    ).all()
    options = [(keys[a], groups.label(keys[a])) for a in groups.ATTRIBUTES]
    return options + [(f"named:{gid}", name) for gid, name in named]


def fragment(template: str, **context) -> Markup:
    """A part of a page rendered once and kept (versions.cached), to be put in as is."""
    return Markup(render_template(template, **context))  # noqa: S704 - output of an autoescaping template


@cache
def _statement(name: str):
    """The first query of the comparison page ("compare") and of the staff round pages
    ("round"), built once per process (building them cost more than running them);
    parameter `id`."""
    from ..selfcheck.models import Round

    if name == "compare":
        return (
            select(versions.column(), Submission, ComparisonChoice.group_keys)
            .outerjoin(ComparisonChoice, ComparisonChoice.municipality_id == Submission.municipality_id)
            .options(joinedload(Submission.municipality))
            .where(Submission.id == bindparam("id"))
        )
    return select(versions.column(), Round).options(joinedload(Round.network)).where(Round.id == bindparam("id"))


@dataclass(frozen=True)
class ComparePage:
    """What the comparison page keeps per benchmark version (versions.cached)."""

    body: Markup
    options: tuple
    sharing: bool


def _compare_page(sub, chosen: list[str], token) -> ComparePage:
    comparison = services.compare(sub, chosen, token=token)
    scores = {s.dimension_key: s.score for s in sub.scores}
    dims = sub.questionnaire.dimensions
    weakest = sorted((d for d in dims if scores.get(d["key"]) is not None), key=lambda d: scores[d["key"]])[:3]
    named = dict(db.session.execute(select(PeerGroup.id, PeerGroup.name)).all())
    body = fragment(
        "benchmark/_compare_body.html",
        submission=sub,
        comparison=comparison,
        scores=scores,
        weakest=[(d, services.strong_sharing_peers(sub, d["key"])) for d in weakest],
        label=lambda key: groups.label(key, named),
    )
    options = tuple((key, str(text)) for key, text in available_groups(sub.municipality))
    return ComparePage(body, options, services.is_sharing(sub.municipality_id))


@bp.route("/submissions/<int:submission_id>")
@replica_reads
def compare(submission_id: int):
    # One query: the version first (nothing read with or after it is older), the
    # submission with its municipality, and the chosen groups.
    row = db.session.execute(_statement("compare"), {"id": submission_id}).first()
    token, stored = (row[0], row[2]) if row is not None else (None, None)
    sub = get_submission_or_404(submission_id, permissions.can_view_benchmark)  # loaded: the check only
    municipality = sub.municipality
    chosen = list(stored) if stored is not None else services.default_keys(municipality)
    # Everything the kept part depends on besides the version: the submission, the
    # chosen groups, K, the language and where the app is mounted.
    key = ("compare", sub.id, tuple(chosen), services.k_value(), str(get_locale()), request.script_root)
    page = versions.cached(token, key, lambda: _compare_page(sub, chosen, token))
    return render_template(
        "benchmark/compare.html",
        submission=sub,
        body=page.body,
        options=page.options,
        chosen=chosen,
        sharing=page.sharing,
        can_decide=permissions.can_decide_comparison(current_user, municipality),
    )


@bp.route("/municipalities/<int:municipality_id>/groups", methods=["POST"])
def choose_groups(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_decide_comparison)
    allowed = {key for key, _label in available_groups(municipality)}
    keys = request.form.getlist("group")
    if any(k not in allowed for k in keys) or len(keys) > len(allowed):
        abort(400)
    services.choose(municipality, current_user, [k for k, _ in available_groups(municipality) if k in keys])
    db.session.commit()
    flash(_("The comparison groups are saved."), "success")
    return redirect(_back(municipality))


@bp.route("/municipalities/<int:municipality_id>/sharing", methods=["POST"])
def sharing(municipality_id: int):
    municipality = get_municipality_or_404(municipality_id, permissions.can_decide_comparison)
    share = request.form.get("share") == "yes"
    services.set_sharing(municipality, current_user, share)
    db.session.commit()
    if share:
        flash(_("%(name)s now shares its named results with the network.", name=municipality.name), "success")
    else:
        flash(_("%(name)s no longer shares its named results.", name=municipality.name), "success")
    return redirect(_back(municipality))


def _back(municipality) -> str:
    target = request.form.get("next", "")
    if target.startswith("/benchmark/submissions/"):
        return target
    return url_for("selfcheck.index")


# --- coordinators --------------------------------------------------------------------


def _round_for_staff(round_id: int):
    return _versioned_round_for_staff(round_id)[1]


def _versioned_round_for_staff(round_id: int):
    """(benchmark version, round with its network), read in one query; 404 / 403."""
    row = db.session.execute(_statement("round"), {"id": round_id}).first() or abort(404)
    permissions.require(permissions.can_manage_rounds(current_user, row[1].network))
    return row[0], row[1]


def _filters(round_, known_groups=None, sort_keys=None):
    group = request.args.get("group", "")
    if sort_keys is None:
        sort_keys = [d["key"] for d in round_.questionnaire.definition["dimensions"]]
    sort = request.args.get("sort", "name")
    if sort not in [*sort_keys, "name", "overall"]:
        sort = "name"
    if group and not _known_group(round_, group, known_groups):
        abort(400)
    return group, sort, request.args.get("dir") == "desc"


def _known_group(round_, key: str, known=None) -> bool:
    if known is None:
        known = {k for k, _label in network_groups(round_)}
    return key == groups.NETWORK or key in known


def network_groups(round_) -> list[tuple[str, str]]:
    """Every group a coordinator can filter by: the states and kinds present, every size
    class and foreign-born band, and the network's named groups."""
    from ..network.models import Municipality

    present = db.session.execute(
        select(Municipality.state, Municipality.kind).where(Municipality.network_id == round_.network_id).distinct()
    ).all()
    ordered = sorted({f"state:{s}" for s, _ in present})
    ordered += [f"size:{i}" for i in range(len(groups.SIZE_BOUNDS) + 1)]
    ordered += sorted({f"kind:{k}" for _, k in present})
    ordered += [f"foreign:{i}" for i in range(len(groups.FOREIGN_BOUNDS) + 1)]
    named = db.session.execute(
        select(PeerGroup.id, PeerGroup.name).where(PeerGroup.network_id == round_.network_id).order_by(PeerGroup.name)
    ).all()
    return [(k, groups.label(k)) for k in ordered] + [(f"named:{gid}", name) for gid, name in named]


@dataclass(frozen=True)
class HeatmapRound:
    """What the heatmap keeps per round, language and benchmark version."""

    options: tuple
    known_groups: frozenset
    sort_keys: tuple
    bands: tuple
    distribution: Markup


def _heatmap_round(round_, token) -> HeatmapRound:
    from . import aggregates

    definition = round_.questionnaire.definition
    options = tuple((key, str(text)) for key, text in network_groups(round_))
    network = aggregates.released(round_.id, token).get(groups.NETWORK)
    distribution = fragment(
        "benchmark/_heatmap_distribution.html",
        dimensions=definition["dimensions"],
        network_figures=network.figures if network is not None else {},
        network_release=network if network is not None and network.figures else None,
        k=aggregates.k_value(),
    )
    return HeatmapRound(
        options,
        frozenset(key for key, _text in options),
        tuple(d["key"] for d in definition["dimensions"]),
        tuple(definition["score_bands"]),
        distribution,
    )


def _heatmap_table(round_, group: str, sort: str, descending: bool, page: int) -> Markup:
    from ..selfcheck.display import score_label
    from . import dashboard

    rows, total = dashboard.page(round_, group, sort, descending, page)
    definition = round_.questionnaire.definition
    bands = definition["score_bands"]
    keys = [d["key"] for d in definition["dimensions"]]

    def cell(score) -> tuple[str, str]:
        """(text, extra classes) of one heatmap cell: computed here, not per cell in Jinja."""
        i = dashboard.band_index(bands, score)
        return score_label(score), "" if i is None else f" heat heat-{i}"

    cells = [
        (
            r,
            url_for("selfcheck.result", submission_id=r.submission_id),
            [cell(r.overall)] + [cell(r.scores.get(k)) for k in keys],
        )
        for r in rows
    ]
    return fragment(
        "benchmark/_heatmap_table.html",
        round=round_,
        rows=cells,
        total=total,
        page=page,
        page_size=dashboard.PAGE_SIZE,
        group=group,
        sort=sort,
        descending=descending,
        dimensions=definition["dimensions"],
    )


@bp.route("/rounds/<int:round_id>/heatmap")
@replica_reads
def heatmap(round_id: int):
    from ..extensions import htmx
    from ..selfcheck.followup import open_advice_count
    from ..selfcheck.services import participation

    token, round_ = _versioned_round_for_staff(round_id)  # the version first: nothing read later is older
    locale = str(get_locale())
    kept = versions.cached(token, ("heatmap", round_.id, locale), lambda: _heatmap_round(round_, token))
    group, sort, descending = _filters(round_, kept.known_groups, kept.sort_keys)
    page = max(request.args.get("page", 1, type=int) or 1, 1)
    key = ("heatmap-table", round_.id, locale, group, sort, descending, page, request.script_root)
    table = versions.cached(token, key, lambda: _heatmap_table(round_, group, sort, descending, page))
    if htmx:
        return table

    def page_body() -> Markup:
        # Drafts started and advice requests asked change the version too (versions.py).
        counts = versions.cached(
            token, ("heatmap-counts", round_.id), lambda: (participation(round_), open_advice_count(round_.network_id))
        )
        return fragment(
            "benchmark/_heatmap_page.html",
            round=round_,
            table=table,
            group=group,
            sort=sort,
            descending=descending,
            options=kept.options,
            bands=kept.bands,
            distribution=kept.distribution,
            participation=counts[0],
            open_advice=counts[1],
        )

    body = versions.cached(token, ("heatmap-page", *key[1:]), page_body)
    return render_template("benchmark/heatmap.html", round=round_, body=body)


@bp.route("/rounds/<int:round_id>/export.<any(csv, xlsx):fmt>")
@replica_reads
def export(round_id: int, fmt: str):
    from flask import Response

    from ..network.validation import fold
    from . import dashboard, exports

    round_ = _round_for_staff(round_id)
    group, sort, descending = _filters(round_)
    rows = dashboard.rows(round_, group, sort, descending)
    definition = round_.questionnaire.definition
    name = "".join(c if c.isascii() and c.isalnum() else "-" for c in fold(round_.title)).strip("-")
    if fmt == "csv":
        data, mimetype = exports.csv_bytes(definition, rows), "text/csv"
    else:
        data = exports.xlsx_bytes(definition, rows, round_.title)
        mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(
        data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="vergleich-{name}.{fmt}"'}
    )
