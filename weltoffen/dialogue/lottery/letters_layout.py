"""The geometry of an invitation letter (DIN 5008 form B, A4, millimetres from the top
left) and the fast line wrapping letters.py sets the text with (QR codes: letters_qr.py).

Why own wrapping: fpdf2's multi_cell re-measures the growing line for every character
(about 25 ms for a page of body text, i.e. minutes for 6,000 letters). Here each word
is measured once (cached per font and size) and lines are set with `text`; paragraphs
without the recipient's name are wrapped once for the whole print run."""

from dataclasses import dataclass

from fpdf import FPDF

PAGE_W, PAGE_H = 210.0, 297.0
LEFT, RIGHT = 25.0, 20.0  # text block margins
TEXT_W = PAGE_W - LEFT - RIGHT


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x <= self.x + self.w and self.y <= y <= self.y + self.h


#: The envelope window: address field 85 × 45 mm, 20 mm from the left, 45 mm from the top.
WINDOW = Box(20.0, 45.0, 85.0, 45.0)
#: The return address (Rücksendeangabe) in the top 5 mm of the window, in small type.
RETURN_LINE = Box(25.0, 45.0, 80.0, 5.0)
#: The address itself: DIN 5008's address zone, below the 17.7 mm endorsement zone.
ADDRESS = Box(25.0, 62.7, 80.0, 27.3)
#: The sender's information block to the right of the window.
INFO = Box(125.0, 50.0, PAGE_W - RIGHT - 125.0, 45.0)
SUBJECT_Y = 98.46
BODY_Y = 108.0
#: The registration box at the foot of the page: code and address as text, and the QR code.
REGISTRATION = Box(LEFT, 236.0, TEXT_W, 40.0)
QR_SIZE = 32.0
BODY_END = REGISTRATION.y - 4.0

FOLD_MARKS = (105.0, 210.0)
HOLE_MARK = 148.5

PT = 25.4 / 72  # one point in millimetres


def line_height(size_pt: float) -> float:
    """Baseline-to-baseline distance for type of `size_pt` (1.2 × the size)."""
    return size_pt * 1.2 * PT


class Wrapper:
    """Greedy left-aligned line breaking with word widths measured once per font."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self._widths: dict[tuple[str, str, float, str], float] = {}
        self._paragraphs: dict[tuple[str, str, float, float, str], list[str]] = {}

    def width(self, word: str) -> float:
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, word)
        found = self._widths.get(key)
        if found is None:
            found = self._widths[key] = pdf.get_string_width(word)
        return found

    def lines(self, text: str, width: float, *, cache: bool = False) -> list[str]:
        """`text` broken into lines of at most `width` mm; newlines break lines, and a
        word longer than a line is cut. `cache` keeps the result for the print run."""
        pdf = self.pdf
        key = (pdf.font_family, pdf.font_style, pdf.font_size_pt, width, text)
        if cache and key in self._paragraphs:
            return self._paragraphs[key]
        out: list[str] = []
        space = self.width(" ")
        for raw in text.split("\n"):
            line, used = "", 0.0
            for word in raw.split():
                w = self.width(word)
                if line and used + space + w <= width:
                    line, used = f"{line} {word}", used + space + w
                    continue
                if line:
                    out.append(line)
                while w > width:  # a word (e.g. a URL) longer than the line: cut it
                    head = self._longest_prefix(word, width)
                    out.append(head)
                    word = word[len(head) :]
                    w = self.width(word)
                line, used = word, w
            out.append(line)
        if cache:
            self._paragraphs[key] = out
        return out

    def _longest_prefix(self, word: str, width: float) -> str:
        cut = len(word)
        while cut > 1 and self.pdf.get_string_width(word[:cut]) > width:
            cut -= 1
        return word[:cut]
