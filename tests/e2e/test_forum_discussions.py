"""Forum discussions journey: the coordinator (second factor) creates a category; the
Iserlohn lead opens a topic on behalf of Iserlohn with a preview (htmx, same page), an
@mention and an image; the Bochum lead quotes it without a reload, replies with a
content warning and corrects the reply; the folded reply opens on click.

Independence: the journey creates its own category through the pages and posts with
Lea Leitung and Ben Leitung, whom no other forum journey uses for posting."""

import io
import re
import uuid

from PIL import Image
from playwright.sync_api import expect

from .support import (
    assert_same_document,
    expect_image_loaded,
    follow,
    login,
    logout,
    mark_document,
    path_of,
    visit,
)

COORDINATOR = "koordination@demo.weltoffen.de"
AUTHOR = "leitung.iserlohn@demo.weltoffen.de"
REPLIER = "leitung.bochum@demo.weltoffen.de"


def png_file(tmp_path):
    path = tmp_path / "Plakat.png"
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (10, 90, 140)).save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_category_topic_preview_quote_reply_and_edit(page, site, tmp_path):
    t = site.t
    category = f"Austausch {uuid.uuid4().hex[:6]}"
    title = "Begegnungsfest im Stadtpark"

    # The coordinator creates a category.
    login(page, site, COORDINATOR)
    nav = page.get_by_role("navigation", name=t("Main navigation"))
    follow(page, nav.get_by_role("link", name=t("Forum"), exact=True))
    assert path_of(page) == "/forum/"
    follow(page, page.get_by_role("link", name=re.compile("^" + t("Manage categories"))).first)
    follow(page, page.get_by_role("link", name=t("New category"), exact=True))
    page.get_by_label(t("Name"), exact=True).fill(category)
    page.get_by_label(t("Description"), exact=False).fill("Erfahrungen und Fragen")
    follow(page, page.get_by_role("button", name=t("Save"), exact=True))
    expect(page.get_by_role("table")).to_contain_text(category)
    logout(page, site)

    # The Iserlohn lead opens a topic for Iserlohn, with a preview first.
    login(page, site, AUTHOR)
    follow(page, page.get_by_role("navigation", name=t("Main navigation")).get_by_role("link", name=t("Forum")))
    follow(page, page.get_by_role("link", name=category, exact=True))
    follow(page, page.get_by_role("link", name=t("New topic"), exact=True))
    page.get_by_label(t("Title"), exact=True).fill(title)
    body = page.get_by_label(t("Your text"), exact=True)
    body.fill("Wir planen ein **Begegnungsfest**. @ben.leitung, wie war es bei Ihnen?")
    mark_document(page)
    page.get_by_role("button", name=t("Preview"), exact=True).click()
    preview = page.get_by_role("region", name=t("Preview"))
    expect(preview.locator(".forum-post__body strong")).to_have_text("Begegnungsfest")
    expect(preview.locator(".mention")).to_have_text("@ben.leitung")
    assert_same_document(page)
    post_as = page.get_by_label(t("Post as"))
    post_as.select_option(label=post_as.locator("option", has_text="Iserlohn").text_content().strip())
    page.get_by_label(t("Attachments"), exact=False).set_input_files(str(png_file(tmp_path)))
    follow(page, page.get_by_role("button", name=t("Start topic"), exact=True))
    assert re.fullmatch(r"/forum/topics/\d+", path_of(page)), page.url
    topic_path = path_of(page)
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    first = page.locator("article.forum-post").first
    expect(first).to_contain_text(re.compile(r"Lea Leitung (für|for) .*Iserlohn"))
    expect(first.locator(".mention")).to_have_text("@ben.leitung")
    assert expect_image_loaded(first.get_by_role("img")) == 40  # a lazy image: loaded when near
    logout(page, site)

    # The Bochum lead quotes it (no reload), replies with a content warning, then corrects the reply.
    login(page, site, REPLIER)
    visit(page, topic_path)
    mark_document(page)
    first = page.locator("article.forum-post").first
    first.get_by_role("link", name=re.compile("^" + t("Quote"))).click()
    reply_box = page.locator("#reply-form").get_by_label(t("Your text"), exact=True)
    expect(reply_box).to_have_value(re.compile(r"^> Wir planen ein \*\*Begegnungsfest\*\*.*\n\n— @lea\.leitung", re.S))
    assert_same_document(page)
    reply_box.press("End")
    reply_box.type("Bei uns kamen Sprüche wie „Ihr Gutmenschen“ – wir haben darüber gesprochen.")
    page.locator("#reply-form").get_by_label(t("Contains abusive language quoted for discussion")).check()
    follow(page, page.get_by_role("button", name=t("Send reply"), exact=True))
    reply = page.locator("article.forum-post").nth(1)
    warning = reply.locator("details.content-warning")
    expect(warning).not_to_have_attribute("open", "")
    expect(reply.get_by_text("Gutmenschen")).not_to_be_visible()
    warning.locator("summary").click()
    expect(reply.get_by_text("Gutmenschen")).to_be_visible()
    expect(reply.locator("blockquote")).to_contain_text("Begegnungsfest")

    follow(page, reply.get_by_role("link", name=re.compile("^" + t("Edit"))))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Edit post"))
    edit_box = page.get_by_label(t("Your text"), exact=True)
    edit_box.fill(edit_box.input_value() + "\n\nNachtrag: Das Fest war ein Erfolg.")
    follow(page, page.get_by_role("button", name=t("Save changes"), exact=True))
    assert path_of(page).split("?")[0] == topic_path
    reply = page.locator("article.forum-post").nth(1)
    reply.locator("details.content-warning summary").click()
    expect(reply).to_contain_text("Nachtrag: Das Fest war ein Erfolg.")
