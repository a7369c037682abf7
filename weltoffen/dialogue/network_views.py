"""The coordinators' overview of dialogue in their network (network staff only). The
figures are computed once per network, version and day (versions.py) and kept per
process, and so is each page of them as rendered HTML (per language); the last page
shown is answered from memory for DIALOGUE_OVERVIEW_FRESH_SECONDS (10) without asking
the database (the visitor's right to see it is checked every time); a page shows 50
municipalities."""

from datetime import date

from flask import abort, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from markupsafe import Markup

from .. import permissions
from ..platform.cache import Cache, Fresh
from . import bp, catalogue, network_figures, versions

PAGE_SIZE = 50
_OVERVIEWS = Cache(max_entries=32, max_size=200_000,
                   size=lambda o: 1 + len(o.municipalities) + len(o.flagged))
_PAGES = Cache(max_entries=256, max_size=16_000_000)
#: The last page shown per network, page and language, for DIALOGUE_OVERVIEW_FRESH_SECONDS
#: without asking the database (the figures are about the network, not about the visitor).
_FRESH = Fresh("DIALOGUE_OVERVIEW_FRESH_SECONDS", 10, max_entries=256, max_size=16_000_000,
               size=lambda kept: len(kept[1]))


def cached_overview(network, today: date, key: tuple | None = None) -> network_figures.Overview:
    key = key or (network.id, versions.token(network.id), today.isoformat())
    data = _OVERVIEWS.get(key)
    if data is None:
        data = network_figures.overview(network, today)
        _OVERVIEWS.put(key, data)
    return data


@bp.route("/networks/<int:network_id>/overview")
def overview(network_id: int):
    page = max(request.args.get("page", 1, type=int), 1)
    fresh_key = (network_id, page, str(get_locale()))
    hit = _FRESH.get(fresh_key)
    if hit is not None:
        network, figures = hit
        permissions.require(permissions.can_view_dialogue_overview(current_user, network))
    else:
        found = versions.network_and_token(network_id)  # one statement: the network and the version
        if found is None:
            abort(404)
        network, token = found
        permissions.require(permissions.can_view_dialogue_overview(current_user, network))
        figures = _figures(network, token, page)
        _FRESH.put(fresh_key, (network, figures))
    return render_template("dialogue/overview.html", network=network, figures=figures)


def _figures(network, token: str, page: int) -> Markup:
    today = date.today()
    key = (network.id, token, today.isoformat())
    page_key = (*key, page, str(get_locale()), network.name)
    figures = _PAGES.get(page_key)
    if figures is None:
        data = cached_overview(network, today, key)
        pages = max(1, -(-len(data.municipalities) // PAGE_SIZE))
        shown = min(page, pages)
        figures = Markup(render_template(  # noqa: S704 - an autoescaped template
            "dialogue/_overview_figures.html", network=network, data=data, page=shown, page_size=PAGE_SIZE,
            rows=data.municipalities[(shown - 1) * PAGE_SIZE:shown * PAGE_SIZE],
            format_names={k: str(f.name) for k, f in catalogue.formats().items()},
        ))
        _PAGES.put(page_key, figures)
    return figures
