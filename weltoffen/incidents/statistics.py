"""The network's anonymous incident statistics: counts of recorded incidents by period
(quarter, half-year, year), KoMo type or form, channel, severity and size class –
never by municipality or state – over the last QUARTERS closed quarters (the running
quarter never: its counts would grow one incident at a time).

Pages never read these counts live: `figures()` is what a release stores
(incidents/statistics_release.py, platform/releases.py) and `publication_of()` turns
a stored release into the page's tables.

Recorded means open or closed with its statistics columns set: drafts are left out,
shredded incidents stay in (their clear columns outlive the key). Every table the
page can show – each granularity with each category, and severity by size class –
is protected together in one `Publication` (suppression.protect), so a count hidden
in one table cannot be recovered from another one beside it (quarters add up to
half-years, forms add up to their KoMo type, each table's margins are shared)."""

import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..extensions import db
from ..network.sizes import SIZE_LABELS, size_class
from ..platform.releases import DEFAULT_K, k_value  # noqa: F401 - the statistics' K is the benchmark's
from . import suppression
from .models import CHANNELS, FORMS, SEVERITIES, Incident

#: The statistics cover this many closed quarters, up to the last one before today's.
QUARTERS = 8
GRANULARITIES = ("quarter", "half", "year")
#: KoMo's types of hostility, each a group of forms.
TYPES = {
    "verbal": ("insult", "defamation", "threat", "coercion", "stalking", "discrimination", "incitement"),
    "online": ("online_hate",),
    "property": tuple(f for f in FORMS if f.startswith("property_")),
    "physical": tuple(f for f in FORMS if f.startswith("physical_")),
}
DIMENSIONS = {"type": tuple(TYPES), "form": FORMS, "channel": CHANNELS, "severity": SEVERITIES}
NOT_STATED = "not_stated"
ALL, TOTAL = "all", "*"


def quarters_until(today: date, n: int = QUARTERS) -> tuple[str, ...]:
    """The last `n` quarters up to the one of `today`, oldest first ("2026-Q3")."""
    index = today.year * 4 + (today.month - 1) // 3
    return tuple(f"{i // 4}-Q{i % 4 + 1}" for i in range(index - n + 1, index + 1))


def closed_quarters(today: date, n: int = QUARTERS) -> tuple[str, ...]:
    """The last `n` quarters that have ended before `today`, oldest first."""
    first_of_quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return quarters_until(date.fromordinal(first_of_quarter.toordinal() - 1), n)


def half_of(quarter: str) -> str:
    return f"{quarter[:4]}-H{1 if quarter[-1] in '12' else 2}"


def periods(quarters: tuple[str, ...], granularity: str) -> tuple[str, ...]:
    if granularity == "quarter":
        return quarters
    if granularity == "half":
        return tuple(dict.fromkeys(half_of(q) for q in quarters))
    return tuple(dict.fromkeys(q[:4] for q in quarters))


def size_bands(populations: list[int], k: int) -> list[tuple[int, ...]]:
    """Size classes joined with their neighbours until each band holds at least k of
    the network's municipalities, so no column stands for one or two places."""
    per_class = Counter(size_class(p) for p in populations)
    bands, current, members = [], [], 0
    for index in range(len(SIZE_LABELS)):
        current.append(index)
        members += per_class.get(index, 0)
        if members >= k:
            bands.append(tuple(current))
            current, members = [], 0
    if current:
        if bands:
            bands[-1] = bands[-1] + tuple(current)
        else:
            bands.append(tuple(current))
    return bands


