"""Public pages citizens read without an account: a municipality's published processes,
a process page, and the Atom feed of changes.

- Unpublished, withdrawn, unknown: one and the same 404, so nothing tells whether
  another page exists.
- Cacheable: `Cache-Control: public, max-age=300`, an ETag from the data's version
  (public_data.process_head), 304 on If-None-Match, the rendered page kept per ETag;
  the last answer per address and language is served from memory for
  DIALOGUE_PUBLIC_FRESH_SECONDS (10) without asking the database, so a change or a
  withdrawal shows within 10 seconds here (and within max-age in shared caches).
  No CSRF token and no session written, so no Set-Cookie and nothing per user (the
  language switch is a plain link with `?lang=`; without it, the visitor's chosen
  language applies, hence Vary: Cookie).
- Rate-limited per IP (DIALOGUE_PUBLIC_RATE_LIMIT, default 120 per minute)."""

from contextlib import nullcontext

from flask import Response, abort, current_app, render_template, request, url_for
from flask_babel import force_locale, format_date, format_decimal, get_locale

from ..extensions import db, limiter
from ..forum.discussions.rendering import render as render_markdown
from ..network.models import Municipality
from ..permissions import public
from ..platform import session
from ..platform.cache import Cache, Fresh
from . import catalogue, feed, formatting, public_bp, public_data, reach
from .lottery import public_figures

MAX_AGE = 300
ERROR_MAX_AGE = 60
#: Rendered process pages by ETag (the version covers everything shown, and the locale).
_BODIES = Cache(max_entries=1024, max_size=64_000_000)
#: The last answer per address and language, served for DIALOGUE_PUBLIC_FRESH_SECONDS
#: without asking the database (the pages allow caches MAX_AGE seconds anyway).
_FRESH = Fresh("DIALOGUE_PUBLIC_FRESH_SECONDS", 10, max_entries=4096, max_size=64_000_000,
               size=lambda answer: len(answer[1]))


def _limit() -> str:
    return current_app.config.get("DIALOGUE_PUBLIC_RATE_LIMIT", "120 per minute")


def _lang() -> str | None:
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else None


def _locale_context():
    lang = _lang()
    return force_locale(lang) if lang else nullcontext()


def _cache(response: Response, etag: str | None = None, max_age: int = MAX_AGE) -> Response:
    response.headers["Cache-Control"] = f"public, max-age={max_age}"
    if etag:
        response.set_etag(etag)
    return response


def _not_modified(etag: str) -> Response | None:
    if etag in request.if_none_match:
        return _cache(Response(status=304), etag)
    return None


def _page(template: str, etag: str, **context) -> Response:
    lang = _lang()
    q = {"lang": lang} if lang else {}
    return _cache(Response(render_template(template, lang=lang, q=q, **context)), etag)


@public_bp.context_processor
def _formatting() -> dict:
    return {
        "public_date": lambda value: format_date(value, "long") if value else "–",
        "public_percent": formatting.percent,
        "gap_sentence": formatting.gap_sentence,
        "public_euro": lambda value: "–" if value is None else format_decimal(value) + "\u00a0€",
        "public_number": lambda value: "–" if value is None else format_decimal(value),
    }


@public_bp.errorhandler(404)
def _not_found(exc):
    return _error(404)


@public_bp.errorhandler(429)
def _too_many(exc):
    response = _error(429, max_age=None)
    retry = getattr(exc, "retry_after", None)
    if retry:
        response.headers["Retry-After"] = str(retry)
    return response


def _error(code: int, max_age: int | None = ERROR_MAX_AGE) -> Response:
    with _locale_context():
        response = Response(render_template("dialogue/public/error.html", code=code, lang=_lang()), code)
    if max_age is None:
        response.headers["Cache-Control"] = "no-store"
        return response
    return _cache(response, max_age=max_age)


@public_bp.before_request
def _no_session() -> None:
    """Public answers never write the session (no Set-Cookie on a cacheable page: a
    shared cache must not hand one visitor's cookie to the next)."""
    session.keep_off()


@public_bp.after_request
def _vary(response: Response) -> Response:
    response.vary.add("Cookie")
    return response


