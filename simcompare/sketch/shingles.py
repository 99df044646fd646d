"""Shingle sets: the 64-bit hashes of every word (or character) n-gram of a text."""

from __future__ import annotations

from typing import Literal

import numpy as np

from .._core import _hashing as H
from .._core import token_spans
from ..params import SignatureParams

__all__ = ["shingle", "window_hashes"]

_P2 = np.uint64(H.P2)


def _fmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def window_hashes(units: np.ndarray, k: int) -> np.ndarray:
    """:func:`._hashing.shingle_hash` of every window of ``k`` units, vectorised;
    fewer than ``k`` units make one shingle of all of them."""
    units = np.asarray(units, dtype=np.uint64)
    if len(units) == 0:
        return np.empty(0, dtype=np.uint64)
    k = min(k, len(units))
    n = len(units) - k + 1
    with np.errstate(over="ignore"):
        s = units[:n].copy()
        for j in range(1, k):
            r = np.uint64((23 * j) % 64)
            x = units[j : j + n]
            s ^= (x << r) | (x >> (np.uint64(64) - r))
        return _fmix64(s ^ (np.uint64(k) * _P2))


def shingle(
    text: str, *, shingle_size: int = 5, shingle_kind: Literal["word", "char"] = "word"
) -> np.ndarray:
    """The set of shingle hashes of ``text``, sorted, as a uint64 array.

    These are the shingles :func:`simcompare.sign` signs: the exact Jaccard
    similarity of two such sets is what a signature estimates.

    Parameters
    ----------
    text:
        Any ``str``; a text with no words has no shingles.
    shingle_size, shingle_kind:
        As for :func:`simcompare.sign`.

    Examples
    --------
    >>> a = shingle("the cat sat on the mat", shingle_size=2)
    >>> b = shingle("the cat sat on a mat", shingle_size=2)
    >>> len(a), len(np.intersect1d(a, b))
    (5, 3)
    """
    SignatureParams(shingle_size=shingle_size, shingle_kind=shingle_kind)  # validates
    if shingle_kind == "word":
        units = token_spans(text)[2]
    else:
        from .._core import _reference

        units = np.array(_reference.text_units(text, "char"), dtype=np.uint64)
    return np.unique(window_hashes(units, shingle_size))
