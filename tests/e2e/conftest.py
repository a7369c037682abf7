"""Browser journeys: the demo app in its own database, served on loopback by werkzeug
in a thread, driven by Debian's Chromium through Playwright; every page is checked
with axe and for console errors (CSP violations included)."""

import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyotp
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask_babel import force_locale, gettext
from playwright.sync_api import Page, expect, sync_playwright
from sqlalchemy import select
from werkzeug.serving import make_server

import weltoffen

from ..conftest import PG_URL, make_test_app
from ..support.databases import create_database, drop_database
from . import support

E2E_DIR = Path(__file__).parent
TRANSLATIONS = Path(weltoffen.__file__).parent / "translations"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PASSWORD = "demo-weltoffen"
#: The bound of every single wait in a journey (an action, a navigation, an expect):
#: a journey waits for states and goes on the moment they hold, so the bound only
#: decides when a state that never comes fails the journey. It leaves room for a
#: machine that is busy with a second test run.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def pytest_terminal_summary(terminalreporter):
    if not support.minor_findings:
        return
    found: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
    for name, rule, impact, help_, targets in support.minor_findings:
        pages, nodes = found.setdefault((rule, impact, help_), (set(), set()))
        pages.add(name)
        nodes.update(targets)
    terminalreporter.section("axe: moderate/minor findings (not failing)")
    for (rule, impact, help_), (pages, nodes) in sorted(found.items()):
        terminalreporter.write_line(
            f"{rule} ({impact}) on {len(pages)} page(s): {help_} – {', '.join(sorted(nodes))}"
        )


def compile_catalogs(target: Path) -> set[str]:
    """The .po catalogs as they are now, compiled for the browser app (the .mo files
    are build output that may be missing or stale in a working tree). Returns the
    message ids the catalogs know."""
    known = set()
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=po_path.parents[1].name)
        known.update(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
        mo_path = target / po_path.relative_to(TRANSLATIONS).with_suffix(".mo")
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        with mo_path.open("wb") as f:
            write_mo(f, catalog)
    return known


@dataclass
class Site:
    """The running demo app: its address, the Flask app and helpers for the journeys."""

    app: Flask
    base_url: str
    smtp: object
    messages: set[str] = field(repr=False)
    password: str = DEMO_PASSWORD

    def t(self, message: str, lang: str = "de", **variables) -> str:
        """A UI text as the app shows it in `lang` (so the journeys follow the catalog)."""
        if message not in self.messages:
            raise AssertionError(
                f"“{message}” is not in the catalog: changed English text, or a template "
                "that the message extraction does not see"
            )
        with self.app.test_request_context("/"), force_locale(lang):
            return gettext(message, **variables)

    def totp_code(self, email: str) -> str:
        """A code of a demo account that the app takes now. The app takes each 30-second
        step only once per account, and one step of clock drift either way: after a
        login in this step the next step's code is used; only when that is spent too
        (a third login within one step) is the next step waited for."""
        from weltoffen.auth import totp
        from weltoffen.auth.models import User
        from weltoffen.extensions import db

        with self.app.app_context():
            user = db.session.scalar(select(User).where(User.email == email))
            assert user is not None and user.has_second_factor, f"{email} has no second factor"
            secret, last_step = totp.read_secret(user), user.totp_last_step
            db.session.remove()
        step = totp.current_step() if last_step is None else max(totp.current_step(), last_step + 1)
        if step > totp.current_step() + 1:
            time.sleep(max(0.0, (step - 1) * 30 - time.time()) + 0.1)
        return pyotp.TOTP(secret).at(step * 30)

    def mail_count(self) -> int:
        return len(self.smtp.messages)

    def mail_link(self, to: str, path_part: str, since: int, timeout: float = 10.0) -> str:
        """The link in the first e-mail to `to` that arrived after message number `since`
        (waiting for it to arrive)."""

        def first_to(messages):
            return next((m for m in messages[since:] if to.lower() in m["To"].lower()), None)

        msg = self.smtp.wait_until(first_to, timeout)
        assert msg is not None, f"no e-mail to {to} arrived within {timeout}s"
        body = self.smtp.body(msg)
        link = next((w for w in body.split() if path_part in w), None)
        assert link and link.startswith(self.base_url), (
            f"no link to {self.base_url}…{path_part} in the e-mail to {to}:\n{body}"
        )
        return link


@pytest.fixture(scope="session")
def e2e_database_url(tmp_path_factory):
    if PG_URL:
        url = create_database(PG_URL, f"weltoffen_e2e_{uuid.uuid4().hex[:8]}")
        yield url
        drop_database(PG_URL, url)
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('e2e-db') / 'e2e.db'}"


@pytest.fixture(scope="session")
def site(e2e_database_url, tmp_path_factory, smtp_server):
    from weltoffen.auth.demo import load_accounts
    from weltoffen.extensions import db
    from weltoffen.network.demo import load_network
    from weltoffen.selfcheck.demo import load as load_selfchecks

    translations = tmp_path_factory.mktemp("e2e-i18n")
    messages = compile_catalogs(translations)
    app = make_test_app(
        e2e_database_url,
        tmp_path_factory.mktemp("e2e-instance"),
        smtp_server,
        SERVER_NAME=None,
        WTF_CSRF_ENABLED=True,
        DEMO=True,
        DEMO_PASSWORD=DEMO_PASSWORD,
        SESSION_COOKIE_SECURE=False,
        LOGIN_RATE_LIMIT="1000 per minute",
        BABEL_TRANSLATION_DIRECTORIES=str(translations),
    )
    with app.app_context():
        network = load_network()
        load_accounts(network)
        load_selfchecks(network)  # rounds "Selbstcheck 2025" (closed) and "… 2026" (open)
        db.session.commit()

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-werkzeug", daemon=True)
    thread.start()
    try:
        yield Site(
            app=app,
            base_url=f"http://127.0.0.1:{server.server_port}",
            smtp=smtp_server,
            messages=messages,
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(browser, site):
    """Opens a page in a fresh browser context (no cookies carried over), as a context
    manager: `with open_page(viewport=…, is_mobile=True) as page:`. The journey fails
    on console errors, CSP violations and uncaught exceptions."""

    @contextmanager
    def opener(**options):
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "de-DE", **options}
        context = browser.new_context(base_url=site.base_url, **options)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        support.watch(page)
        try:
            yield page
            support.assert_no_browser_errors(page, "the last page of the journey")
        finally:
            support.unwatch(page)
            context.close()

    return opener


@pytest.fixture
def page(open_page) -> Page:
    """The journey's page, in a fresh browser context of its own (see open_page)."""
    with open_page() as page:
        yield page
