"""Stage 2 of a citizens' assembly by lot in a real browser, axe on every page, with a
real job runner consuming the queue: the mayor of Iserlohn (organiser, second factor)
enters census shares, has the targets proposed, selects the panel and watches the run
finish; she invites the panel (mails through real SMTP); a selected citizen declines on
a phone with the link from her mail; the mayor records that another did not answer and
draws replacements, which keep the targets and are shown as such."""

import random
import re
from datetime import date

from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.support import check_page, follow, login, visit
from weltoffen.auth.models import User
from weltoffen.dialogue.lottery import members, register, registration, services
from weltoffen.dialogue.lottery.models import Invitation, LotteryOrganiser
from weltoffen.dialogue.models import DialogueProcess
from weltoffen.extensions import db
from weltoffen.network.models import Municipality
from weltoffen.platform import jobs
from weltoffen.platform.db.columns import utcnow

MAYOR = "buergermeisterin.iserlohn@demo.weltoffen.de"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
DISTRICTS = ("Innenstadt", "Letmathe", "Hennen")


def _assembly_with_registrations(app) -> int:
    """A process of Iserlohn with its register drawn, letters produced and 30 registrations."""
    today = date.today()
    rows = ["Ordnungsmerkmal;Name;Straße;PLZ;Stadtteil;Geburtsjahr;Geschlecht"]
    for i in range(60):
        rows.append(f"P-{i};Person Nummer{i};Gasse {i};58636;{DISTRICTS[i % 3]};{1950 + i % 50};{'wm'[i % 2]}")
    rng = random.Random(3)
    with app.test_request_context():
        mayor = db.session.scalar(select(User).where(User.email == MAYOR))
        town = db.session.scalar(select(Municipality).where(Municipality.ags == "05962024"))
        process = DialogueProcess(municipality_id=town.id, slug="buergerrat-panel", title="Bürgerrat Stadtgrün",
                                  format_key="citizens_assembly", responsible_office="Stabsstelle Beteiligung",
                                  published=True, published_at=utcnow())
        db.session.add(process)
        db.session.flush()
        lottery = services.create(process, mayor)
        if not any(o.user_id == mayor.id for o in lottery.organisers):
            lottery.organisers.append(LotteryOrganiser(user_id=mayor.id, named_by_id=mayor.id))
        services.import_register(lottery, register.parse(("\n".join(rows) + "\n").encode(), today), mayor, today)
        services.draw_invitations(lottery, mayor, 40, seed=8, today=today)
        services.letters_produced(lottery, mayor, "pdf")
        invitations = list(db.session.scalars(select(Invitation).where(Invitation.lottery_id == lottery.id)
                                              .order_by(Invitation.position)))
        for n, invitation in enumerate(invitations[:30]):
            data = services.invitation_data(lottery, invitation)
            features = {"age_band": data["age_band"], "gender": data["gender"], "district": data["district"],
                        "education": rng.choice(("low", "medium", "high")), "migration": rng.choice(("yes", "no"))}
            registration.register(lottery, invitation, {
                "name": data["name"], "email": f"buergerin{n}@example.org", "phone": "", "features": features,
                "needs": [], "language": "", "availability": "", "consent": True}, source="online")
        db.session.commit()
        return process.id


def test_targets_selection_invitations_and_a_replacement(open_page, site):
    t = site.t
    process_id = _assembly_with_registrations(site.app)
    base = f"/dialogue/processes/{process_id}/lottery"
    with jobs.running(site.app), open_page() as page:
        login(page, site, MAYOR)
        visit(page, f"{base}/selection", name="selection page")
        page.get_by_label(f"{t('with migration background')} (%)", exact=True).fill("27,5")
        page.get_by_label(f"{t('without migration background')} (%)", exact=True).fill("72,5")
        page.get_by_label(t("Source"), exact=True).fill("Zensus 2022")
        follow(page, page.get_by_role("button", name=t("Save the census shares"), exact=True), name="census saved")
        page.get_by_label(t("Seats on the panel"), exact=True).fill("8")
        page.get_by_label(t("Places on the reserve list"), exact=True).fill("2")
        follow(page, page.get_by_role("button", name=t("Propose from the population"), exact=True),
               name="targets proposed")
        expect(page.get_by_role("table", name=t("Seats per value: at least and at most"))).to_be_visible()
        page.get_by_label(t("Algorithm"), exact=True).select_option("legacy")
        page.get_by_label(re.compile(f"^{t('Seed')}")).fill("21")
        follow(page, page.get_by_role("button", name=t("Select the panel"), exact=True), name="selection queued")
        # the page polls the run and reloads itself when the worker has finished it
        expect(page.get_by_role("heading", name=t("Panel and reserve"))).to_be_visible(timeout=60_000)
        page.wait_for_load_state("load")
        check_page(page, "panel selected")

        visit(page, f"{base}/panel", name="panel page")
        since = site.mail_count()
        follow(page, page.locator("form[action$='/panel/invite'] button[type=submit]"), name="panel invited")
        with site.app.app_context():
            from weltoffen.dialogue.lottery.models import Lottery

            lottery = db.session.scalar(select(Lottery).where(Lottery.process_id == process_id))
            seats = members.current(lottery)
            with site.app.test_request_context():
                first, second = (members.contact_of(lottery, m) for m in seats[:2])
            second_id = seats[1].id
        link = site.mail_link(first["email"], "/beteiligung/anmeldung/antwort", since)

        with open_page(**PHONE) as phone:
            visit(phone, link.removeprefix(site.base_url), name="answer page on a phone")
            follow(phone, phone.get_by_role("button", name=t("No, I cannot take part"), exact=True), name="declined")
            expect(phone.get_by_role("heading", level=1)).to_have_text(t("Thank you for your answer"))
            assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the page scrolls sideways"

        visit(page, f"{base}/panel", name="panel with a decline")
        row = page.locator(f"#member-{second_id}")
        row.get_by_role("combobox").select_option("no_answer")
        follow(page, row.get_by_role("button"), name="no answer recorded")
        page.get_by_label(t("Algorithm"), exact=True).select_option("legacy")
        follow(page, page.locator("form[action$='/panel/replace'] button[type=submit]"), name="replacements queued")
        expect(page.get_by_text(re.compile(t("replaced by %(name)s", name="").strip()))).to_have_count(
            2, timeout=60_000)
        page.wait_for_load_state("load")
        check_page(page, "panel with replacements")
        expect(page.get_by_role("row").filter(has_text=second["name"]).first).to_contain_text(t("no answer"))

    # the public page shows the panel as it stands, and nobody in it
    with open_page() as public:
        visit(public, "/beteiligung/05962024/buergerrat-panel", name="public page with the composition")
        expect(public.get_by_text(re.compile(t("Chosen by lot")))).to_be_visible()
        body = public.locator("body").inner_text()
        assert first["name"] not in body and second["name"] not in body
