"""Posting lists of an index: which documents carry which 64-bit key.

An index stores its postings in immutable *segments*, one per added batch and
per kind of key (LSH band keys, passage anchors). A segment is its postings
sorted by key, cut into chunks of ``CHUNK`` postings, plus the first key of
every chunk (its *fences*). A store keeps the chunks as separate rows, so a
lookup reads one chunk per key and segment instead of the whole segment, and
an add writes new segments without touching the old ones (fast, and a batch is
all or nothing). Segments of similar size are merged as they accumulate
(:func:`merge_plan`), so a lookup visits a few segments, not one per batch.

This module is pure numpy: it turns arrays into chunks and back; the stores
(:mod:`simcompare.store`) decide where the bytes live.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import numpy as np

from .._core import merge_runs

__all__ = ["CHUNK", "FANOUT", "Segment", "cut", "locate", "collect", "merge", "merge_plan"]

#: Postings per chunk: a chunk row is 6 KB (8-byte keys, 4-byte document numbers).
CHUNK = 512
#: Segments merge when FANOUT of them are within a factor FANOUT in size.
FANOUT = 8

KEY = np.dtype("<u8")
DOC = np.dtype("<u4")


@dataclass(frozen=True)
class Segment:
    """One sorted run of postings: ``id`` in its store, ``kind`` of key,
    ``size`` (postings) and ``fences`` (first key of each chunk)."""

    id: int
    kind: str
    size: int
    fences: np.ndarray

    @property
    def chunks(self) -> int:
        return len(self.fences)


def cut(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, list[tuple[memoryview, memoryview]]]:
    """Cut postings sorted by key into chunks: the fences and the ``(keys,
    docs)`` bytes of every chunk (views of the arrays: nothing is copied)."""
    keys = np.ascontiguousarray(keys, dtype=KEY)
    docs = np.ascontiguousarray(docs, dtype=DOC)
    fences = keys[::CHUNK].copy()
    key_bytes, doc_bytes = memoryview(keys.view(np.uint8)), memoryview(docs.view(np.uint8))
    step_k, step_d = CHUNK * KEY.itemsize, CHUNK * DOC.itemsize
    return fences, [(key_bytes[c * step_k : (c + 1) * step_k], doc_bytes[c * step_d : (c + 1) * step_d])
                    for c in range(len(fences))]


def locate(segment: Segment, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The chunk range ``[first, last)`` of ``segment`` that may hold each key.

    A key's postings may run over several chunks (a common key), so the range
    starts at the last chunk whose fence is below the key and ends after the
    last chunk whose fence equals it."""
    first = np.maximum(np.searchsorted(segment.fences, keys, side="left") - 1, 0)
    last = np.searchsorted(segment.fences, keys, side="right")
    # Keys below the first fence, or a segment without postings: nothing to read.
    last = np.where(last == 0, first, last)
    return first, last


def collect(
    segments: list[Segment],
    keys: np.ndarray,
    read_chunks: Callable[[list[tuple[int, int]]], dict[tuple[int, int], tuple[bytes, bytes]]],
) -> tuple[np.ndarray, np.ndarray]:
    """Every posting of ``keys`` in ``segments``: ``(which, docs)``, posting
    ``p`` saying that document ``docs[p]`` carries ``keys[which[p]]``.

    ``read_chunks`` fetches chunks by ``(segment id, chunk number)``; every
    chunk needed is asked for in one call. Documents may repeat across
    segments; dead documents are not filtered."""
    keys = np.asarray(keys, dtype=KEY)
    plans, wanted = [], []
    for segment in segments:
        first, last = locate(segment, keys)
        spans = last - first
        if spans.sum() == 0:
            continue
        # The chunks any key may be in, in order: a subset of a sorted run is sorted.
        numbers = np.unique(np.repeat(last, spans) - _within(spans) - 1)
        plans.append((segment, numbers))
        wanted.extend((segment.id, c) for c in numbers.tolist())
    found = read_chunks(wanted) if wanted else {}
    which_parts, doc_parts = [], []
    for segment, numbers in plans:
        pieces = [found[(segment.id, c)] for c in numbers.tolist()]
        run_keys = np.frombuffer(b"".join(k for k, _ in pieces), dtype=KEY)
        run_docs = np.frombuffer(b"".join(d for _, d in pieces), dtype=DOC)
        lo = np.searchsorted(run_keys, keys, side="left")
        counts = np.searchsorted(run_keys, keys, side="right") - lo
        which_parts.append(np.repeat(np.arange(len(keys)), counts))
        doc_parts.append(run_docs[np.repeat(lo, counts) + _within(counts)])
    if not which_parts:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=DOC)
    return np.concatenate(which_parts), np.concatenate(doc_parts)


def _within(counts: np.ndarray) -> np.ndarray:
    """0, 1, ..., counts[0] - 1, 0, 1, ..., counts[1] - 1, ...: each item's place in its group."""
    total = int(counts.sum())
    return np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)


def merge(
    runs: Iterable[Iterator[tuple[bytes, bytes]]], sizes: list[int], alive: Callable[[np.ndarray], np.ndarray]
) -> tuple[np.ndarray, list[tuple[memoryview, memoryview]]]:
    """Merge the chunk streams of several segments (of ``sizes`` postings)
    into one, dropping the postings of documents ``alive`` says are gone
    (removed or replaced)."""
    bounds = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
    keys, docs = np.empty(bounds[-1], dtype=KEY), np.empty(bounds[-1], dtype=DOC)
    pos = 0
    for run in runs:
        for k, d in run:
            n = len(k) // KEY.itemsize
            keys[pos : pos + n] = np.frombuffer(k, dtype=KEY)
            docs[pos : pos + n] = np.frombuffer(d, dtype=DOC)
            pos += n
    if pos != bounds[-1]:
        raise ValueError(f"segments hold {pos} postings, expected {bounds[-1]}")
    keep = alive(docs)
    if not keep.all():
        bounds = np.concatenate(([0], np.cumsum(keep)))[bounds]
        keys, docs = keys[keep], docs[keep]
    if len(keys) == 0:
        return np.empty(0, dtype=KEY), []
    return cut(*merge_runs(keys, docs, bounds))


def merge_plan(segments: list[Segment]) -> list[list[Segment]]:
    """Groups of segments of one kind to merge: size tiers by powers of
    FANOUT; a tier holding FANOUT segments is merged into one (which may then
    fill the next tier, on the next call)."""
    groups = []
    for kind in sorted({s.kind for s in segments}):
        tiers: dict[int, list[Segment]] = {}
        for s in segments:
            if s.kind == kind:
                tiers.setdefault(_tier(s.size), []).append(s)
        groups.extend(members for _, members in sorted(tiers.items()) if len(members) >= FANOUT)
    return groups


def _tier(size: int) -> int:
    tier, bound = 0, CHUNK * FANOUT
    while size >= bound:
        tier, bound = tier + 1, bound * FANOUT
    return tier
