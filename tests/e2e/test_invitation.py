"""Journey b: a municipal lead invites a team member; the invitation e-mail really
arrives over SMTP, the new person creates an account from its link and lands on the
start page of their municipality; the link then is spent."""

from playwright.sync_api import expect

from .support import expect_flash, follow, login, logout, path_of, visit

LEAD = "leitung.iserlohn@demo.weltoffen.de"
NEW_PERSON = "neue.kollegin@iserlohn.example"
NEW_PASSWORD = "Vielfalt-lebt-2026"


def test_lead_invites_a_team_member_who_creates_an_account(page, site):
    t = site.t
    login(page, site, LEAD)
    follow(page, page.get_by_role("main").get_by_role("link", name="Iserlohn", exact=True))
    assert path_of(page).startswith("/municipalities/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Iserlohn")

    form = page.get_by_role("form", name=t("Invite someone"))
    form.get_by_label(t("E-mail address"), exact=True).fill(NEW_PERSON)
    form.get_by_label(t("Role"), exact=True).select_option(label=t("Team member"))
    before = site.mail_count()
    follow(page, form.get_by_role("button", name=t("Send invitation"), exact=True))
    assert path_of(page).startswith("/municipalities/")
    expect_flash(page, t("Invitation sent to %(email)s.", email=NEW_PERSON))
    expect(page.locator("#team").get_by_text(NEW_PERSON)).to_be_visible()

    link = site.mail_link(NEW_PERSON, "/auth/invitation/", since=before)
    logout(page, site)

    visit(page, link)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Accept invitation"))
    expect(page.get_by_role("main")).to_contain_text(
        t(
            "You are invited to join %(place)s as %(role)s.",
            place="Iserlohn",
            role=t("Team member"),
        )
    )
    page.get_by_label(t("Your name"), exact=True).fill("Nora Neumann")
    page.get_by_label(t("New password"), exact=True).fill(NEW_PASSWORD)
    page.get_by_label(t("Repeat the new password"), exact=True).fill(NEW_PASSWORD)
    follow(page, page.get_by_role("button", name=t("Create account"), exact=True))

    assert path_of(page) == "/"
    welcome = t("Welcome to weltoffen! Your account is ready.")
    welcomed = page.locator("#alerts").get_by_role("status").filter(has_text=welcome).count()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Hello, %(name)s", name="Nora Neumann")
    )
    card = page.get_by_role("main").locator(".kern-card", has_text="Iserlohn")
    expect(card.get_by_role("link", name="Iserlohn", exact=True)).to_be_visible()
    expect(card).to_contain_text(t("Team member"))

    # The link works once.
    visit(page, link, status=410)
    expect(page.get_by_role("heading", level=1)).to_have_text(t("This link is no longer valid"))
    expect(page.get_by_role("main")).to_contain_text(t("The link has already been used."))

    # Checked last so that the rest of the journey runs even while this fails.
    assert welcomed == 1, f"the start page after accepting the invitation shows no “{welcome}”"
