"""Cell suppression for the anonymous incident statistics: every count under K is
hidden together with further counts, so it cannot be recovered from the totals.

Pure functions, no database. A publication is a list of counts ("entries") and the
linear relations between them ("equations": the parts add up to the total) – the
rows and columns of one table, but also the links between tables published side by
side (quarters add up to half-years, forms of one KoMo type add up to the type), so
a count hidden in one table cannot be recovered from another one.

The rules, applied until nothing changes (`protect`):

1. primary – a count with 0 < n < K is hidden;
2. single unknown – an equation (a row or column with its total) with exactly one
   hidden entry would give it away by subtraction: hide a second entry of it, the
   smallest positive count that is still shown ("complement");
3. all ones – zeros are shown, so a reader knows that every hidden count is at
   least 1; hidden entries of an equation whose sum equals their number would all
   be 1: hide one more;
4. determined – a hidden count that the whole system of equations fixes (e.g. a
   cell joining two otherwise closed groups of hidden cells) gets a complement too.

Zeros are shown: "no incident of this kind" is about nobody, and hiding them would
blank most of a small network's tables. Rule 3 closes the gap a shown zero opens.
A zero is hidden only as a last resort, when an equation has no positive count left
to hide. Entries marked `keep` (the grand total) are never hidden; when the grand
total itself is under K, nothing at all is shown (`protect` hides every entry).
"""

from dataclasses import dataclass

import numpy as np

PRIMARY, SINGLE, ONES, DETERMINED, LAST_RESORT = "primary", "single", "ones", "determined", "zero"


@dataclass(frozen=True)
class Equation:
    """The entries `parts` add up to the entry `total` (indices into the counts)."""

    total: int
    parts: tuple[int, ...]

    @property
    def entries(self) -> tuple[int, ...]:
        return (*self.parts, self.total)


@dataclass(frozen=True)
class Table:
    """A two-dimensional table with its totals; a one-dimensional table has one row."""

    rows: tuple[str, ...]
    cols: tuple[str, ...]
    cells: tuple[tuple[int, ...], ...]

    @property
    def row_totals(self) -> tuple[int, ...]:
        return tuple(sum(r) for r in self.cells)

    @property
    def col_totals(self) -> tuple[int, ...]:
        return tuple(sum(c) for c in zip(*self.cells, strict=True)) if self.cells else ()

    @property
    def total(self) -> int:
        return sum(self.row_totals)

    def flat(self) -> tuple[list[int], list[Equation], frozenset[int]]:
        """(counts, equations, entries never hidden): cells row by row, then the row
        totals, the column totals and the grand total. The grand total is kept, and so
        is the total of a single row or column (it is the grand total)."""
        r, c = len(self.rows), len(self.cols)
        counts = [v for row in self.cells for v in row] + list(self.row_totals) + list(self.col_totals) + [self.total]
        rt, ct, grand = r * c, r * c + r, r * c + r + c
        equations = [Equation(rt + i, tuple(i * c + j for j in range(c))) for i in range(r)]
        equations += [Equation(ct + j, tuple(i * c + j for i in range(r))) for j in range(c)]
        equations.append(Equation(grand, tuple(rt + i for i in range(r))))
        equations.append(Equation(grand, tuple(ct + j for j in range(c))))
        keep = {grand} | ({rt} if r == 1 else set()) | ({ct} if c == 1 else set())
        return counts, equations, frozenset(keep)


@dataclass(frozen=True)
class Shown:
    """A protected table: None where a count is hidden."""

    table: Table
    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    col_totals: tuple[int | None, ...]
    total: int | None

    @property
    def hidden(self) -> int:
        values = [v for row in self.cells for v in row] + list(self.row_totals) + list(self.col_totals)
        return sum(v is None for v in [*values, self.total])

    @property
    def any_hidden(self) -> bool:
        return self.hidden > 0


