"""Journey a: an official logs in with password and second factor, opens the account
page and logs out; a wrong password gets one generic message."""

from playwright.sync_api import expect

from .support import follow, html_lang, logout, path_of, visit

OFFICIAL = "buergermeisterin.iserlohn@demo.weltoffen.de"


def test_official_logs_in_with_second_factor_and_out(page, site):
    t = site.t
    visit(page, "/")
    assert html_lang(page) == "de"
    # The first Tab reaches the skip link, visibly; it leads to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name=t("Skip to content"), exact=True)
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    follow(page, page.get_by_role("main").get_by_role("link", name=t("Log in"), exact=True))
    assert path_of(page) == "/auth/login"

    # A wrong password: one generic message, the e-mail address stays in the field.
    email = page.get_by_label(t("E-mail address"), exact=True)
    email.fill(OFFICIAL)
    page.get_by_label(t("Password"), exact=True).fill("not-the-password")
    follow(page, page.get_by_role("button", name=t("Log in"), exact=True))
    assert path_of(page) == "/auth/login"
    message = t("The e-mail address or the password is not correct.")
    expect(page.get_by_text(message)).to_have_count(1)
    expect(page.locator(".kern-error")).to_have_count(1)
    expect(email).to_have_value(OFFICIAL)
    password = page.get_by_label(t("Password"), exact=True)
    expect(password).to_have_value("")
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(message)

    # The right password, then the code from the authenticator app.
    password.fill(site.password)
    follow(page, page.get_by_role("button", name=t("Log in"), exact=True))
    assert path_of(page) == "/auth/login/code"
    code = page.get_by_label(t("Code from your authenticator app or a recovery code"), exact=True)
    expect(code).to_have_attribute("autocomplete", "one-time-code")
    code.fill(site.totp_code(OFFICIAL))
    follow(page, page.get_by_role("button", name=t("Confirm"), exact=True))
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Hello, %(name)s", name="Bea Bürgermeisterin")
    )
    expect(page.get_by_role("link", name="Iserlohn", exact=True)).to_be_visible()

    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("My account"), exact=True))
    assert path_of(page) == "/auth/account"
    expect(nav.get_by_role("link", name=t("My account"), exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_text(OFFICIAL, exact=True)).to_be_visible()

    logout(page, site)
    visit(page, "/auth/account")  # closed again: back to the login form
    assert path_of(page).startswith("/auth/login")
