"""Autosave against the submit button, with the network held still: every journey holds
an autosave request with page.route and releases it exactly when the step under test
has happened, so the order of events is fixed, not left to the machine's speed.

- A report is submitted while its draft is still being saved: the form waits for that
  save, then goes; one incident, with what was submitted, and no browser error. (The
  report form's autosave used to throw "r.isSameNode is not a function" on every
  change: the radio group named "form" hid the form's own `form` property from htmx.)
- A save that never answers: after the wait the form goes anyway, and the
  late 409 of that save changes nothing on the next page.
- A save answered 409 (the report was saved from elsewhere) says so, links to the
  saved report and stops autosaving.
- A self-check page saved while an answer is still on its way keeps the newer value."""

import re
import time
from contextlib import contextmanager
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, Route, expect
from sqlalchemy import func, select

from .support import (
    HTMX_FORM_CHECK,
    assert_no_browser_errors,
    check_page,
    expect_flash,
    expect_partial,
    login,
    path_of,
    selfcheck_dimension,
    visit,
)

OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"
MEMBER = "team.iserlohn@demo.weltoffen.de"
#: What the submit waits for a save still on its way (SUBMIT_WAIT_MS in autosave.js).
SUBMIT_WAIT_MS = 5_000


class Held:
    """Autosave requests matching `pattern`, held back until released; the first
    `let_through` go to the server at once."""

    def __init__(self, page: Page, pattern: str, let_through: int = 0):
        self.page, self.pattern, self.let_through = page, pattern, let_through
        self.routes: list[Route] = []
        page.route(pattern, self._handle)

    def _handle(self, route: Route) -> None:
        if self.let_through > 0:
            self.let_through -= 1
            route.continue_()
        else:
            self.routes.append(route)

    def wait(self, count: int = 1, timeout: float = 10.0) -> list[Route]:
        """The held routes, once `count` are held. The page sent the requests already
        (expect_request); the handler that holds them runs as Playwright's events are
        processed, which each round trip to the page does."""
        deadline = time.monotonic() + timeout
        while len(self.routes) < count:
            assert time.monotonic() < deadline, f"{len(self.routes)} of {count} requests held"
            self.page.evaluate("0")
        return self.routes

    def release(self) -> None:
        """Send the held requests on to the server, in the order they were made."""
        routes, self.routes = self.wait(), []
        for route in routes:
            route.continue_()

    def stop(self) -> None:
        self.page.unroute(self.pattern, self._handle)


def reports_of(site, email: str) -> dict[str, int]:
    """How many incidents of each status the person has."""
    from weltoffen.auth.models import User
    from weltoffen.extensions import db
    from weltoffen.incidents.models import Incident

    with site.app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        rows = db.session.execute(
            select(Incident.status, func.count()).where(Incident.reporter_id == user.id).group_by(Incident.status)
        ).all()
        db.session.remove()
    return dict(rows)


def description_of(site, incident_id: int) -> str:
    from weltoffen.extensions import db
    from weltoffen.incidents.access import open_contents
    from weltoffen.incidents.models import Incident

    with site.app.app_context():
        text = open_contents(db.session.get(Incident, incident_id))["description"]
        db.session.remove()
    return text


def fill_report(page: Page, t, description: str) -> None:
    page.locator("#form-threat").check()  # "Threat" names a severity too
    page.get_by_label(t("E-mail"), exact=True).check()
    page.get_by_label(t("Hurtful behaviour"), exact=True).check()
    page.get_by_label(t("What happened, in your words"), exact=True).fill(description)


@contextmanager
def navigation(page: Page):
    """The block leads to a new document (loaded), which is then checked."""
    with page.expect_navigation(wait_until="load") as nav:
        yield nav
    assert nav.value is not None and nav.value.status == 200, nav.value
    check_page(page)


def test_a_report_submitted_while_its_draft_is_saving_waits_for_the_save(page, site):
    t = site.t
    before = reports_of(site, OFFICIAL)
    login(page, site, OFFICIAL)
    held = Held(page, "**/incidents/autosave")
    visit(page, "/incidents/new")
    form = page.locator("form.incident-form")
    text = "Drohung per E-Mail, eingegangen im Bürgerbüro."
    with page.expect_request("**/incidents/autosave") as saving:
        fill_report(page, t, text)
    assert not saving.value.post_data_buffer.startswith(b"--"), "a draft is sent without its files"

    page.get_by_role("button", name=t("Save report"), exact=True).click()
    expect(form).to_have_attribute("aria-busy", "true")  # the form waits for the save on its way
    assert path_of(page) == "/incidents/new"
    with navigation(page):
        held.release()
    held.stop()
    expect_flash(page, t("The incident is saved. Only you can see it."))
    incident_id = int(re.fullmatch(r"/incidents/(\d+)", path_of(page)).group(1))
    assert description_of(site, incident_id) == text
    after = reports_of(site, OFFICIAL)
    assert after.get("open", 0) == before.get("open", 0) + 1
    assert after.get("draft", 0) == before.get("draft", 0), "the save in flight left a draft of its own"
    assert_no_browser_errors(page, "the saved incident")


