"""The in-process runner of dedup: the stages of :mod:`simcompare.dedup.stages`, timed, over batches.

``read -> boilerplate -> sign | anchors -> band -> candidates -> verify -> cluster``

* **read**: documents stream in batches of up to ``BATCH`` (from files,
  :meth:`~simcompare.io.readers.DocumentFiles.batches`: JSON lines texts stay
  their JSON literals, which the kernels decode); only ids, lengths, dates and
  other fields stay in memory, never the texts (timed as the time spent
  waiting for input, and taken out of the stage it happened in).
* **boilerplate**: counted in the first ``BOILERPLATE_SAMPLE`` documents
  (``workers`` threads).
* **sign** (``workers`` threads) or **anchors** (reuse mode), batch by batch.
* **band**, **candidates**: LSH band keys (batch by batch: the signatures are
  never copied into one matrix) and the pairs sharing one; reuse mode pairs
  documents sharing an anchor instead.
* **verify**: a second pass over the input, for candidate documents only
  (none with ``fast=True``, which keeps the signature estimate); near mode
  counts the pairs' shared shingles in chunks, in ``workers`` threads, while
  the candidates are still being read, and holds a text only until its
  document's last pair is counted.
* **cluster**: connected components of the verified pairs, representatives,
  the keep list.

Each stage's wall time and item count go into ``DedupResult.summary["stages"]``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from typing import Any

import numpy as np

from .._core import JsonTexts, load_compiled, shingle_overlaps
from ..errors import InputError
from ..io.documents import DocumentBatch, batches_of, documents_of
from ..io.readers import Document, DocumentFiles
from .options import DedupOptions
from .result import DedupResult, Pair, build_summary
from .stages import (
    BATCH,
    BOILERPLATE_SAMPLE,
    anchor,
    band,
    candidates,
    cluster,
    exact_pairs,
    find_boilerplate,
    keep_list,
    meta_fields,
    reuse_candidates,
    shingle_sets_of,
    sign,
    verify_estimates,
    verify_reuse,
)

__all__ = ["run_local"]

# A first batch larger than this is a corpus, not a pair of texts: the compiled kernels are loaded for it.
CORPUS_DOCS = 100
# Files of this many bytes are a corpus (about 300 news articles): the kernels are loaded before reading.
CORPUS_BYTES = 1 << 20
# Candidate pairs counted together by one worker thread while verifying.
PAIR_CHUNK = 1024


class _Stages:
    """Times named stages and shows progress on stderr (unless quiet)."""

    def __init__(self, progress: bool):
        # Reading happens lazily inside other stages; its time is counted in
        # "read" and taken out of the stage it happened in.
        self.read = {"seconds": 0.0, "items": 0, "cpu_seconds": 0.0}
        self.timings: dict[str, dict] = {"read": self.read}
        self.progress = progress

    @contextmanager
    def stage(self, name: str, total: int | None = None):
        start = time.perf_counter()
        read_before = self.read["seconds"]
        record = {"seconds": 0.0, "items": 0}
        self.timings[name] = record
        bar = None
        if self.progress:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            columns = [TextColumn(f"{name:<10}"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.fields[rate]}"), TimeElapsedColumn()]
            bar = Progress(*columns, transient=False, console=_stderr_console())
            bar.start()
            task = bar.add_task(name, total=total, rate="")

            def advance(n: int) -> None:
                record["items"] += n
                elapsed = time.perf_counter() - start
                bar.update(task, advance=n, rate=f"{record['items'] / max(elapsed, 1e-9):,.0f}/s")
        else:
            def advance(n: int) -> None:
                record["items"] += n
        try:
            yield advance
        finally:
            reading = self.read["seconds"] - read_before
            record["seconds"] = round(time.perf_counter() - start - reading, 4)
            self.read["seconds"] = round(self.read["seconds"], 4)
            if bar is not None:
                bar.stop()


def _timed(iterator: Iterator, record: dict, chunk: int = 1000) -> Iterator:
    """Yield from ``iterator``, the time spent waiting for it added to ``record`` as :func:`_timed_each` adds
    it. Items are read ``chunk`` at a time, so the clocks are read per chunk, not per item (per item they
    would cost a tenth of the parsing)."""
    for batch in _timed_each(iter(lambda: list(islice(iterator, chunk)), []), record):
        yield from batch


def _timed_each(batches: Iterator, record: dict) -> Iterator:
    """Yield from ``batches`` (each sized: a batch of documents, a list of items), the time spent waiting for
    each added to ``record``, with this thread's CPU time in ``record["cpu_seconds"]`` (what a busy machine
    changes least; reading and parsing happen lazily, interleaved with the other stages), and its items."""
    while True:
        start, cpu = time.perf_counter(), time.thread_time()
        batch = next(batches, None)
        record["seconds"] = round(record["seconds"] + time.perf_counter() - start, 4)
        record["cpu_seconds"] = round(record["cpu_seconds"] + time.thread_time() - cpu, 4)
        if batch is None:
            return
        record["items"] += len(batch)
        yield batch


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


@dataclass
class _Corpus:
    """What the first pass keeps: per document (in reading order) its id,
    date, length, other fields and whether it has words; the signatures
    (near mode) or anchors (reuse mode) of each batch; the boilerplate."""

    ignore: np.ndarray
    ids: list[str] = field(default_factory=list)
    dates: list = field(default_factory=list)
    lengths: list[np.ndarray] = field(default_factory=list)
    metas: list[str | None] = field(default_factory=list)
    empties: list[np.ndarray] = field(default_factory=list)
    matrices: list[np.ndarray] = field(default_factory=list)
    anchor_parts: list[np.ndarray] = field(default_factory=list)
    anchor_docs: list[np.ndarray] = field(default_factory=list)


@dataclass
class _Found:
    """What the candidates and verify stages found."""

    candidates: int
    pairs: list[Pair]
    i: np.ndarray
    j: np.ndarray
    capped_buckets: int
    capped_rows: int


def run_local(docs: Any, options: DedupOptions, *, workers: int | None = None, id_field: str = "id",
              text_field: str = "text", progress: bool = False) -> DedupResult:
    """:func:`simcompare.dedup` in this process.

    Parameters
    ----------
    docs:
        As for :func:`simcompare.dedup`.
    options:
        The run's options.
    workers:
        Signing threads; default: every core.
    id_field, text_field:
        The fields of dicts and DataFrame columns holding ids and texts.
    progress:
        Show progress bars with rates on stderr.

    Returns
    -------
    DedupResult

    Raises
    ------
    InputError
        For a document without a text, or a repeated id.

    Examples
    --------
    >>> story = "The central bank raised interest rates by half a point on Thursday, citing inflation."
    >>> result = run_local([story, story + " Markets fell."], DedupOptions(threshold=0.5, boilerplate=None))
    >>> result.keep, result.summary["stages"].keys()
    (['1'], dict_keys(['read', 'sign', 'band', 'candidates', 'verify', 'cluster']))
    """
    workers = workers or os.cpu_count() or 1
    # Files give Documents as they are (no wrapping of each); verification reads only the candidates'
    # records, by where they are (DocumentFiles.fetch).
    if isinstance(docs, DocumentFiles):
        if docs.size() >= CORPUS_BYTES:
            load_compiled()  # the reader's kernels too: before reading, not inside it
        source, batches = docs, docs.batches(BATCH)
    else:
        source = documents_of(docs, id_field=id_field, text_field=text_field)
        batches = batches_of(source(), BATCH)
    stages = _Stages(progress)
    corpus = _first_pass(_timed_each(batches, stages.read), options, stages, workers)
    ids, n = corpus.ids, len(corpus.ids)
    _check_unique(ids)
    empty = np.concatenate(corpus.empties) if corpus.empties else np.empty(0, dtype=bool)
    lengths = np.concatenate(corpus.lengths) if corpus.lengths else np.empty(0, dtype=np.int64)
    if options.mode == "reuse":
        found = _reuse_pairs(source, corpus, options, stages)
    else:
        found = _near_pairs(source, corpus, empty, options, stages, workers)
    with stages.stage("cluster") as advance:
        clusters, in_cluster = cluster(n, found.i, found.j, ids, corpus.dates, lengths)
        keep = keep_list(ids, empty, in_cluster, clusters, mode=options.mode)
        advance(n)
    summary = build_summary(
        options, documents=n, empty_documents=empty.sum(), candidate_pairs=found.candidates, pairs=len(found.pairs),
        clusters=len(clusters), documents_in_clusters=in_cluster.sum(), kept=len(keep),
        sampled_documents=min(n, BOILERPLATE_SAMPLE) if options.boilerplate is not None else 0,
        shingles_ignored=len(corpus.ignore), capped_buckets=found.capped_buckets,
        documents_in_capped_buckets=found.capped_rows, workers=workers, stages=stages.timings)
    involved = np.unique(np.concatenate((found.i, found.j))) if len(found.i) else []
    meta = {ids[i]: json.loads(corpus.metas[i]) for i in involved if corpus.metas[i] is not None}
    return DedupResult(ids=ids, pairs=found.pairs, clusters=clusters, keep=keep, summary=summary, meta=meta)


def _first_pass(batches: Iterator[DocumentBatch], options: DedupOptions, stages: _Stages, workers: int) -> _Corpus:
    """Stages boilerplate and sign (or anchors): the first reading of the input, batch by batch."""
    first, held = [], 0
    for batch in batches:
        first.append(batch)
        held += len(batch)
        if held >= max(BATCH, BOILERPLATE_SAMPLE):
            break
    if held > CORPUS_DOCS:
        # A corpus, not a pair: every stage should use the compiled kernels from the start.
        load_compiled()
    corpus = _Corpus(ignore=np.empty(0, dtype=np.uint64))
    if options.boilerplate is not None:
        with stages.stage("boilerplate") as advance:
            corpus.ignore = find_boilerplate(_sample(first), share=options.boilerplate,
                                             shingle_size=options.shingle_size, workers=workers)
            advance(min(held, BOILERPLATE_SAMPLE))
    near = options.mode == "near"
    with stages.stage("sign" if near else "anchors") as advance:
        for batch in _drained(first, batches):
            texts = _keep_fields(batch, corpus)
            if near:
                matrix, empty = sign(texts, params=options.params, ignore=corpus.ignore, workers=workers)
            else:
                found, owners, empty = anchor(texts, ignore=corpus.ignore, offset=len(corpus.ids) - len(batch))
                corpus.anchor_parts.append(found)
                corpus.anchor_docs.append(owners)
                matrix = np.empty((len(batch), 0), dtype=np.uint32)
            corpus.matrices.append(matrix)
            corpus.empties.append(empty)
            advance(len(batch))
            del batch, texts  # gone before the next batch comes
    return corpus


def _drained(first: list[DocumentBatch], rest: Iterator[DocumentBatch]) -> Iterator[DocumentBatch]:
    """The batches of ``first``, each let go as it is given, then those of ``rest``."""
    while first:
        yield first.pop(0)
    yield from rest


def _sample(first: list[DocumentBatch]) -> Sequence[str]:
    """The texts of the first ``BOILERPLATE_SAMPLE`` documents: their JSON literals when they were read so
    (the kernels decode them), else ``str``."""
    parts, held = [], 0
    for batch in first:
        parts.append(batch.texts[: BOILERPLATE_SAMPLE - held])
        held += len(parts[-1])
    if all(isinstance(part, JsonTexts) for part in parts):
        return JsonTexts.joined(parts)
    return [text for part in parts for text in (part.decoded() if isinstance(part, JsonTexts) else part)]


def _keep_fields(batch: DocumentBatch, corpus: _Corpus) -> Sequence[str]:
    """Keep what the run needs of each document of ``batch`` (:func:`meta_fields`) in ``corpus``; return the
    texts. Documents without other fields (most, in a large corpus) take no call each."""
    base = len(corpus.ids)
    corpus.ids.extend(batch.ids)
    corpus.lengths.append(batch.lengths)
    corpus.dates.extend(repeat(None, len(batch)))
    corpus.metas.extend(repeat(None, len(batch)))
    for k, meta in batch.metas.items():
        corpus.dates[base + k], corpus.metas[base + k] = meta_fields(meta)
    return batch.texts


def _check_unique(ids: list[str]) -> None:
    if len(set(ids)) == len(ids):
        return
    seen: dict[str, int] = {}
    for index, doc_id in enumerate(ids):
        if seen.setdefault(doc_id, index) != index:
            raise InputError(f"duplicate id {doc_id!r}: documents {seen[doc_id]} and {index}")


def _near_pairs(source: Callable[[], Iterator[Document]], corpus: _Corpus, empty: np.ndarray,
                options: DedupOptions, stages: _Stages, workers: int) -> _Found:
    """Stages band, candidates and verify of near mode."""
    ids, n = corpus.ids, len(corpus.ids)
    matrices, corpus.matrices = corpus.matrices or [np.empty((0, options.num_perm), dtype=np.uint32)], []
    with stages.stage("band") as advance:
        # Batch by batch (a band key is of one row): the signatures are never copied into one matrix, which
        # only the signature estimates (fast) need; other runs let each batch go once it is banded.
        parts = []
        for k, part in enumerate(matrices):
            parts.append(band(part, bands=options.bands, rows=options.rows))
            if not options.fast:
                matrices[k] = None
        keys = np.concatenate(parts)
        del parts
        advance(n)
    with stages.stage("candidates") as advance:
        found = candidates(keys, exclude=empty)
        ci, cj = found.i, found.j
        capped_buckets, capped_rows = int(found.capped_buckets), int(found.capped.sum())
        advance(len(ci))
    del keys, found
    with stages.stage("verify", total=len(ci)) as advance:
        if options.fast:
            matrix = np.concatenate(matrices)
            pairs, vi, vj = verify_estimates(matrix, ids, ci, cj, threshold=options.threshold)
            advance(len(ci))
        else:
            overlaps = _streamed_overlaps(_fetched(source, ids, ci, cj, stages.read), n, ci, cj, corpus.ignore,
                                          options.shingle_size, workers, advance)
            pairs, vi, vj = exact_pairs(overlaps, ids, ci, cj, threshold=options.threshold)
    return _Found(len(ci), pairs, vi, vj, capped_buckets, capped_rows)


def _reuse_pairs(source: Callable[[], Iterator[Document]], corpus: _Corpus, options: DedupOptions,
                 stages: _Stages) -> _Found:
    """Stages candidates and verify of reuse mode."""
    with stages.stage("candidates") as advance:
        ci, cj, capped = reuse_candidates(corpus.anchor_parts, corpus.anchor_docs)
        advance(len(ci))
    with stages.stage("verify", total=len(ci)) as advance:
        sets, texts = _second_pass(source, corpus.ids, ci, cj, corpus.ignore, options.shingle_size,
                                   read=stages.read)
        pairs, vi, vj = verify_reuse(texts, sets, corpus.ids, ci, cj, min_words=options.min_words, advance=advance)
    return _Found(len(ci), pairs, vi, vj, capped, 0)


class _Chunks:
    """Candidate pairs handed out in chunks to worker threads as their documents arrive: a pair's overlap
    (:func:`simcompare._core.shingle_overlaps`) is counted while the input is still being read, and a text is
    let go once every pair of its document is handed out."""

    def __init__(self, n: int, ci: np.ndarray, cj: np.ndarray, ignore: np.ndarray, shingle_size: int,
                 pool: ThreadPoolExecutor):
        self.ci, self.cj, self.ignore, self.shingle_size, self.pool = ci, cj, ignore, shingle_size, pool
        self.order = np.argsort(np.maximum(ci, cj), kind="stable")  # by the later document, in reading order
        self.later = np.maximum(ci, cj)[self.order].tolist()  # bisected once a document: a list is quicker
        self.remaining = np.bincount(np.concatenate((ci, cj)), minlength=n)  # pairs not handed out, per document
        self.overlaps = tuple(np.zeros(len(ci), dtype=np.int64) for _ in range(3))
        self.texts: dict[int, str] = {}
        self.done = 0  # pairs of ``order`` looked at
        self.deferred: list[np.ndarray] = []  # pairs one of whose documents had not come (input out of order)
        self.futures: list = []

    def add(self, index: int, text: str) -> None:
        self.texts[index] = text
        ready = bisect_right(self.later, index)
        if ready - self.done >= PAIR_CHUNK:
            self.hand_out(self.order[self.done : ready])
            self.done = ready

    def hand_out(self, rows: np.ndarray) -> None:
        for lo in range(0, len(rows), PAIR_CHUNK):
            chunk = rows[lo : lo + PAIR_CHUNK]
            a, b = self.ci[chunk], self.cj[chunk]
            docs = np.unique(np.concatenate((a, b)))
            texts = [self.texts.get(d) for d in docs.tolist()]
            if any(t is None for t in texts):
                self.deferred.append(chunk)
                continue
            self.futures.append(self.pool.submit(self._count, chunk, texts, np.searchsorted(docs, a),
                                                 np.searchsorted(docs, b)))
            np.subtract.at(self.remaining, a, 1)
            np.subtract.at(self.remaining, b, 1)
            for d in docs[self.remaining[docs] == 0].tolist():
                del self.texts[d]

    def _count(self, chunk: np.ndarray, texts: list[str], a: np.ndarray, b: np.ndarray) -> int:
        found = shingle_overlaps(texts, self.shingle_size, a, b, ignore=self.ignore)
        for total, part in zip(self.overlaps, found):
            total[chunk] = part
        return len(chunk)

    def finish(self, advance: Callable[[int], None]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        self.hand_out(self.order[self.done :])
        deferred, self.deferred = self.deferred, []
        if deferred:
            self.hand_out(np.concatenate(deferred))  # every document has come by now
        if self.deferred:
            missing = sorted(set(np.concatenate((self.ci, self.cj)).tolist()) - set(self.texts))
            raise InputError(f"expected every document of a candidate pair on the second reading, got none for "
                             f"position {missing[0]} ({len(missing)} missing)")
        for future in self.futures:
            advance(future.result())
        return self.overlaps


def _streamed_overlaps(found: Iterator[tuple[int, str]], n: int, ci: np.ndarray, cj: np.ndarray,
                       ignore: np.ndarray, shingle_size: int, workers: int, advance: Callable[[int], None]
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The overlaps of the candidate pairs' shingle sets, counted by ``workers`` threads as ``found`` (the
    documents in candidate pairs, in reading order) comes; see :class:`_Chunks`."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        chunks = _Chunks(n, np.asarray(ci, dtype=np.int64), np.asarray(cj, dtype=np.int64), ignore, shingle_size,
                         pool)
        for index, text in found:
            chunks.add(index, text)
        return chunks.finish(advance)


def _fetched(source: Callable[[], Iterator[Document]], ids: list[str], ci: np.ndarray, cj: np.ndarray,
             read: dict) -> Iterator[tuple[int, str]]:
    """``(position, text)`` of the documents in candidate pairs, in reading order: fetched by where they are
    when ``source`` has a ``fetch`` (files read once), else the input read again."""
    n = len(ids)
    wanted = np.zeros(n, dtype=bool)
    wanted[ci] = True
    wanted[cj] = True
    fetch = getattr(source, "fetch", None)
    found = fetch(np.flatnonzero(wanted).tolist(), ids) if fetch is not None else enumerate(source())
    for index, doc in _timed(found, read):
        if index < n and wanted[index]:
            yield index, doc.text


def _second_pass(source: Callable[[], Iterator[Document]], ids: list[str], ci: np.ndarray, cj: np.ndarray,
                 ignore: np.ndarray, shingle_size: int, *, read: dict) -> tuple[dict, dict]:
    """The shingle sets and texts of the documents in candidate pairs (see :func:`_fetched`)."""
    sets: dict[int, np.ndarray] = {}
    texts: dict[int, str] = {}
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        found = shingle_sets_of([text for _, text in pending], ignore=ignore, shingle_size=shingle_size)
        for (index, text), shingles in zip(pending, found):
            sets[index] = shingles
            texts[index] = text
        pending.clear()

    for index, text in _fetched(source, ids, ci, cj, read):
        pending.append((index, text))
        if len(pending) >= BATCH:
            flush()
    flush()
    return sets, texts
