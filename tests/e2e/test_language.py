"""Journey f: the interface is German by default; the language switch changes to
English and back, and <html lang> always names the language the page is in."""

from playwright.sync_api import expect

from .support import follow, html_lang, path_of, visit


def test_language_switch_to_english_and_back(page, site):
    t = site.t
    heading = page.get_by_role("heading", level=1)

    visit(page, "/auth/login")
    assert html_lang(page) == "de"
    german = t("Log in", "de")
    expect(heading).to_have_text(german)
    # lang="de" on English text would make screen readers read English with German rules.
    assert german != t("Log in", "en"), (
        "the German catalog has no translation for “Log in”: the page says lang=de in English"
    )

    follow(page, page.get_by_role("button", name="English", exact=True))
    assert path_of(page) == "/auth/login"
    assert html_lang(page) == "en"
    expect(heading).to_have_text(t("Log in", "en"))
    switch_back = page.get_by_role("button", name="Deutsch", exact=True)
    expect(switch_back).to_have_attribute("lang", "de")

    # The choice stays for the next pages.
    visit(page, "/auth/reset")
    assert html_lang(page) == "en"
    expect(heading).to_have_text(t("Reset password", "en"))

    follow(page, page.get_by_role("button", name="Deutsch", exact=True))
    assert path_of(page) == "/auth/reset"
    assert html_lang(page) == "de"
    expect(heading).to_have_text(t("Reset password", "de"))
    expect(page.get_by_role("button", name="English", exact=True)).to_have_attribute("lang", "en")
