"""Stage 1 of a citizens' assembly by lot in a real browser, axe on every page: the demo
lead of Iserlohn starts the lottery of the assembly and names the mayor (who has a
second factor) as organiser; she imports a register extract, draws invitations and
downloads the letters; a citizen then registers on a phone with the code from a letter
and finds the withdrawal link."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.support import check_page, expect_partial, follow, login, logout, visit

LEAD = "leitung.iserlohn@demo.weltoffen.de"
MAYOR = "buergermeisterin.iserlohn@demo.weltoffen.de"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def register_csv() -> bytes:
    rows = ["Ordnungsmerkmal;Name;Straße;PLZ;Stadtteil;Geburtsjahr;Geschlecht"]
    districts = ("Innenstadt", "Letmathe", "Hennen")
    for i in range(40):
        rows.append(f"E-{i};Testperson Nummer{i};Weg {i};58636;{districts[i % 3]};{1950 + i};{'wmd'[i % 3]}")
    return ("\n".join(rows) + "\n").encode()


def test_start_import_draw_print_and_register_on_a_phone(open_page, site):
    t = site.t
    with open_page() as page:
        login(page, site, LEAD)
        follow(page, page.get_by_role("link", name=t("Citizen participation"), exact=True).first, name="processes")
        follow(page, page.get_by_role("link", name=t("Record a new process"), exact=True), name="new process")
        page.get_by_label(re.compile(f"^{t('Title')}( – .*)?$")).fill("Bürgerrat Wohnen")
        page.get_by_label(re.compile(f"^{t('Format')}( – .*)?$")).select_option("citizens_assembly")
        follow(page, page.get_by_role("button", name=t("Save"), exact=True), name="the assembly")
        follow(page, page.get_by_role("link", name=t("Selection by lot"), exact=True).first, name="lottery page")
        follow(page, page.get_by_role("button", name=t("Start the lottery"), exact=True), name="lottery started")
        page.get_by_label("Bea Bürgermeisterin", exact=True).check()
        follow(page, page.get_by_role("button", name=t("Save organisers"), exact=True), name="organisers saved")
        lottery_path = page.url
        logout(page, site)

        login(page, site, MAYOR)
        visit(page, lottery_path, name="lottery page of the organiser")
        # a broken extract: sent with upload progress, refused with its line, nothing kept
        broken = register_csv().replace(b"E-2;Testperson Nummer2;Weg 2;58636", b"E-2;Testperson Nummer2;Weg 2;586")
        page.get_by_label(re.compile(t("CSV extract of the population register"))).set_input_files(
            files=[{"name": "melderegister.csv", "mimeType": "text/csv", "buffer": broken}])
        with expect_partial(page, 422):
            page.get_by_role("button", name=t("Import and seal"), exact=True).click()
            expect(page.get_by_text(re.compile(f"^{t('Line %(n)d', n=4)}:"))).to_be_visible()
        check_page(page, "register refused")
        page.get_by_label(re.compile(t("CSV extract of the population register"))).set_input_files(
            files=[{"name": "melderegister.csv", "mimeType": "text/csv", "buffer": register_csv()}])
        follow(page, page.get_by_role("button", name=t("Import and seal"), exact=True), name="register imported")
        expect(page.get_by_text(re.compile("40"))).not_to_have_count(0)
        page.get_by_label(t("Number of invitations"), exact=True).fill("5")
        page.get_by_label(t("Simple: every person has the same chance"), exact=True).check()
        follow(page, page.get_by_role("button", name=t("Draw"), exact=True), name="invitations drawn")
        with page.expect_download() as download:
            page.get_by_role("button", name=t("Letters as PDF"), exact=True).click()
        with open(download.value.path(), "rb") as fh:
            pdf = PdfReader(io.BytesIO(fh.read()))
        assert len(pdf.pages) == 5
        code = CODE.search(pdf.pages[0].extract_text()).group(0)
        page.reload(wait_until="load")
        check_page(page, "lottery page after the letters")
        expect(page.get_by_text(t("The letters have been produced, so the draw is fixed."))).to_be_visible()
        logout(page, site)

    with open_page(**PHONE) as phone:
        visit(phone, "/beteiligung/anmeldung", name="registration on a phone")
        phone.get_by_label(re.compile(t("Your personal code"))).fill(code.lower())
        follow(phone, phone.get_by_role("button", name=t("Continue"), exact=True), name="registration form")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390, "the form scrolls sideways"
        phone.get_by_label(t("I have read the information on data protection and agree that my details are used "
                             "to select and organise the citizens' assembly."), exact=True).check()
        phone.get_by_label(re.compile(f"^{t('Name')}")).fill("Rosalinde Probst")
        phone.get_by_label(re.compile(f"^{t('E-mail')}")).fill("rosalinde@example.org")
        phone.get_by_label(t("18 to 29"), exact=True).check()
        phone.get_by_label(t("female"), exact=True).check()
        phone.get_by_label(re.compile(f"^{t('District you live in')}")).select_option("Letmathe")
        phone.get_by_label(t("Abitur, Fachhochschulreife or a university degree"), exact=True).check()
        phone.get_by_label(t("No"), exact=True).check()
        phone.get_by_label(t("Childcare"), exact=True).check()
        follow(phone, phone.get_by_role("button", name=t("Register"), exact=True), name="registered")
        expect(phone.get_by_role("heading", level=1)).to_have_text(t("Thank you for registering"))
        expect(phone.get_by_role("link", name=re.compile("abmelden"))).to_be_visible()
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