def _municipality_or_404(ags: str):
    municipality = public_data.municipality(ags)
    if municipality is None:
        abort(404)
    return municipality


@public_bp.route("/<ags>")
@public
@limiter.limit(_limit)
def municipality(ags: str):
    with _locale_context():
        fresh_key = ("municipality", ags, str(get_locale()), _lang())
        fresh = _fresh(fresh_key)
        if fresh is not None:
            return fresh
        m = _municipality_or_404(ags)
        processes = public_data.published_processes(m.id)
        if not processes:
            abort(404)
        etag = f"{public_data.municipality_version(m, processes)}-{get_locale()}-{_lang() or ''}"
        cached = _not_modified(etag)
        if cached:
            return cached
        response = _page("dialogue/public/municipality.html", etag, municipality=m, processes=processes,
                         formats=catalogue.formats())
        _keep(fresh_key, etag, response.get_data(), "text/html")
        return response


@public_bp.route("/<ags>/<slug>")
@public
@limiter.limit(_limit)
def process(ags: str, slug: str):
    with _locale_context():
        fresh_key = ("process", ags, slug, str(get_locale()), _lang())
        fresh = _fresh(fresh_key)
        if fresh is not None:
            return fresh
        head = public_data.process_head(ags, slug)
        if head is None:
            abort(404)
        etag = f"{head.version}-{get_locale()}-{_lang() or ''}"
        body = _BODIES.get((etag,))
        if body is None:
            body = _render_process(head).encode()
            _BODIES.put((etag,), body)
        _keep(fresh_key, etag, body, "text/html")
        return _not_modified(etag) or _cache(Response(body, mimetype="text/html"), etag)


def _keep(key: tuple, etag: str, body: bytes, mimetype: str) -> None:
    _FRESH.put(key, (etag, body, mimetype))


def _fresh(key: tuple) -> Response | None:
    """The kept answer for this address, while it is younger than the configured seconds."""
    hit = _FRESH.get(key)
    if hit is None:
        return None
    etag, body, mimetype = hit
    return _not_modified(etag) or _cache(Response(body, mimetype=mimetype), etag)


def _render_process(head) -> str:
    m = db.session.get(Municipality, head.municipality_id)
    item = public_data.published_process(head.municipality_id, head.process_id)
    recommendations = public_data.recommendations(item.id)
    lang = _lang()
    return render_template(
        "dialogue/public/process.html", lang=lang, q={"lang": lang} if lang else {},
        municipality=m, process=item, format=catalogue.get(item.format_key),
        reach=reach.of_process(item), sessions=public_data.sessions(item.id),
        recommendations=recommendations,
        texts={r.id: render_markdown(r.text) for r in recommendations if r.text.strip()},
        histories={r.id: public_data.history(r) for r in recommendations},
        budget=public_data.budget(item.id) if item.is_budget else None,
        composition=public_figures.composition(item),
    )


@public_bp.route("/<ags>/feed.atom", endpoint="feed")
@public
@limiter.limit(_limit)
def feed_atom(ags: str):
    lang = _lang()
    with _locale_context():
        language = str(get_locale())
        fresh_key = ("feed", ags, language, lang)
        fresh = _fresh(fresh_key)
        if fresh is not None:
            return fresh
        m = _municipality_or_404(ags)
        if not public_data.published_processes(m.id):
            abort(404)
        found = feed.entries(m.id)
        etag = public_data.digest(m.id, m.name, language, lang, [(e.id, e.at) for e in found])
        cached = _not_modified(etag)
        if cached:
            return cached
        extra = {"lang": lang} if lang else {}
        body = feed.render(
            m, found, language=language,
            self_url=url_for(".feed", ags=m.ags, _external=True, **extra),
            page_url=url_for(".municipality", ags=m.ags, _external=True, **extra),
            process_url=lambda p: url_for(".process", ags=m.ags, slug=p.slug, _external=True, **extra),
        )
    data = body.encode() if isinstance(body, str) else body
    _keep(fresh_key, etag, data, "application/atom+xml")
    return _cache(Response(data, mimetype="application/atom+xml"), etag)