@dataclass(frozen=True)
class Publication:
    """Every count the page can show, protected together; `value` gives None for a
    hidden count."""

    k: int
    quarters: tuple[str, ...]
    categories: dict
    bands: tuple[tuple[int, ...], ...]
    #: "0", "1" … per size band (SIZE_LABELS joined by `size_bands`), NOT_STATED last if any.
    band_keys: tuple[str, ...]
    counts: dict
    hidden: frozenset
    #: The system protected together: every entry's key (in order) and the equations between them.
    keys: tuple = ()
    equations: tuple = ()

    def value(self, key) -> int | None:
        return None if key in self.hidden else self.counts.get(key, 0)

    @property
    def total(self) -> int:
        return self.counts.get((ALL, TOTAL, TOTAL), 0)

    def table(self, granularity: str, dimension: str) -> suppression.Shown:
        """Periods × categories with the totals."""
        rows = periods(self.quarters, granularity)
        cols = self.categories[dimension]
        return self._shown(
            [(p, dimension, c) for p in rows for c in cols], [(p, TOTAL, TOTAL) for p in rows],
            [(ALL, dimension, c) for c in cols], rows, cols,
        )

    def severity_by_size(self) -> suppression.Shown:
        rows = self.categories["severity"]
        cols = self.band_keys
        return self._shown(
            [("size", s, b) for s in rows for b in cols], [(ALL, "severity", s) for s in rows],
            [("size", TOTAL, b) for b in cols], rows, cols,
        )

    def _shown(self, cells, row_totals, col_totals, rows, cols) -> suppression.Shown:
        n = len(cols)
        values = [self.value(key) for key in cells]
        return suppression.Shown(
            suppression.Table(rows, cols, tuple(tuple(self.counts.get(k, 0) for k in cells[i * n:(i + 1) * n])
                                                for i in range(len(rows)))),
            tuple(tuple(values[i * n:(i + 1) * n]) for i in range(len(rows))),
            tuple(self.value(k) for k in row_totals),
            tuple(self.value(k) for k in col_totals),
            self.value((ALL, TOTAL, TOTAL)),
        )

    def hidden_share(self, granularity: str, dimension: str = "type") -> float:
        shown = self.table(granularity, dimension)
        cells = [v for row in shown.cells for v in row]
        return sum(v is None for v in cells) / len(cells) if cells else 0.0

    def auto_granularity(self) -> str:
        """The finest period whose table by KoMo type is not mostly hidden (or, when
        every one is, the one with the fewest hidden counts)."""
        for granularity in GRANULARITIES:
            if self.hidden_share(granularity) <= 0.5:
                return granularity
        return min(reversed(GRANULARITIES), key=self.hidden_share)


def recorded_rows(network_id: int, quarters: tuple[str, ...]) -> list[tuple]:
    """(quarter, form, channel, severity, size class, count) of the network's recorded
    incidents in the quarters; shredded ones included, drafts left out."""
    columns = (Incident.quarter, Incident.form, Incident.channel, Incident.severity, Incident.size_class)
    return list(db.session.execute(
        select(*columns, func.count())
        .where(Incident.network_id == network_id, Incident.status.in_(("open", "closed")),
               Incident.quarter.in_(quarters))
        .group_by(*columns)
    ).all())


def _category(value, values: tuple) -> str:
    return value if value in values else NOT_STATED


def figures(network, quarters: tuple[str, ...], k: int) -> dict:
    """What a release stores: the quarters, the size bands of the network as it is now,
    and the recorded incidents counted by (quarter, form, channel, severity, size class)."""
    return {
        "k": k,
        "quarters": list(quarters),
        "bands": [list(b) for b in size_bands([m.population for m in network.municipalities], k)],
        "rows": [list(r) for r in sorted(recorded_rows(network.id, quarters), key=repr)],
    }


