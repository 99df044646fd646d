"""numpy forms of hash functions of :mod:`._hashing`, shared by both engines."""

from __future__ import annotations

import numpy as np

from ._hashing import P2

__all__ = ["top_zero", "window_hashes"]

_P2 = np.uint64(P2)


def top_zero(hashes: np.ndarray, bits: int) -> np.ndarray:
    """The hashes whose top ``bits`` bits are zero (all of them for 0).

    Parameters
    ----------
    hashes:
        uint64 array.
    bits:
        0 to 63.

    Returns
    -------
    numpy.ndarray
        The selected hashes, in their order.

    Examples
    --------
    >>> top_zero(np.array([1, 2**63, 2**62], dtype=np.uint64), 1).tolist()
    [1, 4611686018427387904]
    """
    return hashes[(hashes >> np.uint64(64 - bits)) == 0] if bits else hashes


def _fmix64(x: np.ndarray) -> np.ndarray:
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


def window_hashes(units: np.ndarray, k: int) -> np.ndarray:
    """The shingle hash (:func:`simcompare._core._hashing.shingle_hash`) of every
    window of ``k`` units, vectorised.

    Parameters
    ----------
    units:
        Token hashes (word shingles) or character units, as from
        :func:`simcompare._core.text_units`; anything convertible to uint64.
    k:
        Units per window, >= 1. Fewer than ``k`` units make one shingle of all of them.

    Returns
    -------
    numpy.ndarray
        uint64, one hash per window, in order (not unique).

    Examples
    --------
    >>> window_hashes(np.array([1, 2, 3], dtype=np.uint64), 2).shape
    (2,)
    >>> len(window_hashes([1, 2, 3], 5)), len(window_hashes([], 5))
    (1, 0)
    """
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
