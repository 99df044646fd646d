"""Candidate passages: chains of shared word n-grams (seeds).

Plain Python in the subset numba compiles: the reference engine runs
:func:`find_regions` as written, the fast engine runs it compiled
(:mod:`._kernels` wraps it), and the differential tests hold the two to the
same output.

A seed is ``q`` consecutive tokens; its hash combines the token hashes
(:func:`seeds`, vectorised numpy for both engines). Every
seed of ``a`` is looked up among the seeds of ``b`` (sorted, binary search);
seeds that occur more than ``max_repeat`` times in ``b`` (stock phrases) are
skipped. Matches, in order of their position in ``a``, are chained: a match
extends the chain whose last match is before it in both texts, at most
``max_gap + q`` tokens away, with the two gaps differing by at most
``max_gap`` (words inserted or deleted on one side); else it starts a chain.
"""

from __future__ import annotations

import numpy as np

__all__ = ["seeds", "find_regions"]


def seeds(hashes: np.ndarray, q: int) -> np.ndarray:
    """Hashes of every run of ``q`` token hashes: the XOR of the tokens, the
    j-th rotated by 21 * j bits."""
    n = len(hashes) - q + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    out = hashes[:n].copy()
    for j in range(1, q):
        r = np.uint64((21 * j) % 64)
        x = hashes[j : j + n]
        out ^= (x << r) | (x >> (np.uint64(64) - r))
    return out


def find_regions(sa, sb, q, max_gap, max_repeat):
    """Chain the shared seeds ``sa`` of ``a`` and ``sb`` of ``b`` (see :func:`seeds`).

    Returns
    -------
    numpy.ndarray
        ``(n, 5)`` int64 rows ``a0, a1, b0, b1, seeds``: token ranges
        ``[a0, a1)`` of ``a`` and ``[b0, b1)`` of ``b`` bounded by matching
        seeds, and how many seed matches the chain holds; in order of ``a0``.
    """
    if len(sa) == 0 or len(sb) == 0:
        return np.empty((0, 5), dtype=np.int64)
    order = np.argsort(sb, kind="mergesort")
    sorted_b = sb[order]
    lo = np.searchsorted(sorted_b, sa, side="left")
    hi = np.searchsorted(sorted_b, sa, side="right")
    total = 0
    for i in range(len(sa)):
        c = hi[i] - lo[i]
        if 0 < c <= max_repeat:
            total += c
    mi = np.empty(total, dtype=np.int64)
    mj = np.empty(total, dtype=np.int64)
    m = 0
    for i in range(len(sa)):
        c = hi[i] - lo[i]
        if 0 < c <= max_repeat:
            # A stable sort keeps equal seeds in order of position: j ascends.
            for k in range(lo[i], hi[i]):
                mi[m] = i
                mj[m] = order[k]
                m += 1

    # Chains: first and last match, seed count; ``active`` lists those a later
    # match can still extend.
    first_i = np.empty(total, dtype=np.int64)
    first_j = np.empty(total, dtype=np.int64)
    last_i = np.empty(total, dtype=np.int64)
    last_j = np.empty(total, dtype=np.int64)
    seeds = np.zeros(total, dtype=np.int64)
    active = np.empty(total, dtype=np.int64)
    n_chains = 0
    n_active = 0
    reach = max_gap + q
    for m in range(total):
        i = mi[m]
        j = mj[m]
        best = -1
        best_cost = 1 << 62
        kept = 0
        for k in range(n_active):
            c = active[k]
            if last_i[c] < i - reach:
                continue  # too far behind to extend: drop it from the active list
            active[kept] = c
            kept += 1
            di = i - last_i[c]
            dj = j - last_j[c]
            if di <= 0 or dj <= 0 or dj > reach:
                continue
            drift = abs(di - dj)
            if drift > max_gap:
                continue
            cost = 4 * drift + di + dj
            if cost < best_cost:
                best_cost = cost
                best = c
        n_active = kept
        if best >= 0:
            last_i[best] = i
            last_j[best] = j
            seeds[best] += 1
        else:
            first_i[n_chains] = i
            first_j[n_chains] = j
            last_i[n_chains] = i
            last_j[n_chains] = j
            seeds[n_chains] = 1
            active[n_active] = n_chains
            n_active += 1
            n_chains += 1
    out = np.empty((n_chains, 5), dtype=np.int64)
    for c in range(n_chains):
        out[c, 0] = first_i[c]
        out[c, 1] = last_i[c] + q
        out[c, 2] = first_j[c]
        out[c, 3] = last_j[c] + q
        out[c, 4] = seeds[c]
    return out
