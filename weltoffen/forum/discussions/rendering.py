"""Markdown for posts and practice fields: rendered by markdown-it-py with raw HTML
disabled, then sanitised by nh3 (DESIGN.md, security baseline). Mentions are
`@name` tokens matched against people of the same network."""

import re

import nh3
from markdown_it import MarkdownIt

#: "commonmark" with tables and strikethrough; html=False escapes any raw HTML typed.
_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
#: What survives sanitising. No style, no event handlers, no iframes, no images from
#: other hosts (images only from our own attachment URLs, see _filter_attribute).
TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "a", "img",
    "table", "thead", "tbody", "tr", "th", "td", "span",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "span": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto"}
#: Our own attachment URLs: the only image sources allowed (no tracking pixels).
ATTACHMENT_PATH = re.compile(r"^/forum/attachments/\d+(/[\w.-]*)?$")
MENTION = re.compile(r"(?<![\w@.])@([\w][\w.-]{1,60}[\w])", re.UNICODE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return value if ATTACHMENT_PATH.match(value) else None
    if tag == "span" and attribute == "class":
        return value if value == "mention" else None
    return value


def sanitise(html: str) -> str:
    """Keep only the allow-listed tags, attributes and URL schemes."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        attribute_filter=_filter_attribute,
        strip_comments=True,
    )


def render(text: str) -> str:
    """Markdown source -> safe HTML."""
    return sanitise(_md.render(text or ""))


def plain_excerpt(text: str, length: int = 200) -> str:
    """A short plain-text preview (no markup), for lists, notifications and e-mails."""
    plain = nh3.clean(_md.render(text or ""), tags=set())
    plain = re.sub(r"\s+", " ", plain).strip()
    return plain if len(plain) <= length else plain[: length - 1].rstrip() + "…"


def mention_handles(text: str) -> list[str]:
    """The distinct @handles in a text, lower-cased, in order of appearance
    (code spans and blocks included; the caller matches them against real people)."""
    seen: list[str] = []
    for match in MENTION.finditer(text or ""):
        handle = match.group(1).lower()
        if handle not in seen:
            seen.append(handle)
    return seen


def count_links(text: str) -> int:
    """Links a text would render to (for the new-account limits)."""
    return _md.render(text or "").count("<a href=")
