"""The stages of a dedup run, as plain functions of batches of documents: both runners call them.

``boilerplate -> sign | anchors -> band -> candidates -> verify -> cluster``

* **boilerplate**: :func:`find_boilerplate`, shingles found in more than a
  share of the first ``BOILERPLATE_SAMPLE`` documents ("The BBC is not
  responsible for the content of external sites"), left out of signing and
  verifying so that page furniture does not make unrelated articles look alike.
* **sign** (near mode): :func:`sign`, MinHash signatures of a batch.
  **anchors** (reuse mode): :func:`anchor`, the rare 5-grams of a batch.
* **band**: :func:`band`, LSH band keys of signatures.
* **candidates**: :func:`candidates` (documents sharing a band key), or
  :func:`reuse_candidates` (documents sharing an anchor).
* **verify**: :func:`exact_pairs` (exact Jaccard and containment of the
  shingle sets, as :func:`shingle_sets_of` and :func:`similarity` define
  them, from the overlaps :func:`simcompare._core.shingle_overlaps` counts),
  :func:`verify_estimates` (the signature estimate, ``fast=True``), or
  :func:`verify_reuse` (aligned passages).
* **cluster**: :func:`cluster`, connected components of the verified pairs,
  each with its :func:`representative`; :func:`keep_list`.

What a run keeps of each document besides its id, between reading and
clustering, is :func:`doc_fields`; dates are read with
:func:`simcompare.text.parse_date` only for the members of clusters
(:func:`date_key`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from datetime import datetime
from itertools import compress
from typing import Any

import numpy as np

from .._core import frequent_shingles, shingle_sets, sign_texts
from ..io.readers import Document
from ..params import SignatureParams
from ..sketch.anchors import anchor_pairs, anchors
from ..sketch.cluster import connected_components
from ..sketch.lsh import CandidatePairs, band_keys, candidate_pairs
from ..text import parse_date
from .result import Cluster, Pair

__all__ = ["doc_fields", "meta_fields", "date_key", "find_boilerplate", "sign", "anchor", "band", "candidates",
           "reuse_candidates", "shingle_sets_of", "similarity", "exact_pairs", "verify_estimates",
           "verify_reuse",
           "representative", "cluster", "keep_list", "BATCH", "BOILERPLATE_SAMPLE", "BOILERPLATE_MIN_DOCS",
           "MAX_BUCKET"]

# Documents signed (or read for verifying) at a time.
BATCH = 20_000
BOILERPLATE_SAMPLE = 20_000
# A shingle must be in at least this many sampled documents to count as
# boilerplate, so a small corpus's duplicates are never mistaken for it.
BOILERPLATE_MIN_DOCS = 10
# An LSH bucket larger than this (documents that are all boilerplate, say) is
# reported instead of being expanded into every pair.
MAX_BUCKET = 1_000


def _no_progress(n: int) -> None:
    pass


def doc_fields(doc: Document) -> tuple[str | None, int, str | None]:
    """What a run keeps of a document besides its id, until it clusters.

    Parameters
    ----------
    doc:
        A document as the readers give it.

    Returns
    -------
    (date, length, meta):
        The date and the other fields as :func:`meta_fields` keeps them, and
        the text's length in characters.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> doc_fields(Document("a", "Rates rose.", {"date": "3 July 2020", "outlet": "BBC"}))
    ('3 July 2020', 11, '{"date": "3 July 2020", "outlet": "BBC"}')
    >>> doc_fields(Document("b", "Rates fell.", {}))
    (None, 11, None)
    """
    date, meta = meta_fields(doc.meta)
    return date, len(doc.text), meta


def meta_fields(meta: dict) -> tuple[str | None, str | None]:
    """What a run keeps of a document's other fields, until it clusters.

    Parameters
    ----------
    meta:
        The document's fields besides its id and text.

    Returns
    -------
    (date, meta):
        ``meta["date"]`` as given when it is a string (read only if the
        document ends up in a cluster; see :func:`date_key`), a date object's
        ISO form, else None; the fields as compact JSON, or None when there
        are none.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> meta_fields({"date": "3 July 2020", "outlet": "BBC"})
    ('3 July 2020', '{"date": "3 July 2020", "outlet": "BBC"}')
    >>> meta_fields({})
    (None, None)
    """
    date = meta.get("date")
    if date is not None and not isinstance(date, str):
        # Strings and None are what a Dask table column carries well; an object goes as its ISO form.
        try:
            when = parse_date(date)
        except (ValueError, TypeError):  # InputError is a ValueError
            when = None
        date = when.iso if when is not None else None
    return date, json.dumps(meta, ensure_ascii=False, default=str) if meta else None


def date_key(value: Any) -> datetime | None:
    """When a publication date begins, to find the earliest of a cluster's documents.

    Parameters
    ----------
    value:
        A date in any form :func:`simcompare.text.parse_date` reads, or None.

    Returns
    -------
    datetime or None
        The start of the span the date allows (naive; in UTC when the date
        names a zone, else as written); None when there is no date or it
        cannot be read (such a document has no date: it does not stop a run).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> date_key("3 July 2020"), date_key("2020-07-03T14:02+01:00")
    (datetime.datetime(2020, 7, 3, 0, 0), datetime.datetime(2020, 7, 3, 13, 2))
    >>> date_key("last Friday") is None
    True
    """
    try:
        when = parse_date(value)
    except (ValueError, TypeError):  # InputError is a ValueError
        return None
    return when.start if when is not None else None


def find_boilerplate(texts: Sequence[str], *, share: float, shingle_size: int, workers: int = 1) -> np.ndarray:
    """The boilerplate of a sample of documents (stage **boilerplate**).

    Parameters
    ----------
    texts:
        The sample: the first ``BOILERPLATE_SAMPLE`` texts in reading order (``str``, or a
        :class:`simcompare._core.JsonTexts`).
    share:
        A shingle is boilerplate when it is in more than this share (0-1) of
        the sampled texts, and in at least ``BOILERPLATE_MIN_DOCS`` of them.
    shingle_size:
        Words per shingle.
    workers:
        Threads.

    Returns
    -------
    numpy.ndarray
        The boilerplate shingle hashes (uint64), sorted.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> footer = " Read about our approach to external linking."
    >>> texts = [f"Story number {k} about the weather." + footer for k in range(20)]
    >>> len(find_boilerplate(texts, share=0.5, shingle_size=5))  # "about the weather read about ... linking"
    6
    """
    needed = max(BOILERPLATE_MIN_DOCS, math.floor(share * len(texts)) + 1)
    return frequent_shingles(texts, shingle_size, needed, workers=workers)


def sign(texts: list[str], *, params: SignatureParams, ignore: np.ndarray, workers: int = 1
         ) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures of a batch of texts (stage **sign**).

    Parameters
    ----------
    texts:
        The batch.
    params:
        Signature parameters.
    ignore:
        Boilerplate shingle hashes to leave out.
    workers:
        Threads.

    Returns
    -------
    (matrix, empty):
        A ``(len(texts), num_perm)`` uint32 matrix, and a mask of the texts without words.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> matrix, empty = sign(["Rates rose again today.", ""], params=SignatureParams(num_perm=16),
    ...                      ignore=np.empty(0, np.uint64))
    >>> matrix.shape, empty.tolist()
    ((2, 16), [False, True])
    """
    return sign_texts(texts, params, workers=workers, ignore=ignore)


