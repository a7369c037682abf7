"""Helpers for the browser journeys: every page a journey lands on is checked with axe
and for console errors, page errors and CSP violations.

    visit(page, "/auth/login")                       # goto + checks
    follow(page, page.get_by_role("button", ...))    # click, wait for the new page + checks
"""

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Locator, Page, Response, expect

from .reflow import check_reflow

#: axe impacts that fail a journey; "moderate" and "minor" are collected and reported.
FAILING_IMPACTS = ("serious", "critical")

_axe = Axe()
#: (page name, rule id, impact, help, targets) of every non-failing violation seen this run.
minor_findings: list[tuple[str, str, str, str, list[str]]] = []

_LOAD_FAILED = re.compile(r"^Failed to load resource: the server responded with a status of (\d+)")
#: Chromium asks every origin for /favicon.ico by itself, whatever the page links to. The
#: app has none yet (reported); a favicon a page links to and that is missing still fails.
_BROWSER_OWN_REQUESTS = ("/favicon.ico",)


@dataclass
class Watch:
    """Console errors and uncaught exceptions of one page. Error statuses of the main
    document (404 page, 400 form with errors, 410 link page) are the journeys' business
    and asserted there, and so are the htmx responses a journey expects to fail (see
    expect_partial); any other sub-resource that fails to load is an error.

    Chromium's "Failed to load resource" lines are matched with their responses only
    when the errors are read, not as they arrive: the console line and the response
    are separate events whose order is not fixed, so a match at arrival would depend
    on the machine's speed."""

    errors: list[str] = field(default_factory=list)
    documents: dict[str, int] = field(default_factory=dict)
    reported: int = 0
    #: (url, status, text) of "Failed to load resource" lines not matched yet.
    failed_loads: list[tuple[str, int, str]] = field(default_factory=list)
    #: The error status of htmx responses expected inside an expect_partial block, and
    #: how many such responses arrived per url (each excuses one console line).
    expecting: int | None = None
    expected: Counter = field(default_factory=Counter)

    def on_response(self, response: Response) -> None:
        if response.request.is_navigation_request() and response.frame.parent_frame is None:
            self.documents[response.url] = response.status
        elif self.expecting == response.status and _partial(response):
            self.expected[(response.url, response.status)] += 1

    def on_console(self, msg: ConsoleMessage) -> None:
        if msg.type != "error":
            return
        url = (msg.location or {}).get("url", "")
        status = _LOAD_FAILED.match(msg.text)
        if status:
            self.failed_loads.append((url, int(status.group(1)), msg.text))
            return
        self.errors.append(f"console error: {msg.text} (at {url or 'unknown location'})")

    def on_pageerror(self, exc) -> None:
        self.errors.append(f"uncaught exception: {exc}")

    def match_failed_loads(self) -> None:
        for url, status, text in self.failed_loads:
            url = url.split("#", 1)[0]  # a form's action may carry a fragment; the request does not
            if self.documents.get(url) == status or urlsplit(url).path in _BROWSER_OWN_REQUESTS:
                continue
            if self.expected[(url, status)] > 0:
                self.expected[(url, status)] -= 1
                continue
            self.errors.append(f"console error: {text} (at {url or 'unknown location'})")
        self.failed_loads.clear()

    def new_errors(self) -> list[str]:
        self.match_failed_loads()
        errors = self.errors[self.reported :]
        self.reported = len(self.errors)
        return errors


_watches: dict[int, Watch] = {}


def _partial(response: Response) -> bool:
    """A request the page's script sent: htmx's, or upload.js's upload with progress."""
    headers = response.request.headers
    return bool(headers.get("hx-request") or headers.get("x-upload-progress"))


def watch(page: Page) -> Watch:
    w = _watches[id(page)] = Watch()
    page.on("response", w.on_response)
    page.on("console", w.on_console)
    page.on("pageerror", w.on_pageerror)
    return w


def unwatch(page: Page) -> Watch | None:
    return _watches.pop(id(page), None)


def assert_no_browser_errors(page: Page, where: str = "") -> None:
    w = _watches.get(id(page))
    if w is None:
        return
    errors = w.new_errors()
    if errors:
        pytest.fail(
            f"browser errors on {where or page.url}:\n  " + "\n  ".join(errors), pytrace=False
        )


