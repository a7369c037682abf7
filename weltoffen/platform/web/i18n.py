"""Language selection: the user's saved language, else the visitor's choice, else German."""

from flask import current_app, has_request_context, session
from flask_login import current_user


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.language in languages:
        return current_user.language
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app, babel) -> None:
    babel.init_app(app, locale_selector=select_locale)
    install_jinja_gettext(app)


def translations():
    """The current request's translations, looked up once per locale: Flask-Babel's
    get_translations() resolves the domain, the locale and a cache key on every call,
    which a page with twenty texts paid twenty times. force_locale() (e-mails in the
    recipient's language) sets another locale object, so the cached pair no longer
    matches and the lookup runs again."""
    from flask import g
    from flask_babel import get_translations

    ctx = g.get("_flask_babel")
    if ctx is not None:
        cached = getattr(ctx, "weltoffen_translations", None)
        if cached is not None and cached[0] is getattr(ctx, "babel_locale", None):
            return cached[1]
    found = get_translations()
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None) if ctx is not None else None
    if locale is not None:
        ctx.weltoffen_translations = (locale, found)
    return found


def install_jinja_gettext(app) -> None:
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
