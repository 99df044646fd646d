"""Shingle sets: the 64-bit hashes of every word (or character) n-gram of a text."""

from __future__ import annotations

from typing import Literal

import numpy as np

from .._core import text_units, window_hashes
from ..params import SignatureParams

__all__ = ["shingle", "window_hashes"]


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
    return np.unique(window_hashes(text_units(text, shingle_kind=shingle_kind), shingle_size))
