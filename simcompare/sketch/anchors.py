"""Anchors: the shingles two texts must share to be worth aligning, chosen by value.

A shingle is an anchor when its hash falls in one ANCHOR_RATE-th of the hash space, so the same 5-gram
is an anchor in every document, and two texts sharing a passage of 50 words share about 11 anchors.
Corpus reuse detection (``dedup --mode reuse``) and source comparison pair documents through them.
"""

from __future__ import annotations

import numpy as np

from .._core import shingle_sets
from .lsh import candidate_pairs

__all__ = ["anchors", "anchor_pairs", "ANCHOR_RATE", "ANCHOR_MAX_DOCS", "SHINGLE_ANCHOR"]

# Reuse mode: a shingle is an anchor when its hash's top bits are zero, one in
# ANCHOR_RATE, chosen by value so the same 5-gram is an anchor in every text.
# A 50-word passage holds about 46 5-grams, so about 11 anchors; anchors in
# more than ANCHOR_MAX_DOCS documents (stock phrases) are not used.
ANCHOR_RATE = 4
ANCHOR_MAX_DOCS = 50
SHINGLE_ANCHOR = 5


def anchors(texts: list[str], ignore: np.ndarray, *, offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Anchor shingles of ``texts`` and the (global) index of the text each came from."""
    hashes, offsets = shingle_sets(texts, SHINGLE_ANCHOR)
    counts = np.diff(offsets)
    owners = np.repeat(np.arange(offset, offset + len(texts), dtype=np.int64), counts)
    chosen = (hashes >> np.uint64(62)) == 0 if ANCHOR_RATE == 4 else hashes % np.uint64(ANCHOR_RATE) == 0
    if len(ignore):
        chosen &= ~np.isin(hashes, ignore)
    return hashes[chosen], owners[chosen], counts == 0


def anchor_pairs(anchor_parts: list, anchor_docs: list) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs of documents sharing an anchor (posting lists of at most
    ANCHOR_MAX_DOCS documents), each once; and how many anchors were too common."""
    if not anchor_parts:
        return np.empty(0, np.int64), np.empty(0, np.int64), 0
    hashes = np.concatenate(anchor_parts)
    owners = np.concatenate(anchor_docs)
    if len(hashes) == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64), 0
    # Documents are rows, anchors are bands of one: the LSH pair expansion
    # does the rest. Rows are (document, anchor) entries; map back to documents.
    order = np.argsort(hashes, kind="stable")
    hashes, owners = hashes[order], owners[order]
    found = candidate_pairs(hashes.reshape(-1, 1), max_bucket=ANCHOR_MAX_DOCS)
    a, b = owners[found.i], owners[found.j]
    different = a != b
    a, b = np.minimum(a, b)[different], np.maximum(a, b)[different]
    if len(a) == 0:
        return a, b, int(found.capped_buckets)
    codes = np.unique(a * np.int64(1 << 32) + b)
    return codes >> 32, codes & np.int64((1 << 32) - 1), int(found.capped_buckets)
