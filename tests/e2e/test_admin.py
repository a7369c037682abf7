"""Journey e: a platform admin goes through every admin page, creates a municipality
(first with an invalid AGS, then correctly) and imports municipalities from a CSV file
with preview and confirmation."""

from playwright.sync_api import expect

from .support import expect_flash, follow, login, path_of, visit

ADMIN = "admin@demo.weltoffen.de"

CSV = (
    b"ags;name;state;kind;population;foreign_born_share\n"
    b"05962032;Menden (Sauerland);Nordrhein-Westfalen;Stadt;52000;11,2\n"
    b"05962004;Altena;NRW;Stadt;17000;14,9\n"
)


def test_admin_pages_new_municipality_and_csv_import(page, site):
    t = site.t
    login(page, site, ADMIN)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Administration"), exact=True))
    assert path_of(page) == "/admin/"
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Administration"))

    # Every admin page, the edit pages through the links of their lists.
    visit(page, "/admin/networks")
    follow(page, page.get_by_role("link", name=t("Edit %(name)s", name="Weltoffene Kommune")))
    assert path_of(page).startswith("/admin/networks/")
    expect(page.get_by_label(t("Name"), exact=True)).to_have_value("Weltoffene Kommune")

    visit(page, "/admin/users")
    follow(page, page.get_by_role("link", name="Lea Leitung", exact=True))
    assert path_of(page).startswith("/admin/users/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lea Leitung")

    visit(page, "/admin/municipalities")
    follow(page, page.get_by_role("link", name="Iserlohn", exact=True))
    assert path_of(page).startswith("/admin/municipalities/")
    expect(page.get_by_label(t("Official municipality key (AGS)"), exact=True)).to_have_value(
        "05962024"
    )

    visit(page, "/admin/municipalities/import")

    # A new municipality: first with an AGS of seven digits and a letter.
    visit(page, "/admin/municipalities")
    follow(page, page.get_by_role("link", name=t("New municipality"), exact=True))
    assert path_of(page) == "/admin/municipalities/new"
    ags = page.get_by_label(t("Official municipality key (AGS)"), exact=True)
    name = page.get_by_label(t("Name"), exact=True)
    state = page.get_by_label(t("Federal state"), exact=True)
    kind = page.get_by_label(t("Kind"), exact=True)
    population = page.get_by_label(t("Population"), exact=True)
    share = page.get_by_label(t("Share of foreign-born residents (percent)"), exact=True)
    ags.fill("0595804x")
    name.fill("Sundern (Sauerland)")
    state.select_option("05")
    kind.select_option("stadt")
    population.fill("27500")
    share.fill("9.4")
    follow(page, page.get_by_role("button", name=t("Save"), exact=True), status=400)
    assert path_of(page) == "/admin/municipalities/new"
    error = t("The AGS must have exactly 8 digits (got “%(value)s”).", value="0595804x")
    expect(ags).to_have_attribute("aria-invalid", "true")
    expect(ags).to_have_accessible_description(
        f"{t('8 digits, e.g. 05911000 for Bochum.')} {error}"
    )
    summary = page.get_by_role("alert")
    summary_title = summary.locator(".kern-title").inner_text()
    expect(
        summary.get_by_role("link", name=t("Official municipality key (AGS)"))
    ).to_have_attribute("href", "#ags")
    expect(ags).to_have_value("0595804x")
    expect(name).to_have_value("Sundern (Sauerland)")
    expect(state).to_have_value("05")
    expect(kind).to_have_value("stadt")
    expect(population).to_have_value("27500")
    expect(share).to_have_value("9.4")

    ags.fill("05958044")
    follow(page, page.get_by_role("button", name=t("Save"), exact=True))
    assert path_of(page) == "/admin/municipalities?q=05958044"
    expect_flash(page, t("“%(name)s” saved.", name="Sundern (Sauerland)"))
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="Sundern (Sauerland)", exact=True)).to_be_visible()

    # CSV import: upload, preview, confirm.
    follow(page, page.get_by_role("link", name=t("Import from CSV"), exact=True))
    assert path_of(page) == "/admin/municipalities/import"
    network = page.get_by_label(t("Network"))  # labelled "– optional" as well
    expect(network.locator("option:checked")).to_have_text("Weltoffene Kommune")
    page.get_by_label(t("CSV file"), exact=True).set_input_files(
        {"name": "kommunen.csv", "mimeType": "text/csv", "buffer": CSV}
    )
    follow(page, page.get_by_role("button", name=t("Check file"), exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Import preview"))
    expect(page.get_by_role("status")).to_contain_text(
        t(
            "All rows are valid: %(created)d new, %(updated)d updated in %(network)s.",
            created=2,
            updated=0,
            network="Weltoffene Kommune",
        )
    )
    preview = page.get_by_role("table", name=t("Rows to import"))
    expect(preview.locator("tbody tr")).to_have_count(2)
    expect(preview).to_contain_text("Menden (Sauerland)")
    expect(preview).to_contain_text("Altena")

    follow(page, page.get_by_role("button", name=t("Import now"), exact=True))
    assert path_of(page) == "/admin/municipalities"
    expect_flash(
        page, t("Import done: %(created)d created, %(updated)d updated.", created=2, updated=0)
    )
    page.get_by_role("searchbox", name=t("Name or AGS")).fill("05962")
    follow(page, page.get_by_role("button", name=t("Search"), exact=True))
    table = page.get_by_role("table", name=t("Municipalities"))
    for town in ("Altena", "Iserlohn", "Menden (Sauerland)"):
        expect(table.get_by_role("link", name=town, exact=True)).to_be_visible()

    # Checked last so that the rest of the journey runs even while this fails.
    assert summary_title == t("Please check your entries."), "error summary title"
