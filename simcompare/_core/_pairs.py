"""The compiled engine of LSH candidate pairs and connected components.

Plain Python loops compiled with numba (``cache=True``), and the numpy
drivers around them; their plain-Python references are
:func:`._reference.candidate_pairs` and :func:`._reference.connected_components`.
Like every compiled module of :mod:`simcompare._core`, this one is imported
only when the dispatcher runs the compiled engine: importing numba costs a
few tenths of a second that a small input never pays.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from ..errors import EngineError

__all__ = ["candidate_pairs", "connected_components", "expand_runs", "mark_runs", "merge_unique", "split_codes",
           "components"]


@njit(cache=True, nogil=True)
def expand_runs(order, starts, lengths, n, out):
    """Write the code ``min * n + max`` of every pair within each run into ``out``."""
    k = 0
    for t in range(len(starts)):
        start = starts[t]
        stop = start + lengths[t]
        for a in range(start, stop - 1):
            x = order[a]
            for b in range(a + 1, stop):
                y = order[b]
                out[k] = x * n + y if x < y else y * n + x
                k += 1
    return out


@njit(cache=True, nogil=True)
def mark_runs(order, starts, lengths, mask):
    """Set ``mask`` for every row in the given runs."""
    for t in range(len(starts)):
        for a in range(starts[t], starts[t] + lengths[t]):
            mask[order[a]] = True


@njit(cache=True, nogil=True)
def merge_unique(a, b):
    """The sorted union of two sorted arrays without repeats, in linear time."""
    # two passes, counting first, so that no over-sized buffer is ever held
    # beside the inputs: with tens of millions of pairs that is the peak
    size = 0
    out = np.empty(0, dtype=np.int64)
    for fill in range(2):
        if fill:
            out = np.empty(size, dtype=np.int64)
        i = j = k = 0
        while i < len(a) and j < len(b):
            if a[i] < b[j]:
                value = a[i]
                i += 1
            elif b[j] < a[i]:
                value = b[j]
                j += 1
            else:
                value = a[i]
                i += 1
                j += 1
            if fill:
                out[k] = value
            k += 1
        while i < len(a):
            if fill:
                out[k] = a[i]
            i += 1
            k += 1
        while j < len(b):
            if fill:
                out[k] = b[j]
            j += 1
            k += 1
        size = k
    return out


@njit(cache=True, nogil=True)
def split_codes(codes, n):
    """Turn codes ``i * n + j`` into ``j`` in place and return ``i``."""
    first = np.empty(len(codes), dtype=np.int64)
    for k in range(len(codes)):
        first[k] = codes[k] // n
        codes[k] -= first[k] * n
    return first


@njit(cache=True, nogil=True)
def components(n, i, j):
    """Union-find with path halving; the smaller root always becomes the parent."""
    parent = np.arange(n)
    for k in range(len(i)):
        a = i[k]
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        b = j[k]
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        if a < b:
            parent[b] = a
        elif b < a:
            parent[a] = b
    # parent[x] <= x always holds (roots only ever get a smaller parent, and
    # halving only moves a node to an ancestor), so in increasing order each
    # node's parent is already labelled with its root.
    for x in range(n):
        parent[x] = parent[parent[x]]
    return parent


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """int64 labels of nodes ``0..n-1``: the smallest node of each one's component."""
    return components(np.int64(n), i, j)


def _band_runs(column: np.ndarray, keep: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows of one band in key order, and the starts and lengths of its runs of equal keys."""
    order = np.argsort(column)
    sorted_keys = column[order]
    if keep is not None:
        order = keep[order]  # back to row numbers of the full matrix
    new_run = np.empty(len(sorted_keys), dtype=bool)
    new_run[:1] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=new_run[1:])
    starts = np.flatnonzero(new_run)
    return order, starts, np.diff(starts, append=len(order))


def candidate_pairs(keys: np.ndarray, exclude: np.ndarray | None, max_bucket: int | None) -> tuple:
    """See :func:`simcompare._core.candidate_pairs`: per band, the keys are
    sorted, runs of equal keys found and every pair in a run emitted as a
    code ``i * n + j``; the bands' sorted codes are merged so that each pair
    appears once."""
    n, bands = keys.shape
    keep = None if exclude is None else np.flatnonzero(~exclude)
    capped = np.zeros(n, dtype=bool)
    capped_buckets = largest = 0
    found = np.empty(0, dtype=np.int64)  # sorted distinct codes i * n + j
    for band in range(bands):
        # one band at a time: a few arrays of n, never the (n, bands) pairs at once
        order, starts, lengths = _band_runs(keys[:, band] if keep is None else keys[keep, band], keep)
        if len(order) == 0:
            continue
        largest = max(largest, int(lengths.max()))
        shared = lengths >= 2
        starts, lengths = starts[shared], lengths[shared]
        if max_bucket is not None:
            too_big = lengths > max_bucket
            if too_big.any():
                capped_buckets += int(too_big.sum())
                mark_runs(order, starts[too_big], lengths[too_big], capped)
                starts, lengths = starts[~too_big], lengths[~too_big]
        if len(starts) == 0:
            continue
        total = int((lengths * (lengths - 1) // 2).sum())
        try:
            codes = expand_runs(order, starts, lengths, np.int64(n), np.empty(total, dtype=np.int64))
            codes.sort()  # distinct within a band: a row has one key per band
            found = merge_unique(found, codes)
        except MemoryError as exc:
            raise EngineError(
                f"candidate_pairs: out of memory expanding {total} pairs in band {band}; "
                f"set max_bucket (largest bucket: {int(lengths.max())} rows)"
            ) from exc
        del codes
    i = split_codes(found, np.int64(n))  # found becomes j: no third array of pairs
    return i, found, capped_buckets, largest, capped