def publication_of(stored: dict) -> Publication:
    """The protected tables of a stored release (`figures()`)."""
    k, quarters = int(stored["k"]), tuple(stored["quarters"])
    bands = [tuple(b) for b in stored["bands"]]
    band_of = {c: str(i) for i, band in enumerate(bands) for c in band}
    records = []
    for quarter, form, channel, severity, size, n in stored["rows"]:
        sev = SEVERITIES[severity] if severity is not None and 0 <= severity < len(SEVERITIES) else None
        kind = next((t for t, forms in TYPES.items() if form in forms), None)
        records.append((quarter, {"type": kind or NOT_STATED, "form": _category(form, FORMS),
                                  "channel": _category(channel, CHANNELS),
                                  "severity": _category(sev, SEVERITIES)}, band_of.get(size, NOT_STATED), n))
    categories = {}
    for dim, values in DIMENSIONS.items():
        stated = any(r[1][dim] == NOT_STATED for r in records)
        categories[dim] = values + ((NOT_STATED,) if stated else ())
    band_keys = tuple(str(i) for i in range(len(bands)))
    if any(r[2] == NOT_STATED for r in records):
        band_keys += (NOT_STATED,)
    return _protect(k, quarters, categories, bands, band_keys, records)


def compute(network, today: date | None = None, k: int | None = None) -> Publication:
    """The protected statistics as they would be released now (for releases and tests;
    pages show only released ones)."""
    k = k_value() if k is None else k
    return publication_of(figures(network, closed_quarters(today or date.today()), k))


_CACHE: "OrderedDict[tuple, Publication]" = OrderedDict()
_LOCK = threading.Lock()


def _protect(k, quarters, categories, bands, band_keys, records) -> Publication:
    """Counts and equations of every table, protected together (kept per content)."""
    key = (k, quarters, tuple(categories.items()), tuple(bands), band_keys, tuple(
        (q, tuple(c.items()), b, n) for q, c, b, n in sorted(records, key=repr)))
    with _LOCK:
        if key in _CACHE:
            return _CACHE[key]
    halves, years = periods(quarters, "half"), periods(quarters, "year")
    all_periods = quarters + halves + years + (ALL,)
    counts: Counter = Counter()
    for quarter, cats, band, n in records:
        for p in (quarter, half_of(quarter), quarter[:4], ALL):
            counts[(p, TOTAL, TOTAL)] += n
            for dim, c in cats.items():
                counts[(p, dim, c)] += n
        counts[("size", cats["severity"], band)] += n
        counts[("size", TOTAL, band)] += n
    keys = [(p, TOTAL, TOTAL) for p in all_periods]
    keys += [(p, d, c) for p in all_periods for d, cs in categories.items() for c in cs]
    keys += [("size", s, b) for s in categories["severity"] + (TOTAL,) for b in band_keys]
    index = {key: i for i, key in enumerate(keys)}
    equations = []

    def equation(total, parts):
        equations.append(suppression.Equation(index[total], tuple(index[p] for p in parts)))

    for p in all_periods:
        for d, cs in categories.items():
            equation((p, TOTAL, TOTAL), [(p, d, c) for c in cs])
        for t, forms in TYPES.items():
            equation((p, "type", t), [(p, "form", f) for f in forms])
        if NOT_STATED in categories["type"]:
            equation((p, "type", NOT_STATED), [(p, "form", NOT_STATED)])
    for d, c in [(TOTAL, TOTAL)] + [(d, c) for d, cs in categories.items() for c in cs]:
        for h in halves:
            equation((h, d, c), [(q, d, c) for q in quarters if half_of(q) == h])
        for y in years:
            equation((y, d, c), [(h, d, c) for h in halves if h.startswith(y)])
        equation((ALL, d, c), [(y, d, c) for y in years])
    for s in categories["severity"]:
        equation((ALL, "severity", s), [("size", s, b) for b in band_keys])
    for b in band_keys:
        equation(("size", TOTAL, b), [("size", s, b) for s in categories["severity"]])
    equation((ALL, TOTAL, TOTAL), [("size", TOTAL, b) for b in band_keys])
    values = [counts.get(key, 0) for key in keys]
    hidden = suppression.protect(values, equations, k, frozenset({index[(ALL, TOTAL, TOTAL)]}))
    result = Publication(k, quarters, categories, tuple(bands), band_keys, {key: counts.get(key, 0) for key in keys},
                         frozenset(keys[i] for i in hidden), tuple(keys), tuple(equations))
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > 32:
            _CACHE.popitem(last=False)
    return result
