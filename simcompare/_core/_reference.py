"""The reference engine: plain Python, written to be read, not to be fast.

text -> normalised text -> tokens -> units -> shingle hashes -> signature, each
step a direct transcription of its definition (:mod:`simcompare.text.normalize`,
:mod:`simcompare.text.tokenize`, :mod:`._hashing`). The compiled engine must give
the same bits; ``SIMCOMPARE_ENGINE=reference`` selects this one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import combinations

import numpy as np

from ..params import SignatureParams
from ..text.normalize import normalized_text
from ..text.tokenize import token_forms, tokenize
from . import _hashing as H
from ._json import JsonTexts, json_loads_text
from ._regions import find_regions
from ._vectors import top_zero

__all__ = ["text_units", "units", "shingles", "sign_oph", "sign_kperm", "sign", "sign_with_anchors", "shingle_sets",
           "token_spans", "find_regions", "sort_postings", "frequent_values", "merge_runs", "candidate_pairs",
           "connected_components", "frequent_shingles", "shingle_overlaps", "json_text_lengths"]


def text_units(text: str, shingle_kind: str) -> list[int]:
    """Token hashes (word shingles) or code points (character shingles)."""
    forms = token_forms(normalized_text(text))
    if shingle_kind == "word":
        return [H.token_hash(form.encode("utf-8", "surrogatepass")) for form in forms]
    return [H.char_unit(ord(c)) for c in " ".join(forms)]


def units(text: str, shingle_kind: str) -> np.ndarray:
    """:func:`text_units` as a uint64 array."""
    return np.array(text_units(text, shingle_kind), dtype=np.uint64)


def shingles(units: list[int], k: int) -> list[int]:
    """Hashes of every window of ``k`` units; a shorter text is one shingle."""
    if not units:
        return []
    if len(units) < k:
        return [H.shingle_hash(units)]
    return [H.shingle_hash(units[i : i + k]) for i in range(len(units) - k + 1)]


def sign_oph(shingle_hashes: list[int], num_perm: int, seed: int) -> list[int]:
    stream = H.seed_stream(seed)
    key, probe_key = next(stream), next(stream)
    slots = [H.EMPTY] * num_perm
    for s in shingle_hashes:
        slot, value = H.oph_slot(s, key, num_perm)
        slots[slot] = min(slots[slot], value)
    filled = list(slots)
    for i in range(num_perm):
        if slots[i] != H.EMPTY:
            continue
        for attempt in range(1, H.PROBE_LIMIT * num_perm + 1):
            j = H.densify_probe(i, attempt, probe_key, num_perm)
            if slots[j] != H.EMPTY:
                filled[i] = slots[j]
                break
        else:
            j = next(j % num_perm for j in range(i + 1, i + num_perm) if slots[j % num_perm] != H.EMPTY)
            filled[i] = slots[j]
    return filled


def sign_kperm(shingle_hashes: list[int], num_perm: int, seed: int) -> list[int]:
    mult, add = H.kperm_keys(seed, num_perm)
    return [min(H.kperm_value(s, mult[p], add[p]) for s in shingle_hashes) for p in range(num_perm)]


def sign(
    texts: Sequence[str], params: SignatureParams, *, ignore=None, workers: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(matrix, empty)``: uint32 signatures and a mask of texts with no
    shingle to sign (no tokens, or only shingles in ``ignore``). ``workers`` is
    ignored: plain Python signs in one thread."""
    ignored = set() if ignore is None else {int(x) for x in ignore}
    if isinstance(texts, JsonTexts):
        texts = texts.decoded()
    matrix = np.full((len(texts), params.num_perm), H.MASK32, dtype=np.uint32)
    empty = np.zeros(len(texts), dtype=bool)
    signer = sign_oph if params.scheme == "oph" else sign_kperm
    for row, text in enumerate(texts):
        hashes = [s for s in shingles(text_units(text, params.shingle_kind), params.shingle_size) if s not in ignored]
        if not hashes:
            empty[row] = True
            continue
        matrix[row] = signer(hashes, params.num_perm, params.seed)
    return matrix, empty


def sign_with_anchors(texts: Sequence[str], params: SignatureParams, *, anchor_bits: int, workers: int = 1) -> tuple:
    """``(matrix, empty, anchors, offsets)``: :func:`sign`, and :func:`shingle_sets` with
    ``top_zero_bits=anchor_bits``."""
    return (*sign(texts, params), *shingle_sets(texts, params.shingle_size, top_zero_bits=anchor_bits))


