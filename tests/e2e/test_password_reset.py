"""Journey c: a forgotten password is reset through the link in the e-mail that really
arrived over SMTP; the new password works, the link only once. Back in, the person
sets up the second factor the start page suggests."""

import pyotp
from playwright.sync_api import expect

from .support import expect_flash, follow, path_of, visit

ACCOUNT = "team.bochum@demo.weltoffen.de"
NEW_PASSWORD = "Zusammenhalt-vor-Ort-7"


def test_password_reset_through_the_mailed_link(page, site):
    t = site.t
    visit(page, "/auth/login")
    follow(page, page.get_by_role("link", name=t("Forgot your password?"), exact=True))
    assert path_of(page) == "/auth/reset"
    page.get_by_label(t("E-mail address"), exact=True).fill(ACCOUNT)
    before = site.mail_count()
    follow(page, page.get_by_role("button", name=t("Send link"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Check your e-mail"))

    link = site.mail_link(ACCOUNT, "/auth/reset/", since=before)
    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Choose a new password"))
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("Repeat the new password"), exact=True).fill(NEW_PASSWORD)
    follow(page, page.get_by_role("button", name=t("Save password"), exact=True))
    assert path_of(page) == "/auth/login"
    expect_flash(page, t("Your password has been changed. You can log in now."))

    # The old password is gone, the new one works.
    page.get_by_label(t("E-mail address"), exact=True).fill(ACCOUNT)
    page.get_by_label(t("Password"), exact=True).fill(site.password)
    follow(page, page.get_by_role("button", name=t("Log in"), exact=True))
    expect(
        page.get_by_text(t("The e-mail address or the password is not correct."))
    ).to_be_visible()
    page.get_by_label(t("Password"), exact=True).fill(NEW_PASSWORD)
    follow(page, page.get_by_role("button", name=t("Log in"), exact=True))
    assert path_of(page) == "/"
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Hello, %(name)s", name="Bo Team"))

    visit(page, link, status=410)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("This link is no longer valid"))
    expect(
        page.get_by_role("link", name=t("Request a new link to reset your password"))
    ).to_be_visible()

    # Back in, the start page suggests a second factor: set it up with the key shown.
    visit(page, "/")
    follow(page, page.get_by_role("link", name=t("Set up second factor"), exact=True))
    assert path_of(page) == "/auth/account/second-factor"
    expect(page.get_by_role("img", name=t("QR code for your authenticator app"))).to_be_visible()
    secret = page.locator(".secret").inner_text().replace(" ", "")
    page.get_by_label(t("Six-digit code shown in the app"), exact=True).fill(
        pyotp.TOTP(secret).now()
    )
    follow(page, page.get_by_role("button", name=t("Activate"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Your recovery codes"))
    expect(
        page.get_by_role("list", name=t("Recovery codes")).get_by_role("listitem")
    ).to_have_count(10)
    follow(page, page.get_by_role("link", name=t("I have saved the codes"), exact=True))
    assert path_of(page) == "/"
    expect(page.get_by_role("link", name=t("Set up second factor"), exact=True)).to_have_count(0)
