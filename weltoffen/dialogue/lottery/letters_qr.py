"""QR codes for thousands of letters, module for module the symbols segno makes.

Why: segno picks the data mask the standard asks for (ISO/IEC 18004 7.8.3: the one
of eight with the lowest penalty score) by evaluating the eight candidates in pure
Python, about 5 of its 6.5 ms per code: 30 s of a 6,000-letter print run. Here segno
encodes once with mask 0, the eight candidates are scored with numpy by segno's own
rules (N1 runs, N2 blocks, N3 finder-like patterns, N4 dark share; format and version
areas light, as segno scores them), and the symbol with the best mask is composed
from the data modules and the function patterns, format and version information of
a symbol with that mask, version and error level (the same for any data, cached).
tests/dialogue/lottery/test_letters.py checks the result equals segno.make's.

Uses segno.encoder's matrix helpers (segno is pinned below 2)."""

from functools import cache

import numpy as np
import segno
from PIL import Image
from segno import encoder

BORDER = 4  # the quiet zone the standard asks for, in modules
_N3 = bytes((1, 0, 1, 1, 1, 0, 1))


def qr_matrix(data: str) -> np.ndarray:
    """The QR code of `data` (error level M or better, no Micro QR) as a 0/1 matrix."""
    first = segno.make(data, error="m", micro=False, mask=0)
    key = (first.version, first.error)
    symbol = np.array(first.matrix, dtype=np.uint8)
    region, masks = _region(symbol.shape[0])
    data_bits = symbol[region] ^ masks[0][region]
    best, best_score = 0, None
    for number, mask in enumerate(masks):
        candidate = _scored_base(symbol.shape[0]).copy()
        candidate[region] = data_bits ^ mask[region]
        score = penalty(candidate)
        if best_score is None or score < best_score:
            best, best_score = number, score
    if best == 0:
        return symbol
    composed = _template(data, key, best).copy()
    composed[region] = data_bits ^ masks[best][region]
    return composed


def qr_image(data: str) -> Image.Image:
    """The QR code of `data` as a 1-bit image, one pixel per module, with the quiet zone."""
    matrix = qr_matrix(data)
    pixels = np.pad((1 - matrix) * 255, BORDER, constant_values=255).astype(np.uint8)
    return Image.fromarray(pixels, mode="L").convert("1")


def penalty(m: np.ndarray) -> int:
    """segno's penalty score of a masked symbol (encoder.mask_scores), vectorised."""
    size = m.shape[0]
    n1 = _runs(m) + _runs(m.T)
    corner = m[1:, 1:]
    n2 = 3 * int(np.count_nonzero((corner == m[1:, :-1]) & (corner == m[:-1, 1:]) & (corner == m[:-1, :-1])))
    lines = m.tobytes() + np.ascontiguousarray(m.T).tobytes()  # the rows, then the columns
    n3 = sum(_n3(lines[k * size : (k + 1) * size], size) for k in range(2 * size))
    percent = float(int(m.sum())) / (size**2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return n1 + n2 + n3 + n4


def _runs(m: np.ndarray) -> int:
    """N1: each run of five or more equal modules in a row scores its length − 2."""
    padded = np.full((m.shape[0], m.shape[1] + 1), 2, dtype=np.int8)  # a separator after each row
    padded[:, 1:] = m
    flat = np.append(padded.ravel(), 2)
    edges = np.flatnonzero(flat[1:] != flat[:-1])
    lengths = np.diff(edges)
    return int((lengths[lengths >= 5] - 2).sum())


def _n3(seq: bytes, size: int) -> int:
    """N3 as segno counts it: 1:1:3:1:1 with four light modules before or after it."""
    count = 0
    idx = seq.find(_N3)
    while idx != -1:
        offset = idx + 7
        if idx in (0, size - 7) or not any(seq[max(idx - 4, 0) : idx]) or not any(seq[offset : offset + 4]):
            count += 40
        else:
            offset = idx + 4
        idx = seq.find(_N3, offset)
    return count


@cache
def _region(size: int) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The encoding region of a symbol of `size` modules and the eight data masks."""
    function = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(function, size, size)
    encoder.add_alignment_patterns(function, size, size)
    function[-8][8] = 0x1  # the dark module
    region = np.array(function, dtype=np.uint8) > 1
    i, j = np.indices((size, size))
    conditions = (
        (i + j) % 2 == 0,
        i % 2 == 0,
        j % 3 == 0,
        (i + j) % 3 == 0,
        (i // 2 + j // 3) % 2 == 0,
        (i * j) % 2 + (i * j) % 3 == 0,
        ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    )
    return region, tuple(c.astype(np.uint8) for c in conditions)


@cache
def _scored_base(size: int) -> np.ndarray:
    """What segno scores outside the data: function patterns, format and version areas light."""
    matrix = encoder.make_matrix(size, size)
    encoder.add_finder_patterns(matrix, size, size)
    encoder.add_alignment_patterns(matrix, size, size)
    base = np.array(matrix, dtype=np.uint8)
    base[base > 1] = 0
    return base


_templates: dict[tuple[int, str, int], np.ndarray] = {}


def _template(data: str, key: tuple[int, str], mask: int) -> np.ndarray:
    """A symbol of this version and error level with `mask`: its modules outside the data
    region (function patterns, format and version information) hold for any data."""
    found = _templates.get((*key, mask))
    if found is None:
        made = segno.make(data, error="m", micro=False, mask=mask)
        found = _templates[(*key, mask)] = np.array(made.matrix, dtype=np.uint8)
    return found