def shingle_sets(texts: Sequence[str], shingle_size: int, *, top_zero_bits: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Word-shingle sets ``(hashes, offsets)``, text ``d`` owning ``hashes[offsets[d]:offsets[d + 1]]``."""
    sets = [top_zero(np.unique(np.array(shingles(text_units(t, "word"), shingle_size), dtype=np.uint64)),
                     top_zero_bits) for t in texts]
    counts = np.array([len(s) for s in sets], dtype=np.int64)
    hashes = np.concatenate(sets) if sets else np.empty(0, dtype=np.uint64)
    return hashes, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def token_spans(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(starts, ends, hashes)`` of the tokens of ``text``, spans in the original."""
    tokens = tokenize(text)
    starts = np.array([t.start for t in tokens], dtype=np.int64)
    ends = np.array([t.end for t in tokens], dtype=np.int64)
    hashes = np.array([H.token_hash(t.text.encode("utf-8", "surrogatepass")) for t in tokens], dtype=np.uint64)
    return starts, ends, hashes


def sort_postings(keys: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Postings ``(keys, docs)`` sorted by key; equal keys keep their order."""
    order = np.argsort(keys, kind="stable")
    return keys[order], docs[order]


def frequent_values(values: np.ndarray, min_count: int) -> np.ndarray:
    """The distinct ``values`` that occur at least ``min_count`` times, sorted."""
    distinct, counts = np.unique(values, return_counts=True)
    return distinct[counts >= min_count]


def frequent_shingles(texts: Sequence[str], shingle_size: int, min_docs: int, *, workers: int = 1) -> np.ndarray:
    """The shingle hashes in the shingle sets of at least ``min_docs`` of ``texts``, sorted."""
    hashes, _ = shingle_sets(texts, shingle_size)
    return frequent_values(hashes, min_docs)  # a set holds each hash once: occurrences are texts


def shingle_overlaps(texts: Sequence[str], shingle_size: int, a: np.ndarray, b: np.ndarray, *,
                     ignore: np.ndarray | None = None, workers: int = 1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(shared, size_a, size_b)``: for each pair ``p``, the sizes of the
    intersection of the shingle sets of ``texts[a[p]]`` and ``texts[b[p]]``
    and of each set, ``ignore`` left out of every set."""
    drop = {int(h) for h in (ignore if ignore is not None else [])}
    sets = {d: set(shingles(text_units(texts[d], "word"), shingle_size)) - drop
            for d in {int(d) for d in a} | {int(d) for d in b}}
    shared = [len(sets[int(x)] & sets[int(y)]) for x, y in zip(a, b)]
    size_a = [len(sets[int(x)]) for x in a]
    size_b = [len(sets[int(y)]) for y in b]
    return tuple(np.array(v, dtype=np.int64) for v in (shared, size_a, size_b))


def merge_runs(keys: np.ndarray, docs: np.ndarray, bounds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Merge the sorted runs ``keys[bounds[r]:bounds[r + 1]]`` (with their
    ``docs``) into one sorted run; equal keys keep their order (run, then place)."""
    return sort_postings(keys, docs)


def candidate_pairs(keys: np.ndarray, exclude: np.ndarray | None, max_bucket: int | None) -> tuple:
    """Plain Python: a dict of buckets per band, a set of pairs. Obviously right, slow.
    Returns ``(i, j, capped_buckets, largest_bucket, capped)``."""
    n, bands = keys.shape
    pairs: set[tuple[int, int]] = set()
    capped = np.zeros(n, dtype=bool)
    capped_buckets = largest = 0
    for band in range(bands):
        buckets: dict[int, list[int]] = defaultdict(list)
        for row in range(n):
            if exclude is None or not exclude[row]:
                buckets[int(keys[row, band])].append(row)
        for members in buckets.values():
            largest = max(largest, len(members))
            if max_bucket is not None and len(members) > max_bucket:
                capped_buckets += 1
                capped[members] = True
            else:
                pairs.update(combinations(members, 2))  # members ascend, so i < j
    ordered = sorted(pairs)
    i = np.array([p[0] for p in ordered], dtype=np.int64)
    j = np.array([p[1] for p in ordered], dtype=np.int64)
    return i, j, capped_buckets, largest, capped


def connected_components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """Plain Python union-find: no path compression, the smaller root wins."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in zip(i.tolist(), j.tolist()):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return np.array([find(x) for x in range(n)], dtype=np.int64)


def _literal_length(literal: bytes) -> int:
    if len(literal) < 2 or literal[0] != 0x22 or literal[-1] != 0x22:  # '"': a literal, not one in spaces
        return -1
    try:
        return len(json_loads_text(literal))
    except (UnicodeDecodeError, ValueError):
        return -1


def json_text_lengths(data: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The length in code points of each JSON string literal ``data[starts[i]:ends[i]]``
    (what :func:`json.loads` of its strict UTF-8 decoding gives), or -1 where
    the slice is not exactly one valid literal."""
    raw = data.tobytes()
    return np.array([_literal_length(raw[s:e]) for s, e in zip(starts.tolist(), ends.tolist())], dtype=np.int64)
