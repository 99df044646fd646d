"""Compiled kernels on word-shingle sets without sorting them: the
boilerplate of a sample (:func:`frequent_shingles`) and the overlaps of
candidate pairs (:func:`shingle_overlaps`).

Both used to build each text's sorted, unique shingle set (a sort per text)
and then sort or intersect those; here each text's window hashes are taken as
they come (repeats and all, in :func:`window_batch`, which batches of texts
run in threads without the GIL), and

* the boilerplate is found by counting every hash in a table indexed by its
  low bits (an upper bound of the number of texts holding it: repeats and
  collisions only add), then counting exactly, text by text, only the few
  hashes whose slot reaches the bar;
* a pair's overlap is counted in a small open-addressing table: the first
  text's hashes in, the second's looked up (:func:`pair_overlaps`).

Same bits as :func:`._reference.frequent_shingles` and
:func:`._reference.shingle_overlaps` (tests/test_sets_kernels.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Sequence

import numpy as np
from numba import njit

from ..text import chars as _chars
from . import _kernels as K
from ._fast import LONG_TEXT, _batches, _joined, _shingle_set, short_batch, text_lengths
from ._json import JsonTexts

__all__ = ["frequent_shingles", "shingle_overlaps", "window_batch", "count_slots", "frequent_candidates",
           "pair_overlaps", "PAIR_CHUNK"]

# Pairs whose texts are hashed together: their window hashes (about 8 bytes a
# character) stay small however many pairs a run verifies.
PAIR_CHUNK = 1024
# The counting table of frequent_shingles: about a slot per LOAD_SHARE * min_docs hashes, so that a slot
# reaches min_docs by collisions alone about never, yet small enough to stay in a core's cache.
LOAD_SHARE = 1 / 8
MIN_SLOTS, MAX_SLOTS = 1 << 12, 1 << 23
_NO_IGNORE = np.empty(0, dtype=np.uint64)


@njit(cache=True, nogil=True)
def window_batch(buf, starts, ends, classes, fold_keys, fold_offsets, fold_values, simple, fold_bytes, k,
                 ignore, ignore_bits, out, counts, needs_nfkc):
    """The word-shingle hashes of each document ``buf[starts[d]:ends[d]]``,
    in text order with repeats, those in the sorted ``ignore`` left out,
    written one document after another into ``out`` (``counts[d]`` of them);
    return how many were written. Documents that need NFKC first are flagged
    in ``needs_nfkc`` and get no hashes here."""
    units, flags, hash_bytes, in_token, edges, state = K._scratch(starts, ends, False)
    windows = np.empty(K.WINDOW_BLOCK, dtype=np.uint64)
    pos = 0
    for d in range(len(starts)):
        counts[d] = 0
        n = K._document_units(buf, starts[d], ends[d], True, False, classes, fold_keys, fold_offsets, fold_values,
                              simple, fold_bytes, units, flags, hash_bytes, in_token, edges, state)
        if n < 0:
            needs_nfkc[d] = True
            continue
        if n == 0:
            continue
        width = min(k, n)
        total = n - width + 1
        end = pos
        for first in range(0, total, len(windows)):
            count = min(len(windows), total - first)
            K._window_hashes(units, first, count, width, windows)
            if len(ignore):
                count = K._drop_ignored(windows, count, ignore, ignore_bits)
            out[end : end + count] = windows[:count]
            end += count
        counts[d] = end - pos
        pos = end
    return pos


@njit(cache=True, nogil=True)
def count_slots(hashes, mask, table):
    """``table[h & mask] += 1`` for each of ``hashes``."""
    for i in range(len(hashes)):
        table[hashes[i] & mask] += 1


@njit(cache=True, nogil=True)
def frequent_candidates(hashes, offsets, mask, table, min_count, out):
    """Each document's distinct hashes (``hashes[offsets[d]:offsets[d + 1]]``)
    whose slot of ``table`` reaches ``min_count``, one document after another
    into ``out``; return how many."""
    pos = 0
    for d in range(len(offsets) - 1):
        start = pos
        for i in range(offsets[d], offsets[d + 1]):
            if table[hashes[i] & mask] >= min_count:
                out[pos] = hashes[i]
                pos += 1
        if pos - start > 1:
            out[start:pos].sort()
            kept = start + 1
            for i in range(start + 1, pos):
                if out[i] != out[kept - 1]:
                    out[kept] = out[i]
                    kept += 1
            pos = kept
    return pos


@njit(inline="always")
def _slot(keys, state, h, mask):
    """The slot of ``h`` in an open-addressing table: where it is, or the empty one where it goes."""
    s = h & mask
    while state[s] != 0 and keys[s] != h:
        s = (s + np.uint64(1)) & mask
    return s


@njit(cache=True, nogil=True)
def pair_overlaps(hashes, offsets, a, b, shared, size_a, size_b):
    """For each pair ``p``: the distinct hashes that documents ``a[p]`` and
    ``b[p]`` share, and how many distinct hashes each has (document ``d``
    owning ``hashes[offsets[d]:offsets[d + 1]]``, repeats allowed).

    One open-addressing table per pair: ``a``'s hashes in (state 1), then
    ``b``'s looked up: found in state 1, shared (state 3); missing, ``b``'s
    own (state 2); in state 2 or 3, a repeat in ``b``."""
    longest = 0
    for d in range(len(offsets) - 1):
        longest = max(longest, offsets[d + 1] - offsets[d])
    slots = 16
    while slots < 4 * longest:
        slots *= 2
    keys = np.empty(slots, dtype=np.uint64)
    state = np.zeros(slots, dtype=np.uint8)
    for p in range(len(a)):
        lo_a, hi_a, lo_b, hi_b = offsets[a[p]], offsets[a[p] + 1], offsets[b[p]], offsets[b[p] + 1]
        size = 16
        while size < 2 * (hi_a - lo_a + hi_b - lo_b):
            size *= 2
        mask = np.uint64(size - 1)
        state[:size] = 0
        only_a = 0
        for i in range(lo_a, hi_a):
            h = hashes[i]
            s = _slot(keys, state, h, mask)
            if state[s] == 0:
                state[s] = 1
                keys[s] = h
                only_a += 1
        only_b = 0
        both = 0
        for i in range(lo_b, hi_b):
            h = hashes[i]
            s = _slot(keys, state, h, mask)
            if state[s] == 0:
                state[s] = 2
                keys[s] = h
                only_b += 1
            elif state[s] == 1:
                state[s] = 3
                both += 1
        shared[p] = both
        size_a[p] = only_a
        size_b[p] = only_b + both


class _Ignore:
    """Hashes to leave out, sorted, and the bit table of their top 16 bits (as :class:`._fast._Keys` has them)."""

    def __init__(self, ignore: np.ndarray | None):
        self.ignore = np.unique(np.asarray(ignore if ignore is not None else _NO_IGNORE, dtype=np.uint64))
        self.ignore_bits = np.zeros(1 << 10, dtype=np.uint64)
        top = self.ignore >> np.uint64(48)
        np.bitwise_or.at(self.ignore_bits, (top >> np.uint64(6)).astype(np.int64),
                         np.left_shift(np.uint64(1), top & np.uint64(63)))


def _window_sets(texts: Sequence[str], shingle_size: int, keys: _Ignore) -> tuple[np.ndarray, np.ndarray]:
    """``(hashes, offsets)``: text ``d``'s shingle hashes (``keys.ignore`` left
    out; any order, repeats allowed) are ``hashes[offsets[d]:offsets[d + 1]]``.
    Texts that need NFKC, and long texts, take :func:`._fast._shingle_set`.

    The batches write into one block, sized for a shingle in 4 characters (English has one in about 6), so
    that nothing is copied at the end and numpy can back a large block with huge pages; a batch that could
    not fit (a window a character at most) starts another."""
    t = _chars.tables()
    n = len(texts)
    lengths = text_lengths(texts)
    capped = np.where(lengths > LONG_TEXT, 0, lengths)
    counts = np.zeros(n, dtype=np.int64)
    flagged = lengths > LONG_TEXT
    blocks, block, used = [], np.empty(0, dtype=np.uint64), 0
    for lo, hi in _batches(capped):
        need = int(capped[lo:hi].sum()) + hi - lo
        if len(block) - used < need:
            blocks.append(block[:used])
            block, used = np.empty(max(need, (int(capped[lo:].sum()) + n - lo) // 4), dtype=np.uint64), 0
        buf, starts, ends = _joined(short_batch(texts, lo, hi, flagged))
        used += window_batch(buf, starts, ends, t["classes"], t["fold_keys"], t["fold_offsets"], t["fold_values"],
                             t["simple"], t["fold_bytes"], shingle_size, keys.ignore, keys.ignore_bits, block[used:],
                             counts[lo:hi], flagged[lo:hi])
    blocks.append(block[:used])
    hashes = blocks[-1] if len(blocks) == 2 else np.concatenate(blocks)  # blocks[0] is the empty start
    if flagged.any():
        sets = np.split(hashes, np.cumsum(counts)[:-1])
        for d in np.flatnonzero(flagged).tolist():
            found = _shingle_set(texts[d], shingle_size, 0)
            sets[d] = np.setdiff1d(found, keys.ignore, assume_unique=True) if len(keys.ignore) else found
            counts[d] = len(sets[d])
        hashes = np.concatenate(sets)
    return hashes, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def _parts(n: int, workers: int, size: int) -> list[tuple[int, int]]:
    """``range(n)`` cut into runs of about ``size``, at least one per worker."""
    step = max(1, min(size, -(-n // max(workers, 1))))
    return [(lo, min(lo + step, n)) for lo in range(0, n, step)]


def _in_threads(job, parts: list[tuple[int, int]], workers: int) -> list:
    if workers <= 1 or len(parts) <= 1:
        return [job(lo, hi) for lo, hi in parts]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(lambda part: job(*part), parts))


def frequent_shingles(texts: Sequence[str], shingle_size: int, min_docs: int, *, workers: int = 1) -> np.ndarray:
    """See :func:`._reference.frequent_shingles`."""
    keys = _Ignore(None)
    # Sized by the texts' words (about one a 6 characters) before they are hashed, so that each worker counts
    # its share of the texts into a table of its own as it goes.
    words = int(text_lengths(texts).sum()) // 6
    slots = MIN_SLOTS
    while slots * LOAD_SHARE * max(min_docs, 1) < words and slots < MAX_SLOTS:
        slots *= 2
    mask = np.uint64(slots - 1)

    def count(lo: int, hi: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        hashes, offsets = _window_sets(texts[lo:hi], shingle_size, keys)
        table = np.zeros(slots, dtype=np.uint32)
        count_slots(hashes, mask, table)
        return hashes, offsets, table

    parts = _parts(len(texts), workers, len(texts))  # one per worker: a table each
    found = _in_threads(count, parts, workers)
    table = found[0][2] if found else np.zeros(slots, dtype=np.uint32)
    for _, _, other in found[1:]:
        table += other

    def pick(k: int, _: int) -> np.ndarray:
        hashes, offsets, _ = found[k]
        out = np.empty(len(hashes), dtype=np.uint64)
        return out[: frequent_candidates(hashes, offsets, mask, table, min_docs, out)]

    picked = _in_threads(pick, [(k, k + 1) for k in range(len(found))], workers)
    values = np.sort(np.concatenate(picked)) if picked else np.empty(0, dtype=np.uint64)
    return K.frequent_sorted(values, min_docs)


def shingle_overlaps(texts: Sequence[str], shingle_size: int, a: np.ndarray, b: np.ndarray, *,
                     ignore: np.ndarray | None = None, workers: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """See :func:`._reference.shingle_overlaps`."""
    keys = _Ignore(ignore)
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    shared, size_a, size_b = (np.zeros(len(a), dtype=np.int64) for _ in range(3))

    def job(lo: int, hi: int) -> None:
        docs, inverse = np.unique(np.concatenate((a[lo:hi], b[lo:hi])), return_inverse=True)
        chosen = texts[docs] if isinstance(texts, JsonTexts) else [texts[d] for d in docs.tolist()]
        hashes, offsets = _window_sets(chosen, shingle_size, keys)
        pair_overlaps(hashes, offsets, inverse[: hi - lo], inverse[hi - lo :], shared[lo:hi], size_a[lo:hi],
                      size_b[lo:hi])

    _in_threads(job, _parts(len(a), workers, PAIR_CHUNK), workers)
    return shared, size_a, size_b