def check_a11y(page: Page, name: str) -> None:
    """axe-core on the current page: fail on serious or critical violations."""
    results = _axe.run(page).response
    failing = []
    for v in results["violations"]:
        targets = [", ".join(map(str, node["target"])) for node in v["nodes"]]
        if v["impact"] in FAILING_IMPACTS:
            lines = [f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl']}"]
            for node in v["nodes"]:
                target = ", ".join(map(str, node["target"]))
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                lines.append(f"    {target}\n      {node.get('html', '')[:200]}\n      {summary}")
            failing.append("\n".join(lines))
        else:
            minor_findings.append((name, v["id"], v["impact"] or "", v["help"], targets))
    if failing:
        report = f"axe: {len(failing)} serious/critical violation(s) on {name} ({page.url}):\n"
        report += "\n".join(failing)
        print(report)
        pytest.fail(report, pytrace=False)


#: htmx reads properties and calls methods of the element that sends a request
#: (`elt.form`, `elt.elements`, `elt.matches(…)`, …), and on a <form> a control hides
#: the property of its name: the incident form's radio group "form" once made every
#: autosave throw ("r.isSameNode is not a function"). Flagged: "form", any method, and
#: the plain properties htmx reads; a name such as "dir" or "action" hides nothing
#: htmx uses. Read through the prototypes, as the form's own properties may be hidden.
HTMX_FORM_CHECK = """() => {
  const builtin = document.createElement('form');
  const read = ['form', 'elements', 'name', 'type', 'tagName', 'value', 'files', 'disabled', 'noValidate',
                'willValidate', 'id', 'attributes', 'children', 'parentElement', 'nodeType', 'classList'];
  const hides = (n) => n && (read.includes(n) || (n in builtin && typeof builtin[n] === 'function'));
  const names = (f) => Element.prototype.getAttributeNames.call(f);
  const controls = Object.getOwnPropertyDescriptor(HTMLFormElement.prototype, 'elements').get;
  const bad = new Set();
  for (const f of document.querySelectorAll('form')) {
    if (!names(f).some((a) => /^(data-)?hx-(get|post|put|patch|delete)$/.test(a))) continue;
    for (const c of controls.call(f)) if (hides(c.name)) bad.add(c.name);
  }
  return [...bad];
}"""


def check_page(page: Page, name: str | None = None) -> None:
    name = name or path_of(page)
    assert_no_browser_errors(page, name)
    hidden = page.evaluate(HTMX_FORM_CHECK)
    assert not hidden, f"{name}: a form that sends htmx requests has controls named {hidden}"
    check_a11y(page, name)
    check_reflow(page, name)
    assert_no_browser_errors(page, name)


def expect_image_loaded(image: Locator) -> int:
    """Wait until an <img> has loaded (a lazy one is scrolled to first, so that it
    loads at all); returns its natural width. Being visible is not being loaded."""
    image.scroll_into_view_if_needed()
    image.page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image.evaluate("img => img.naturalWidth")


def path_of(page: Page) -> str:
    parts = urlsplit(page.url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def visit(page: Page, path: str, status: int = 200, name: str | None = None) -> Response:
    """Open a path (relative to the app), expect the status, check the page."""
    response = page.goto(path, wait_until="load")
    assert response is not None, f"no response for {path}"
    assert response.status == status, f"GET {path}: status {response.status}, expected {status}"
    check_page(page, name or path)
    return response


def follow(page: Page, target, status: int = 200, name: str | None = None) -> Response:
    """Click a link or submit button that leads to a new page (after any redirects),
    expect the final status, check the page."""
    with page.expect_navigation(wait_until="load") as navigation:
        target.click()
    response = navigation.value
    assert response is not None, "the click led to no new document"
    assert response.status == status, (
        f"{response.request.method} → {path_of(page)}: status {response.status}, expected {status}"
    )
    check_page(page, name)
    return response


def exactly(text: str) -> re.Pattern:
    """The whole text, for has_text= filters (which otherwise match a part)."""
    return re.compile(f"^{re.escape(text)}$")


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def login(page: Page, site, email: str, password: str | None = None) -> None:
    """Log in through the form (and the second-factor step where the account has one);
    ends on the start page."""
    t = site.t
    visit(page, "/auth/login")
    page.get_by_label(t("E-mail address"), exact=True).fill(email)
    page.get_by_label(t("Password"), exact=True).fill(password or site.password)
    follow(page, page.get_by_role("button", name=t("Log in"), exact=True))
    if path_of(page) == "/auth/login/code":
        field = page.get_by_label(
            t("Code from your authenticator app or a recovery code"), exact=True
        )
        field.fill(site.totp_code(email))
        follow(page, page.get_by_role("button", name=t("Confirm"), exact=True))
    assert path_of(page) == "/", f"login of {email} ended on {page.url}"


def open_menu(page: Page) -> None:
    """Unfold the site menu where it is folded (narrow screens, menu.js), so that its links
    and buttons can be used; on wide screens it is always open."""
    toggle = page.locator("[data-menu-toggle]")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")


def logout(page: Page, site) -> None:
    open_menu(page)
    follow(page, page.get_by_role("button", name=site.t("Log out"), exact=True))
    assert path_of(page) == "/auth/login"
    expect_flash(page, site.t("You have been logged out."))


def expect_flash(page: Page, text: str, role: str = "status") -> None:
    """A flashed message in the page's alert region."""
    expect(page.locator("#alerts").get_by_role(role).filter(has_text=text)).to_have_count(1)


# --- pages that change without loading a new document (htmx) --------------------------


def mark_document(page: Page) -> None:
    """Remember the current document: assert_same_document() fails if the page was
    loaded anew in between (a reload, a redirect, a form that submitted the page)."""
    page.evaluate("window.__e2eSameDocument = true")


def assert_same_document(page: Page) -> None:
    assert page.evaluate("window.__e2eSameDocument === true"), (
        f"the page was loaded anew ({page.url}); expected an in-page update"
    )


@contextmanager
def expect_partial(page: Page, status: int):
    """An htmx request (or an upload of upload.js) inside the block is answered with an
    error status on purpose (a refused answer, shown in the page): Chromium's "Failed to
    load resource" line about each such response is not counted as a browser error. Fails unless such a
    response arrived inside the block. Any other console error still fails the journey."""
    w = _watches.get(id(page))
    seen: list[str] = []

    def on_response(response: Response) -> None:
        if _partial(response) and response.status == status:
            seen.append(response.url)

    page.on("response", on_response)
    if w is not None:
        w.expecting = status
    try:
        yield
    finally:
        page.remove_listener("response", on_response)
        if w is not None:
            w.expecting = None
    assert seen, f"no htmx response with status {status} arrived"


# --- the self-check --------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """A self-check question as the (German) pages show it."""

    key: str
    #: The accessible name of its fieldset: "3. Werden Anträge …".
    legend: str
    #: The labels of its fixed answers (steps, yes/partly/no, options), in order.
    choices: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    questions: dict[str, Question]


def selfcheck_dimension(site, key: str, slug: str = "weltoffene-kommune") -> Dimension:
    """A field of action of the newest version of a questionnaire that a round uses
    (the demo loads later versions too, its rounds stay on version 1), in German."""
    from sqlalchemy import select

    from weltoffen.extensions import db
    from weltoffen.selfcheck.models import Questionnaire, Round
    from weltoffen.selfcheck.question_types import TYPES, is_required

    with site.app.app_context():
        questionnaire = db.session.scalars(
            select(Questionnaire)
            .join(Round, Round.questionnaire_id == Questionnaire.id)
            .where(Questionnaire.slug == slug)
            .order_by(Questionnaire.version.desc())
        ).first()
        assert questionnaire is not None, f"no questionnaire {slug} loaded"
        dim = questionnaire.dimension(key)
        db.session.remove()
    assert dim is not None, f"{slug} has no field of action {key}"
    optional = f" – {site.t('optional')}"
    questions = {
        q["key"]: Question(
            key=q["key"],
            legend=f"{n}. {q['text']['de']}" + ("" if is_required(q) else optional),
            choices=tuple(label["de"] for _, label in TYPES[q["type"]].choices(q)),
        )
        for n, q in enumerate(dim["questions"], start=1)
    }
    return Dimension(key=key, title=dim["title"]["de"], questions=questions)
