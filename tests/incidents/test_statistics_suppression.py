"""The suppression rule of the incident statistics (weltoffen/incidents/suppression.py):
properties on random tables (hypothesis) and one example per case of the rule."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from weltoffen.incidents import suppression
from weltoffen.incidents.suppression import Equation, Table, protect, protect_table

K = 5


@st.composite
def tables(draw):
    rows = draw(st.integers(1, 5))
    cols = draw(st.integers(1, 6))
    # Mostly small counts, so small cells, zeros and their neighbours all occur.
    value = st.one_of(st.integers(0, 6), st.integers(0, 40))
    cells = tuple(tuple(draw(value) for _ in range(cols)) for _ in range(rows))
    return Table(tuple(f"r{i}" for i in range(rows)), tuple(f"c{j}" for j in range(cols)), cells)


def solvable(counts, equations, hidden) -> set[int]:
    """Hidden entries a reader can compute from the shown ones: x_i is fixed exactly
    when the unit vector e_i is a combination of the equations over the hidden entries
    (least squares for all e_i at once; a zero residual means it is)."""
    order = sorted(hidden)
    rows = []
    for eq in equations:
        row = [0.0] * len(order)
        for n, i in enumerate(order):
            row[n] = (i in eq.parts) - (i == eq.total)
        if any(row):
            rows.append(row)
    if not rows:
        return set()
    matrix = np.array(rows)
    unit = np.eye(len(order))
    combination = np.linalg.lstsq(matrix.T, unit, rcond=None)[0]
    residual = np.abs(matrix.T @ combination - unit).max(axis=0)
    return {i for n, i in enumerate(order) if residual[n] < 1e-6}


def check(table: Table, k: int = K):
    counts, equations, keep = table.flat()
    hidden = protect(counts, equations, k, keep)
    everything = len(hidden) == len(counts)
    for i, n in enumerate(counts):
        if i not in hidden:
            assert not 0 < n < k, "a shown count under K"
    for eq in equations:
        unknown = [i for i in eq.entries if i in hidden]
        assert len(unknown) != 1, "one hidden entry in a row or column: recoverable by subtraction"
        if len(unknown) > 1 and eq.total not in hidden and not everything:
            positive = [counts[i] for i in unknown if counts[i] > 0]
            if len(positive) == len(unknown):
                assert sum(positive) > len(unknown), "hidden counts that could only all be 1"
    assert not solvable(counts, equations, hidden), "a hidden count fixed by the equations"
    assert not (keep & set(hidden)) or everything
    return hidden


@settings(max_examples=400, deadline=None)
@given(tables())
def test_random_tables_are_protected(table):
    check(table)


@settings(max_examples=100, deadline=None)
@given(tables(), st.integers(2, 10))
def test_any_k(table, k):
    check(table, k)


@settings(max_examples=100, deadline=None)
@given(tables())
def test_shown_values_are_the_true_counts_and_the_result_is_stable(table):
    result = protect_table(table, K)
    for row, shown in zip(table.cells, result.cells, strict=True):
        assert all(s is None or s == v for v, s in zip(row, shown, strict=True))
    assert result.total in (None, table.total)
    assert protect_table(table, K) == result  # deterministic
    # Protecting again with the hidden entries as given adds nothing.
    counts, equations, keep = table.flat()
    hidden = protect(counts, equations, K, keep)
    again = protect([0 if i in hidden else n for i, n in enumerate(counts)], equations, K, keep)
    assert not set(again) - set(hidden) or len(hidden) == len(counts)


# --- the cases of the rule, one example each ----------------------------------------


def test_case_no_small_counts_hides_nothing():
    table = Table(("a", "b"), ("x", "y"), ((5, 9), (12, 0)))
    assert protect_table(table, K).hidden == 0


def test_case_primary_and_complements_form_a_rectangle():
    table = Table(("a", "b", "c"), ("x", "y", "z"), ((1, 10, 20), (8, 9, 30), (0, 7, 6)))
    shown = protect_table(table, K)
    assert shown.cells == ((None, None, 20), (None, None, 30), (0, 7, 6))
    assert shown.row_totals == (31, 47, 13) and shown.col_totals == (9, 26, 56)


def test_case_single_row_gets_a_complement():
    shown = protect_table(Table(("a",), ("x", "y", "z"), ((2, 7, 30),)), K)
    assert shown.cells == ((None, None, 30),) and shown.total == 39


def test_case_zeros_are_shown_and_not_complements():
    shown = protect_table(Table(("a",), ("x", "y", "z", "w"), ((2, 0, 9, 30),)), K)
    assert shown.cells == ((None, 0, None, 30),)


def test_case_small_count_beside_zeros_hides_its_total_not_a_zero():
    # Row a has one small count and a zero: its total is under K and is the second entry.
    table = Table(("a", "b"), ("x", "y"), ((3, 0), (20, 30)))
    shown = protect_table(table, K)
    assert shown.cells[0] == (None, 0) and shown.row_totals[0] is None
    assert shown.cells[1][0] is None and shown.row_totals[1] is None  # x of row b completes the rectangle
    counts, equations, keep = table.flat()
    assert suppression.LAST_RESORT not in protect(counts, equations, K, keep).values()


def test_case_all_ones_get_another_complement():
    shown = protect_table(Table(("a",), ("x", "y", "z"), ((1, 1, 20),)), K)
    counts, equations, keep = Table(("a",), ("x", "y", "z"), ((1, 1, 20),)).flat()
    assert suppression.ONES in protect(counts, equations, K, keep).values()
    assert shown.cells == ((None, None, None),) and shown.total == 22


def test_case_totals_under_k_are_hidden_with_their_complement():
    table = Table(("a", "b", "c"), ("x", "y"), ((1, 2), (10, 12), (20, 9)))
    shown = protect_table(table, K)
    assert shown.row_totals[0] is None and shown.row_totals.count(None) >= 2


def test_case_no_complement_left_hides_everything():
    # Two counts of 1 (K=2) beside a total that is the grand total: both would be 1.
    counts, equations, keep = Table(("a",), ("x", "y"), ((1, 1),)).flat()
    assert len(protect(counts, equations, 2, keep)) == len(counts)


def test_case_grand_total_under_k_hides_everything():
    shown = protect_table(Table(("a", "b"), ("x", "y"), ((1, 0), (2, 1))), K)
    assert shown.hidden == 9 and shown.total is None


def test_case_determined_cell_between_two_closed_groups():
    """Every row and column has two or more hidden entries, but the cell joining two
    rectangles of hidden cells is fixed by the equations: it needs a complement."""
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    cells = tuple(tuple(2 + (i + j) % 3 if (i, j) in small else 9 + i + j for j in range(4)) for i in range(4))
    table = Table(tuple("abcd"), tuple("wxyz"), cells)
    counts, equations, keep = table.flat()
    primaries = {i * 4 + j for i, j in small}
    assert solvable(counts, equations, primaries) == {1 * 4 + 2}
    assert suppression.determined(counts, equations, primaries) == [1 * 4 + 2]
    result = protect(counts, equations, K, keep)
    assert suppression.DETERMINED in result.values()
    assert not solvable(counts, equations, set(result))


def test_case_linked_tables_share_their_equations():
    """A quarter hidden in one table is not recovered from the half-year beside it."""
    # entries: q1, q2 (the half's quarters), the half, and a second half and the year
    counts = [2, 30, 32, 40, 72]
    equations = [Equation(2, (0, 1)), Equation(4, (2, 3))]
    hidden = protect(counts, equations, K, frozenset({4}))
    assert hidden == {0: suppression.PRIMARY, 1: suppression.SINGLE}
