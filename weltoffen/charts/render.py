"""SVG and PNG output for every chart type, and the content hash for cache URLs."""

import hashlib
import io
import re
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from . import sizes
from .bars import ScoreBars, _score_bars
from .peers import Distribution, Radar, _distribution, _radar
from .style import (
    _LOCK,
    RC,
    WIDTH_IN,
)
from .trend import Trend, _trend

Chart = ScoreBars | Radar | Distribution | Trend
_FIGURES = {ScoreBars: _score_bars, Radar: _radar, Distribution: _distribution, Trend: _trend}
#: Part of every content hash: bump it when the drawing changes, so browsers that
#: keep a chart for a year ("immutable") get the new drawing under a new URL.
STYLE_VERSION = 2  # 2: Fira Sans instead of DejaVu Sans


def _figure(chart: Chart, height_in: float | None = None, dpi: float = 100, size: str = sizes.DEFAULT) -> Figure:
    return _FIGURES[type(chart)](chart, height_in, dpi, size=size)


def content_hash(chart: Chart) -> str:
    """SHA-256 (hex) of everything that decides a chart's bytes: its data, the drawing
    code's version and matplotlib's. Equal hashes mean equal files."""
    text = f"{STYLE_VERSION}|{matplotlib.__version__}|{chart!r}"
    return hashlib.sha256(text.encode()).hexdigest()


_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")


def _accessible(svg_bytes: bytes, chart: Chart) -> bytes:
    """<title> and <desc> as the first children of <svg>, and role="img"."""
    match = _SVG_OPEN.search(svg_bytes)
    tag = match.group(0)
    opened = tag[:-1] + b' role="img">'
    inserted = (f"\n <title>{escape(chart.title)}</title>\n <desc>{escape(chart.description)}</desc>").encode()
    return svg_bytes[: match.start()] + opened + inserted + svg_bytes[match.end() :]


def tagged_hash(chart, tag: str) -> str:
    """content_hash for a chart type drawn outside this module; `tag` names its drawing."""
    text = f"{STYLE_VERSION}|{tag}|{matplotlib.__version__}|{chart!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def draw_svg(chart, figure, size: str = sizes.DEFAULT) -> bytes:
    """`figure(chart, size=size)` as a self-contained, accessible SVG document (UTF-8)."""
    sizes.check(size)
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        FigureCanvasSVG(figure(chart, size=size)).print_svg(buffer, metadata={"Date": None, "Creator": None})
    return _accessible(buffer.getvalue(), chart)


def svg(chart: Chart, size: str = sizes.DEFAULT) -> bytes:
    """The chart as a self-contained SVG document (UTF-8), in one of sizes.SIZES."""
    return draw_svg(chart, _figure, size)


def png(chart: Chart, width_px: int = 1600, height_px: int | None = None) -> bytes:
    """The chart as a PNG exactly `width_px` wide (height from the number of bars
    unless `height_px` is given)."""
    if width_px < 100 or (height_px is not None and height_px < 100):
        raise ValueError("a chart needs at least 100 × 100 pixels")
    dpi = width_px / WIDTH_IN  # WIDTH_IN is a power of two: width_px comes out exact
    # Pixel sizes are truncated, so a hair over the exact height keeps rounding out.
    height_in = (height_px + 0.25) / dpi if height_px else None
    buffer = io.BytesIO()
    with _LOCK, matplotlib.rc_context(RC):
        fig = _figure(chart, height_in, dpi)
        FigureCanvasAgg(fig).print_png(buffer, metadata={"Software": None})
    return buffer.getvalue()
