"""Corpus deduplication: near-duplicate articles, or every pair that shares a passage; local or on Dask.

:func:`dedup` checks its options once (:class:`DedupOptions`) and runs the
stages of :mod:`simcompare.dedup.stages` in this process
(:mod:`simcompare.dedup.local`) or on a Dask cluster
(:mod:`simcompare.dedup.dask`); both give a :class:`DedupResult`
(:mod:`simcompare.dedup.result`).
"""

from __future__ import annotations

from typing import Any

from .local import run_local
from .options import DedupOptions
from .result import OUTPUT_FILES, Cluster, DedupResult, Pair

__all__ = ["dedup", "DedupResult", "DedupOptions", "Pair", "Cluster", "OUTPUT_FILES"]


def dedup(
    docs: Any,
    *,
    threshold: float = 0.8,
    mode: str = "near",
    min_words: int = 50,
    num_perm: int = 128,
    shingle_size: int = 5,
    seed: int = 1,
    bands: int | None = None,
    rows: int | None = None,
    fast: bool = False,
    boilerplate: float | None = 0.01,
    workers: int | None = None,
    id_field: str = "id",
    text_field: str = "text",
    progress: bool = False,
    client: Any = None,
) -> DedupResult:
    """Find the near-duplicate documents of a corpus and cluster them.

    Parameters
    ----------
    docs:
        A list of ``str`` (ids are their positions), a list of dicts (with
        ``id_field`` and ``text_field``; other fields pass through), a pandas
        DataFrame, any iterable of :class:`~simcompare.io.readers.Document`, or a
        function returning such an iterable afresh on each call (the input is
        read twice, to sign and then to verify; a one-shot iterable is
        spilled to a temporary file for the second reading).
    threshold:
        Jaccard similarity of word-shingle sets (0.0-1.0) from which two
        documents are near-duplicates.
    mode:
        ``"near"``: near-duplicate documents. ``"reuse"``: every pair of
        documents sharing a passage of at least ``min_words`` words (a wire
        story inside a longer article), found through rare word 5-grams and
        checked with :func:`simcompare.align`; their passages are in
        ``Pair.passages``, clusters group documents that share text, and
        nothing is dropped from ``keep``.
    min_words:
        Reuse mode: fewest aligned words in a shared passage.
    num_perm, shingle_size, seed:
        Signature parameters, as for :func:`simcompare.sign`.
    bands, rows:
        LSH banding; unless both are given, derived from ``threshold`` by
        datasketch's rule weighting false negatives 9:1 against false positives
        (which verification removes).
    fast:
        Keep the signature estimate of the Jaccard instead of verifying exactly
        (no second pass over the input; containments are None).
    boilerplate:
        Leave out shingles found in more than this share of documents; None
        keeps every shingle.
    workers:
        Signing threads; default: every core.
    progress:
        Show progress bars with rates on stderr.
    client:
        A ``dask.distributed.Client``: run the stages on its cluster instead
        (``pip install "simcompare[dask]"``). ``docs`` are then JSON lines,
        Parquet or (local) text files, directories, globs or fsspec URLs, read on the workers; the result
        is the same as the local run's on the same files. See
        :func:`simcompare.dedup.dask.dedup_on_dask`.

    Returns
    -------
    DedupResult
        ``pairs`` (verified near-duplicate pairs), ``clusters`` (two or more
        members), ``keep`` (every document to keep: the representative of each
        cluster and every document in none), ``summary`` (counts, parameters,
        stage timings).

    Raises
    ------
    InputError
        For a document without a text.
    ParameterError
        For options out of range.

    Examples
    --------
    >>> story = "The central bank raised interest rates by half a point on Thursday, citing inflation."
    >>> result = dedup([story, story + " Markets fell.", "A storm closed schools across the region."],
    ...                threshold=0.5, boilerplate=None)
    >>> [(p.a, p.b) for p in result.pairs], result.keep
    ([('0', '1')], ['1', '2'])
    """
    options = DedupOptions(threshold=threshold, mode=mode, min_words=min_words, num_perm=num_perm,
                           shingle_size=shingle_size, seed=seed, bands=bands, rows=rows, fast=fast,
                           boilerplate=boilerplate)
    if client is not None:
        from .dask.run import run_on_dask

        return run_on_dask(docs, options, client=client, id_field=id_field, text_field=text_field)
    return run_local(docs, options, workers=workers, id_field=id_field, text_field=text_field, progress=progress)
