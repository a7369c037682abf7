"""The one base of every PDF document the platform writes (the self-check report, the
incident dossier): A4 with fpdf2, Fira Sans (KERN UX's typeface, vendored as TTF under
static/vendor/fira/; DejaVu from matplotlib only as a fallback for glyphs Fira lacks
and as the monospace face for checksums), the document metadata (title, author,
language, creation date, shown title in the viewer), an outline entry per heading,
a footer with "page n of m" and small building blocks (headings, paragraphs,
"label: value" lines, bullets, tables whose columns never break a word).

Nothing is downloaded at run time; the same input gives the same bytes (the
creation date is the caller's)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import matplotlib
from flask_babel import gettext as _
from fpdf import FPDF, ViewerPreferences
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

FONT = "FiraSans"
FIRA_DIR = Path(__file__).parents[1] / "static" / "vendor" / "fira"
FONT_FILES = {
    "": FIRA_DIR / "FiraSans_400Regular.ttf",
    "B": FIRA_DIR / "FiraSans_700Bold.ttf",
    "I": FIRA_DIR / "FiraSans_400Regular_Italic.ttf",
}
DEJAVU_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
#: Glyphs Fira Sans lacks (e.g. check marks) come from DejaVu Sans.
FALLBACK = "DejaVu"
FALLBACK_FILES = {"": DEJAVU_DIR / "DejaVuSans.ttf", "B": DEJAVU_DIR / "DejaVuSans-Bold.ttf"}
#: Checksums and other codes, one width per character.
MONO = "DejaVuMono"
MONO_FILE = DEJAVU_DIR / "DejaVuSansMono.ttf"

TEXT = (26, 26, 26)
MUTED = (74, 81, 96)
BRAND = (11, 58, 117)
HEAD_FILL = (234, 238, 245)
LINE = 5.0  # mm per line of body text
HEADINGS = {1: (20, 0), 2: (14, 6), 3: (11.5, 3)}  # level -> (size in pt, space above in mm)


@dataclass(frozen=True)
class Metadata:
    """What a PDF viewer, a screen reader and a document archive read about the file."""

    title: str
    author: str
    lang: str
    created: datetime
    subject: str = ""
    keywords: str = ""


def add_fonts(pdf: FPDF) -> None:
    """Register Fira Sans (regular, bold, italic), the DejaVu fallback and the monospace
    face with `pdf`, and make DejaVu the fallback for missing glyphs."""
    for style, path in FONT_FILES.items():
        pdf.add_font(FONT, style, str(path))
    for style, path in FALLBACK_FILES.items():
        pdf.add_font(FALLBACK, style, str(path))
    pdf.add_font(MONO, "", str(MONO_FILE))
    pdf.set_fallback_fonts([FALLBACK], exact_match=False)


def close_fonts(pdf: FPDF) -> None:
    """fpdf2 reads fonts lazily and leaves the font files open: close them."""
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()


class Document(FPDF):
    """An A4 document with the platform's fonts, metadata, outline and footer."""

    footer_text = ""

    def __init__(self, meta: Metadata, footer_text: str = "", orientation: str = "portrait") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        add_fonts(self)
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=20)
        self.set_title(meta.title)
        self.set_author(meta.author)
        self.set_creator("weltoffen")
        self.set_lang(meta.lang)
        self.set_creation_date(meta.created)
        if meta.subject:
            self.set_subject(meta.subject)
        if meta.keywords:
            self.set_keywords(meta.keywords)
        # The viewer's title bar shows the title, not the file name; bookmarks open.
        self.viewer_preferences = ViewerPreferences(display_doc_title=True)
        self.page_mode = "USE_OUTLINES"
        self.footer_text = footer_text
        self.set_text_color(*TEXT)
        self._outline_level = -1

    def finish(self) -> bytes:
        """The PDF as bytes; closes the font files."""
        try:
            return bytes(self.output())
        finally:
            close_fonts(self)

    def footer(self):
        self.set_y(-14)
        self.set_font(FONT, "", 8)
        self.set_text_color(*MUTED)
        page = _("Page %(page)d of %(pages)d").replace("%(pages)d", "{nb}")
        page = page.replace("%(page)d", str(self.page_no()))
        self.cell(self.epw * 0.7, 5, self.footer_text)
        self.cell(self.epw * 0.3, 5, page, align="R")
        self.set_text_color(*TEXT)

    # small building blocks ---------------------------------------------------------

    def room(self) -> float:
        """The height in mm left on the current page above the bottom margin."""
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm still fit (no heading alone at the bottom)."""
        if height > self.room():
            self.add_page()

    def heading(self, text: str, level: int = 2, outline: bool = True) -> None:
        """A heading of level 1–3; each is a bookmark of the outline at its level."""
        size, space = HEADINGS[level]
        self.keep(size * 0.6 + 18)
        self.ln(space)
        if outline:
            # The outline may not skip a level (fpdf2 refuses that): clamp to one below the last.
            depth = min(level - 1, self._outline_level + 1)
            self.start_section(text.replace("\n", " "), level=depth)
            self._outline_level = depth
        self.set_font(FONT, "B", size)
        self.set_text_color(*(BRAND if level < 3 else TEXT))
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_text_color(*TEXT)

    def para(self, text: str, style: str = "", size: float = 10, color=TEXT, indent: float = 0) -> None:
        self.set_font(FONT, style, size)
        self.set_text_color(*color)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, text or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(*TEXT)

    def labelled(self, label: str, value: str, indent: float = 0, min_width: float = 0,
                 mono: bool = False) -> None:
        """ "Label value" with a bold label; long values wrap beside it, under themselves."""
        self.set_font(FONT, "B", 10)
        self.set_x(self.l_margin + indent)
        # The label's own width, both cell margins and a gap of 1.5 mm before the value.
        width = max(min(self.get_string_width(label) + 2 * self.c_margin + 1.5, self.epw * 0.4), min_width)
        self.multi_cell(width, LINE, label, align="L", new_x=XPos.RIGHT, new_y=YPos.TOP)
        if mono:
            self.set_font(MONO, "", 8.5)
        else:
            self.set_font(FONT, "", 10)
        self.multi_cell(0, LINE, value or "–", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def bullet(self, text: str, indent: float = 0) -> None:
        self.set_font(FONT, "", 10)
        self.set_x(self.l_margin + indent)
        self.cell(5, LINE, "•")
        self.multi_cell(0, LINE, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def data_table(self, rows: Sequence[Sequence[str]], widths: Sequence[float], size: float,
                   padding: float, align="LEFT") -> None:
        """`rows` (the first one the headings, repeated on every page) as a table with
        horizontal lines, bold headings on a light fill, cells aligned at the top."""
        self.set_font(FONT, "", size)
        with self.table(
            col_widths=tuple(widths),
            width=self.epw,
            text_align=align,
            headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=HEAD_FILL),
            line_height=size * 0.5,
            padding=padding,
            repeat_headings=1,
            borders_layout="HORIZONTAL_LINES",
            v_align="TOP",
        ) as table:
            for row in rows:
                table.row(row)

    def column_widths(self, rows: Sequence[Sequence[str]], size: float, padding: float,
                      grow: int = 0) -> tuple[float, ...]:
        """Column widths (mm, adding up to the page's text width) in which no word of
        `rows` is broken: the first row (the headings) is measured in bold, every
        other in regular type, each column at least as wide as its widest word and,
        where room allows, as its longest line. Column `grow` takes what is left.
        ValueError if even the widest words do not fit side by side."""
        count = len(rows[0])
        least, most = [0.0] * count, [0.0] * count
        for index, row in enumerate(rows):
            self.set_font(FONT, "B" if index == 0 else "", size)
            for col, text in enumerate(row):
                for line in str(text).split("\n"):
                    words = line.split() or [""]
                    least[col] = max(least[col], *(self.get_string_width(w) for w in words))
                    most[col] = max(most[col], self.get_string_width(line))
        extra = 2 * padding + 1.0  # both paddings and a hair for rounding in fpdf2's line breaking
        least = [w + extra for w in least]
        most = [w + extra for w in most]
        if sum(least) > self.epw:
            raise ValueError("the columns' widest words do not fit side by side")
        widths = list(least)
        spare = self.epw - sum(widths)
        wants = [most[c] - least[c] if c != grow else 0.0 for c in range(count)]
        if sum(wants) > 0:
            share = min(1.0, spare / sum(wants))
            widths = [w + want * share for w, want in zip(widths, wants, strict=True)]
        widths[grow] += self.epw - sum(widths)
        return tuple(widths)