def protect(counts: list[int], equations: list[Equation], k: int, keep: frozenset[int] = frozenset()) -> dict:
    """{entry index: reason} of the entries to hide (rules in the module docstring).
    Deterministic: ties go to the lower index."""
    hidden = {i: PRIMARY for i, n in enumerate(counts) if 0 < n < k}
    if any(counts[i] < k for i in keep if counts[i] > 0):  # too few incidents for anything
        return dict.fromkeys(range(len(counts)), PRIMARY)
    hidden = {i: r for i, r in hidden.items() if i not in keep}
    members: dict[int, list[Equation]] = {}
    for eq in equations:
        for i in eq.entries:
            members.setdefault(i, []).append(eq)
    while True:
        added = {}  # one complement at a time: it may settle other equations too
        for eq in equations:
            unknown = [i for i in eq.entries if i in hidden]
            single = len(unknown) == 1
            ones = (
                len(unknown) > 1
                and eq.total not in hidden
                and all(counts[i] > 0 for i in unknown)
                and sum(counts[i] for i in unknown) <= len(unknown)
            )
            if single or ones:
                if not _complement(eq.entries, counts, hidden, keep, added, SINGLE if single else ONES, members):
                    return dict.fromkeys(range(len(counts)), PRIMARY)  # nothing left to hide it with
                break
        if not added:
            for i in determined(counts, equations, set(hidden)):
                entries = sorted({e for eq in members.get(i, []) for e in eq.entries})
                if _complement(entries, counts, hidden, keep, added, DETERMINED, members):
                    break
        if not added:
            return hidden
        hidden.update(added)


def _complement(entries, counts, hidden, keep, added, reason, members=None) -> bool:
    """Hide a count still shown among `entries`: one that settles other equations with
    a single hidden entry rather than opening new ones, then the smallest positive
    one (a zero only as the last resort); False when there is none."""
    shown = [i for i in entries if i not in hidden and i not in added and i not in keep]
    positive = [i for i in shown if counts[i] > 0]
    pool = positive or shown
    if not pool:
        return False

    def opened(i: int) -> int:
        change = 0
        for eq in (members or {}).get(i, ()):
            unknown = sum(e in hidden for e in eq.entries)
            change += (unknown == 0) - (unknown == 1)
        return change

    choice = min(pool, key=lambda i: (opened(i), counts[i], i))
    added[choice] = reason if positive else LAST_RESORT
    return True


def determined(counts: list[int], equations: list[Equation], hidden: set[int]) -> list[int]:
    """Hidden entries whose value the equations fix (linear algebra over the hidden
    entries: x_i is fixed when no solution of the homogeneous system moves it)."""
    order = sorted(hidden)
    if not order:
        return []
    column = {i: n for n, i in enumerate(order)}
    rows = []
    for eq in equations:
        if not any(i in hidden for i in eq.entries):
            continue
        row = np.zeros(len(order))
        for i in eq.parts:
            if i in column:
                row[column[i]] += 1
        if eq.total in column:
            row[column[eq.total]] -= 1
        rows.append(row)
    if not rows:
        return []
    matrix = np.array(rows)
    _u, s, vt = np.linalg.svd(matrix)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]  # basis of the kernel, one row per free direction
    if null.shape[0] == 0:
        return order
    moves = np.abs(null).max(axis=0)
    return [i for i, n in column.items() if moves[n] < 1e-9]


def protect_table(table: Table, k: int) -> Shown:
    """One table on its own (the property tests; the page protects its tables together
    with `statistics.publication`)."""
    counts, equations, keep = table.flat()
    hidden = protect(counts, equations, k, keep)
    return shown(table, counts, hidden)


def shown(table: Table, counts: list[int], hidden) -> Shown:
    r, c = len(table.rows), len(table.cols)
    value = [None if i in hidden else n for i, n in enumerate(counts)]
    return Shown(
        table,
        tuple(tuple(value[i * c : (i + 1) * c]) for i in range(r)),
        tuple(value[r * c : r * c + r]),
        tuple(value[r * c + r : r * c + r + c]),
        value[r * c + r + c],
    )
