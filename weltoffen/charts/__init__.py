"""Charts as pure functions: a small frozen dataclass in, SVG or PNG bytes out.

matplotlib's object API only (`Figure` with an explicit canvas, never `pyplot`),
settings through `matplotlib.rc_context` so no global state changes, Fira Sans,
the Okabe–Ito palette (safe for colour-blind readers), and byte-identical output
for identical input: no dates, random ids or version strings in the files. The SVG
carries <title> and <desc> for screen readers; pages still show a data table beside
every chart.
"""

from .bars import ScoreBars
from .peers import Distribution, Radar
from .render import STYLE_VERSION, Chart, content_hash, png, svg
from .trend import Trend

__all__ = ["Chart", "Distribution", "Radar", "STYLE_VERSION", "ScoreBars", "Trend", "content_hash", "png", "svg"]