def anchor(texts: list[str], *, ignore: np.ndarray, offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The anchors of a batch of texts (stage **anchors**, reuse mode).

    Parameters
    ----------
    texts:
        The batch.
    ignore:
        Boilerplate shingle hashes to leave out.
    offset:
        The position of the batch's first text in the corpus.

    Returns
    -------
    (anchors, owners, empty):
        The anchor hashes, the position of the text each came from, and a
        mask of the texts without words; see :func:`simcompare.sketch.anchors.anchors`.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> found, owners, empty = anchor(["a b c d e f g h i j k l m n o p q r s t u v w x y z"] * 2,
    ...                               ignore=np.empty(0, np.uint64), offset=10)
    >>> set(owners.tolist()) <= {10, 11}, empty.tolist()
    (True, [False, False])
    """
    return anchors(texts, ignore, offset=offset)


def band(matrix: np.ndarray, *, bands: int, rows: int) -> np.ndarray:
    """LSH band keys of signatures (stage **band**).

    Parameters
    ----------
    matrix:
        Signatures, one row a document.
    bands, rows:
        The banding.

    Returns
    -------
    numpy.ndarray
        ``(n, bands)`` keys; see :func:`simcompare.sketch.lsh.band_keys`.

    Raises
    ------
    ParameterError
        If ``bands * rows`` exceeds the signature's width.

    Examples
    --------
    >>> band(np.zeros((3, 8), np.uint32), bands=2, rows=4).shape
    (3, 2)
    """
    return band_keys(matrix, bands, rows)


def candidates(keys: np.ndarray, *, exclude: np.ndarray | None = None) -> CandidatePairs:
    """Pairs of documents sharing a band key (stage **candidates**, near mode).

    Parameters
    ----------
    keys:
        ``(n, bands)`` band keys.
    exclude:
        Documents never to pair (those without words).

    Returns
    -------
    CandidatePairs
        Buckets of more than ``MAX_BUCKET`` documents are counted, not expanded.

    Raises
    ------
    ParameterError
        For keys or a mask of the wrong shape.

    Examples
    --------
    >>> found = candidates(np.array([[1], [1], [2]], np.uint64))
    >>> found.i.tolist(), found.j.tolist()
    ([0], [1])
    """
    return candidate_pairs(keys, exclude=exclude, max_bucket=MAX_BUCKET)


def reuse_candidates(anchor_parts: list[np.ndarray], anchor_docs: list[np.ndarray]
                     ) -> tuple[np.ndarray, np.ndarray, int]:
    """Pairs of documents sharing an anchor (stage **candidates**, reuse mode).

    Parameters
    ----------
    anchor_parts, anchor_docs:
        The anchors and owners of each batch, from :func:`anchor`.

    Returns
    -------
    (i, j, capped):
        Each pair once, ``i < j``; and how many anchors were too common to use.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> i, j, capped = reuse_candidates([np.array([7, 9], np.uint64)], [np.array([0, 1])])
    >>> i.tolist(), j.tolist(), capped
    ([], [], 0)
    """
    return anchor_pairs(anchor_parts, anchor_docs)


def shingle_sets_of(texts: list[str], *, ignore: np.ndarray, shingle_size: int) -> list[np.ndarray]:
    """The shingle set of each text, boilerplate left out (for stage **verify**).

    Parameters
    ----------
    texts:
        A batch.
    ignore:
        Boilerplate shingle hashes, sorted.
    shingle_size:
        Words per shingle.

    Returns
    -------
    list of numpy.ndarray
        One sorted, unique uint64 array a text.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> [len(s) for s in shingle_sets_of(["one two three four five six", "one"], ignore=np.empty(0, np.uint64),
    ...                                  shingle_size=5)]
    [2, 1]
    """
    hashes, offsets = shingle_sets(texts, shingle_size)
    sets = [hashes[offsets[k] : offsets[k + 1]] for k in range(len(texts))]
    return [np.setdiff1d(found, ignore, assume_unique=True) for found in sets] if len(ignore) else sets


def similarity(sa: np.ndarray, sb: np.ndarray) -> tuple[float, float, float]:
    """Jaccard and containments of two shingle sets.

    Parameters
    ----------
    sa, sb:
        Sorted, unique shingle hashes.

    Returns
    -------
    (jaccard, a_in_b, b_in_a):
        Each 0.0-1.0; 0.0 for an empty set.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> similarity(np.array([1, 2, 3, 4], np.uint64), np.array([2, 3, 4], np.uint64))
    (0.75, 0.75, 1.0)
    """
    shared = len(np.intersect1d(sa, sb, assume_unique=True))
    union = len(sa) + len(sb) - shared
    return (shared / union if union else 0.0, shared / len(sa) if len(sa) else 0.0,
            shared / len(sb) if len(sb) else 0.0)


def _verified(pairs: list[Pair], kept_i: list[int], kept_j: list[int]) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    return pairs, np.array(kept_i, dtype=np.int64), np.array(kept_j, dtype=np.int64)


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    """``numerator / denominator`` (0.0 where it is 0), the same floats as Python's ``int / int``: both are below
    2**53, so each converts exactly and the division rounds once."""
    return np.divide(numerator, denominator, out=np.zeros(len(numerator)), where=denominator > 0)


def exact_pairs(overlaps: tuple[np.ndarray, np.ndarray, np.ndarray], ids: list[str], ci: np.ndarray,
                cj: np.ndarray, *, threshold: float) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    """The candidate pairs whose Jaccard reaches ``threshold``, from the overlaps of their shingle sets.

    Parameters
    ----------
    overlaps:
        ``(shared, size_a, size_b)`` of each pair, from :func:`simcompare._core.shingle_overlaps`.
    ids:
        Position -> id.
    ci, cj:
        The candidate pairs, as positions.
    threshold:
        Fewest Jaccard similarity to keep a pair.

    Returns
    -------
    (pairs, i, j):
        The verified pairs (Jaccard and containments as :func:`similarity`
        gives them for the shingle sets of :func:`shingle_sets_of`), and
        their positions (int64 arrays).

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> overlaps = (np.array([3, 1]), np.array([3, 4]), np.array([4, 4]))
    >>> exact_pairs(overlaps, ["x", "y", "z"], np.array([0, 0]), np.array([1, 2]), threshold=0.7)[0]
    [Pair(a='x', b='y', jaccard=0.75, containment_a_in_b=1.0, containment_b_in_a=0.75, passages=None)]
    """
    shared, size_a, size_b = overlaps
    ci, cj = np.asarray(ci, dtype=np.int64), np.asarray(cj, dtype=np.int64)
    jaccard = _ratio(shared, size_a + size_b - shared)
    kept = np.flatnonzero(jaccard >= threshold)
    a_in_b, b_in_a = _ratio(shared[kept], size_a[kept]), _ratio(shared[kept], size_b[kept])
    vi, vj = ci[kept], cj[kept]
    pairs = [Pair(ids[a], ids[b], j, x, y) for a, b, j, x, y in
             zip(vi.tolist(), vj.tolist(), jaccard[kept].tolist(), a_in_b.tolist(), b_in_a.tolist())]
    return pairs, vi, vj


def verify_estimates(matrix: np.ndarray, ids: list[str], ci: np.ndarray, cj: np.ndarray, *, threshold: float
                     ) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    """The candidate pairs whose signature estimate of the Jaccard reaches ``threshold`` (``fast=True``).

    Parameters
    ----------
    matrix:
        The signatures, one row a position.
    ids:
        Position -> id.
    ci, cj:
        The candidate pairs, as positions.
    threshold:
        Fewest estimated Jaccard similarity to keep a pair.

    Returns
    -------
    (pairs, i, j):
        The kept pairs (containments None), and their positions.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> matrix = np.array([[1, 2, 3, 4], [1, 2, 3, 5]], np.uint32)
    >>> verify_estimates(matrix, ["x", "y"], np.array([0]), np.array([1]), threshold=0.7)[0]
    [Pair(a='x', b='y', jaccard=0.75, containment_a_in_b=None, containment_b_in_a=None, passages=None)]
    """
    estimate = (matrix[ci] == matrix[cj]).mean(axis=1) if len(ci) else np.empty(0)
    kept = estimate >= threshold
    pairs = [Pair(ids[a], ids[b], float(j), None, None)
             for a, b, j in zip(ci[kept].tolist(), cj[kept].tolist(), estimate[kept].tolist())]
    return pairs, ci[kept], cj[kept]


def verify_reuse(texts: dict[int, str], sets: dict[int, np.ndarray], ids: list[str], ci: np.ndarray,
                 cj: np.ndarray, *, min_words: int, advance: Callable[[int], None] = _no_progress
                 ) -> tuple[list[Pair], np.ndarray, np.ndarray]:
    """The candidate pairs that share a passage of ``min_words`` words (stage **verify**, reuse mode).

    Parameters
    ----------
    texts, sets:
        Position -> text and shingle set, for every document in a candidate pair.
    ids:
        Position -> id.
    ci, cj:
        The candidate pairs, as positions.
    min_words:
        Fewest aligned words in a shared passage.
    advance:
        Called with 1 after each pair (progress).

    Returns
    -------
    (pairs, i, j):
        The pairs with their passages (``Passage.to_dict()``), and their positions.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> wire = " ".join(f"word{k}" for k in range(30))
    >>> texts = {0: "Intro. " + wire, 1: wire + " Outro."}
    >>> sets = {k: np.empty(0, np.uint64) for k in texts}
    >>> pairs, i, j = verify_reuse(texts, sets, ["x", "y"], np.array([0]), np.array([1]), min_words=20)
    >>> len(pairs[0].passages), pairs[0].passages[0]["words"]
    (1, 30)
    """
    from ..passages.align import align

    pairs, kept_i, kept_j = [], [], []
    for a, b in zip(ci.tolist(), cj.tolist()):
        passages = align(texts[a], texts[b], min_words=min_words)
        if passages:
            jaccard, a_in_b, b_in_a = similarity(sets[a], sets[b])
            pairs.append(Pair(ids[a], ids[b], jaccard, a_in_b, b_in_a, [p.to_dict() for p in passages]))
            kept_i.append(a)
            kept_j.append(b)
        advance(1)
    return _verified(pairs, kept_i, kept_j)


def representative(members: np.ndarray, dates: list, lengths: np.ndarray) -> int:
    """The document of a cluster to keep: the earliest by date when every
    member has a date (:func:`date_key`; the first on ties), else the longest
    (the first on ties).

    Parameters
    ----------
    members:
        Positions of the cluster's members, in reading order.
    dates, lengths:
        Position -> date (as :func:`doc_fields` keeps it) and text length.

    Returns
    -------
    int
        One of ``members``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> lengths = np.array([10, 30, 20])
    >>> representative(np.array([0, 1, 2]), ["4 July 2020", "2020-07-03T23:00:00-02:00", "3 July 2020"], lengths)
    2
    >>> representative(np.array([0, 1, 2]), ["4 July 2020", None, "3 July 2020"], lengths)
    1
    """
    members_list = members.tolist()
    # A member without a date (the usual case) settles it without reading the others' dates.
    if all(dates[m] is not None for m in members_list):
        keys = [date_key(dates[m]) for m in members_list]
        if all(k is not None for k in keys):
            return members_list[min(range(len(members_list)), key=lambda k: (keys[k], k))]
    return int(members[int(np.argmax(lengths[members]))])


def cluster(n: int, vi: np.ndarray, vj: np.ndarray, ids: list[str], dates: list, lengths: np.ndarray
            ) -> tuple[list[Cluster], np.ndarray]:
    """Clusters of the verified pairs (stage **cluster**): connected components of two or more documents.

    Parameters
    ----------
    n:
        Documents.
    vi, vj:
        The verified pairs, as positions.
    ids, dates, lengths:
        Position -> id, date and length, to pick each cluster's :func:`representative`.

    Returns
    -------
    (clusters, in_cluster):
        The clusters in order of their labels, numbered from 0, members in
        reading order; and a mask of the documents in one.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> found, in_cluster = cluster(4, np.array([0, 2]), np.array([2, 3]), ["a", "b", "c", "d"], [None] * 4,
    ...                             np.array([5, 5, 9, 5]))
    >>> found, in_cluster.tolist()
    ([Cluster(cluster=0, size=3, members=['a', 'c', 'd'], representative='c')], [True, False, True, True])
    """
    labels = connected_components(n, vi, vj)
    in_cluster = (np.bincount(labels, minlength=n) >= 2)[labels] if n else np.zeros(0, dtype=bool)
    # Only the documents in clusters are grouped (by label, in reading order within one): most are in none.
    inside = np.flatnonzero(in_cluster)
    order = inside[np.argsort(labels[inside], kind="stable")]
    starts = np.flatnonzero(np.diff(labels[order], prepend=-1)) if len(order) else np.empty(0, dtype=np.int64)
    ends = np.append(starts[1:], len(order))
    # Each cluster's longest member, the first on ties: what representative() picks without dates.
    by_length = order[np.lexsort((order, -lengths[order], labels[order]))]
    longest = by_length[starts].tolist()
    dated = [dates[m] is not None for m in order.tolist()]
    all_dated = np.logical_and.reduceat(dated, starts) if len(starts) else np.empty(0, dtype=bool)
    order_ids = [ids[m] for m in order.tolist()]
    clusters = []
    for k, (lo, hi) in enumerate(zip(starts.tolist(), ends.tolist())):
        rep = representative(order[lo:hi], dates, lengths) if all_dated[k] else longest[k]
        clusters.append(Cluster(k, hi - lo, order_ids[lo:hi], ids[rep]))
    return clusters, in_cluster


def keep_list(ids: list[str], empty: np.ndarray, in_cluster: np.ndarray, clusters: list[Cluster], *,
              mode: str) -> list[str]:
    """The documents to keep, in reading order: every non-empty one in no
    cluster, and each cluster's representative; in reuse mode every non-empty one.

    Parameters
    ----------
    ids:
        Position -> id.
    empty, in_cluster:
        Masks of the documents without words, and of those in a cluster.
    clusters:
        The clusters.
    mode:
        ``"near"`` or ``"reuse"``.

    Returns
    -------
    list of str
        Ids.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> keep_list(["a", "b", "c"], np.array([False, False, True]), np.array([True, True, False]),
    ...           [Cluster(0, 2, ["a", "b"], "b")], mode="near")
    ['b']
    """
    kept = ~np.asarray(empty, dtype=bool)
    if mode != "reuse":
        representatives = {c.representative for c in clusters}
        dropped = np.flatnonzero(kept & in_cluster)
        kept[[i for i in dropped.tolist() if ids[i] not in representatives]] = False
    return list(compress(ids, kept.tolist()))