def test_a_save_that_never_answers_holds_the_form_only_so_long_and_its_late_409_changes_nothing(page, site):
    t = site.t
    login(page, site, OFFICIAL)
    page.clock.install()  # the wait for the hanging save is run through, not waited for
    held = Held(page, "**/incidents/autosave")
    visit(page, "/incidents/new")
    with page.expect_request("**/incidents/autosave"):
        fill_report(page, t, "Drohung am Telefon, Anruf um 9 Uhr.")
    page.get_by_role("button", name=t("Save report"), exact=True).click()
    expect(page.locator("form.incident-form")).to_have_attribute("aria-busy", "true")
    with navigation(page):
        page.clock.run_for(SUBMIT_WAIT_MS)
    expect_flash(page, t("The incident is saved. Only you can see it."))
    saved_page = path_of(page)
    # The held save's answer comes only now, after the next page loaded: the report is
    # saved, the server says 409 – and nothing of it reaches the new page.
    for route in held.wait():
        route.fulfill(status=409, content_type="text/html", body="<span>late</span>")
    held.routes.clear()
    held.stop()
    visit(page, saved_page, name="the saved incident, again")
    expect(page.get_by_text("late", exact=True)).to_have_count(0)
    assert_no_browser_errors(page, "the saved incident")


def test_a_save_answered_409_says_the_report_is_saved_and_stops(page, site):
    t = site.t
    login(page, site, OFFICIAL)
    held = Held(page, "**/incidents/autosave", let_through=1)
    visit(page, "/incidents/new")
    status = page.locator("#autosave-status")
    with page.expect_response("**/incidents/autosave") as first:
        page.locator("#form-threat").check()
    assert first.value.status == 200
    expect(status).to_contain_text(re.compile(re.escape(t("Draft saved at %(time)s", time="§")).replace("§", ".+")))

    with page.expect_request("**/incidents/autosave"):
        page.get_by_label(t("What happened, in your words"), exact=True).fill("Anruf mit Drohung.")
    # Meanwhile the same report is saved from another window of this session.
    form = page.locator("form.incident-form")
    fields = {name: form.locator(f"input[name={name}]").input_value() for name in ("csrf_token", "form_token")}
    saved = page.request.post("/incidents/new", form={
        **fields, "date": "2026-10-02", "form": "threat", "channel": "email", "severity": "2",
        "description": "Anruf mit Drohung, im anderen Fenster gespeichert.", "action": "save"})
    assert saved.ok and re.search(r"/incidents/\d+$", saved.url), saved.url

    message = t("The report has been saved in the meantime; changes made here are not kept.")
    with expect_partial(page, 409), page.expect_response("**/incidents/autosave") as late:
        held.release()
        expect(status).to_contain_text(message)
    assert late.value.status == 409
    held.stop()
    link = status.get_by_role("link", name=t("Open the saved report"), exact=True)
    assert link.get_attribute("href") == urlsplit(saved.url).path
    check_page(page, "/incidents/new after the 409")
    # Autosave has stopped: the next change sends nothing (a save would be refused
    # again); leaving through the link then sends no beacon either.
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/incidents/autosave" in r.url else None)
    page.get_by_label(t("What happened, in your words"), exact=True).fill("Noch eine Änderung.")
    with navigation(page):
        link.click()
    expect(page.locator("main")).to_contain_text("im anderen Fenster gespeichert")
    assert sent == [], sent


def test_a_selfcheck_page_saved_while_an_answer_is_saving_keeps_the_newer_answer(page, site):
    from .test_selfcheck_fill import stored_answer

    t = site.t
    dimension, key = "communication_conflict", "conflict_learning"  # no other journey answers it
    legend = selfcheck_dimension(site, dimension).questions[key].legend
    login(page, site, MEMBER)
    visit(page, "/selfcheck/")
    iserlohn = page.get_by_role("region", name="Iserlohn")
    submission = iserlohn.get_by_role("link", name="Selbstcheck 2026", exact=True).get_attribute("href")
    held = Held(page, f"**/answers/{key}")
    visit(page, f"{submission}/dimensions/{dimension}")
    box = page.get_by_role("group", name=legend, exact=True).get_by_role("textbox").first
    with page.expect_request(f"**/answers/{key}") as first:
        box.fill("Erste Fassung")
    assert parse_qs(first.value.post_data or "").get(f"q-{key}") == ["Erste Fassung"]
    box.fill("Zweite Fassung")  # its save waits behind the first one, then the submit drops it
    page.get_by_role("button", name=t("Save this page"), exact=True).click()
    expect(page.locator("form.answers")).to_have_attribute("aria-busy", "true")
    with navigation(page):
        held.release()
    held.stop()
    expect_flash(page, t("Your answers on this page are saved."))
    expect(page.get_by_role("group", name=legend, exact=True).get_by_role("textbox").first).to_have_value(
        "Zweite Fassung")
    assert stored_answer(site, MEMBER, key) == ("Zweite Fassung", "")


def test_the_page_check_sees_a_form_whose_controls_hide_what_htmx_reads(page, site):
    """The check that every journey's pages pass (support.HTMX_FORM_CHECK) is not blind:
    it names a control that hides a property of a form sending htmx requests."""
    visit(page, "/auth/login")
    page.evaluate("""() => {
        const f = document.createElement('form');
        f.setAttribute('hx-post', '/nowhere');
        f.innerHTML = '<input type=radio name=form value=a><input type=radio name=form value=b>'
            + '<input name=matches><input name=dir><input name=harmless>';
        document.getElementById('main').append(f);
    }""")
    assert sorted(page.evaluate(HTMX_FORM_CHECK)) == ["form", "matches"]
