"""What the organisers choose for a run of the library – a selection of the panel or
a draw of replacements: the algorithm (the fairest available when none is chosen) and
the seed (a new random one when none is typed). One reading for both pages."""

from flask_babel import gettext as _

from . import draw as draw_mod


def library():
    """selection.py with the library, imported when a page needs it (not at start-up:
    numpy and cvxpy take about 1.5 s and 40 MB per process)."""
    from . import selection

    return selection


def read(formdata) -> tuple[str, int, dict[str, str]]:
    """(algorithm, seed, errors by field) from a submitted form."""
    algorithm = formdata.get("algorithm") or library().best_algorithm()
    if algorithm not in library().available_algorithms():
        return algorithm, 0, {"algorithm": _("Choose one of the algorithms offered.")}
    seed_text = (formdata.get("seed") or "").strip()
    if seed_text and not (seed_text.isdigit() and 0 < int(seed_text) < 2**63):
        return algorithm, 0, {"seed": _("A whole number from 1, or empty for a random one.")}
    return algorithm, int(seed_text) if seed_text else draw_mod.new_seed(), {}
