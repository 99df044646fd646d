"""Corpus deduplication: named, timed stages that are plain functions of batches.

``read -> sign -> band -> candidates -> verify -> cluster``

* **read**: documents stream in batches; only ids, lengths and dates stay
  in memory, never the texts (timed as the time spent waiting for input).
* **boilerplate**: shingles found in more than ``boilerplate`` of the first
  ``BOILERPLATE_SAMPLE`` documents ("The BBC is not responsible for the
  content of external sites") are left out of signing and verifying, so page
  furniture does not make unrelated articles look alike.
* **sign**: MinHash signatures, ``workers`` threads.
* **band**: LSH band keys; bands and rows from ``threshold`` unless given.
* **candidates**: pairs of documents sharing a band key.
* **verify**: exact Jaccard and containment of the shingle sets of each
  candidate pair (a second pass over the input, for candidate documents
  only); ``fast=True`` keeps the signature estimate instead.
* **cluster**: connected components of the verified pairs (union-find).

Each stage's wall time and item count go into ``DedupResult.summary``.
"""

from __future__ import annotations

import json
import math
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from ._core import shingle_sets, sign_texts
from .errors import InputError, ParameterError
from .params import SignatureParams
from .readers import Document

__all__ = ["dedup", "DedupResult", "Pair", "Cluster", "OUTPUT_FILES"]

BATCH = 20_000
BOILERPLATE_SAMPLE = 20_000
# A shingle must be in at least this many sampled documents to count as
# boilerplate, so a small corpus's duplicates are never mistaken for it.
BOILERPLATE_MIN_DOCS = 10
# An LSH bucket larger than this (documents that are all boilerplate, say) is
# reported instead of being expanded into every pair.
MAX_BUCKET = 1_000
# Weight of false positives against false negatives when choosing bands and
# rows: with (14, 9) at threshold 0.8 a pair at Jaccard 0.9 is a candidate
# with probability 0.999, at 0.8 with 0.87.
FALSE_POSITIVE_WEIGHT = 0.1
OUTPUT_FILES = ("pairs.jsonl", "clusters.jsonl", "keep.txt", "summary.json")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two documents that are near-duplicates (ids, similarities 0.0-1.0).

    With ``fast=True`` the Jaccard is the signature estimate and the
    containments are None."""

    a: str
    b: str
    jaccard: float
    containment_a_in_b: float | None
    containment_b_in_a: float | None


@dataclass(frozen=True, slots=True)
class Cluster:
    """Documents that are the same story: ``representative`` is the one to keep."""

    cluster: int
    size: int
    members: list[str]
    representative: str


@dataclass
class DedupResult:
    """What :func:`dedup` found; :meth:`write` saves it as the CLI's output files."""

    ids: list[str]
    pairs: list[Pair]
    clusters: list[Cluster]
    keep: list[str]
    summary: dict = field(default_factory=dict)

    def write(self, directory: str | os.PathLike, *, overwrite: bool = False) -> None:
        """Write ``pairs.jsonl``, ``clusters.jsonl``, ``keep.txt`` and
        ``summary.json`` into ``directory``, each atomically (temp file, then
        rename), ``summary.json`` last: a run interrupted half-way never leaves
        a file that looks complete.

        Raises
        ------
        InputError
            If ``directory`` already holds results and ``overwrite`` is False,
            or cannot be written.
        """
        out = Path(directory)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create the output directory: {exc.strerror or exc}", path=str(out)) from None
        existing = [name for name in OUTPUT_FILES if (out / name).exists()]
        if existing and not overwrite:
            raise InputError(
                f"already holds results ({', '.join(existing)}); pass --overwrite to replace them", path=str(out)
            )
        _write_atomic(out / "pairs.jsonl", (json.dumps(_asdict(p), ensure_ascii=False) + "\n" for p in self.pairs))
        _write_atomic(out / "clusters.jsonl", (json.dumps(_asdict(c), ensure_ascii=False) + "\n" for c in self.clusters))
        _write_atomic(out / "keep.txt", (i + "\n" for i in self.keep))
        _write_atomic(out / "summary.json", [json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n"])


def _asdict(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__}


def _write_atomic(path: Path, lines: Iterable[str]) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror or exc}", path=str(path)) from None


# --------------------------------------------------------------------------
# Sources: documents that can be read twice (signing, then verifying)
# --------------------------------------------------------------------------


def _documents(docs: Any, *, id_field: str, text_field: str) -> Callable[[], Iterator[Document]]:
    """A function that yields the documents afresh on every call.

    Lists (of str, dicts or :class:`Document`) and pandas DataFrames are
    re-read from memory; any other iterable is read once and spilled to a
    temporary JSON-lines file, so a generator or a stream can be verified too.
    """
    if type(docs).__name__ == "DataFrame":
        frame = docs
        if text_field not in frame.columns:
            raise InputError(f"expected a column {text_field!r}; got columns {list(frame.columns)}")
        records = frame.to_dict("records")
        return lambda: (_to_document(r, n, id_field, text_field) for n, r in enumerate(records))
    if isinstance(docs, (list, tuple)):
        return lambda: (_to_document(d, n, id_field, text_field) for n, d in enumerate(docs))
    if callable(docs):
        return lambda: (_to_document(d, n, id_field, text_field) for n, d in enumerate(docs()))
    if isinstance(docs, (str, bytes)):
        raise ParameterError("dedup() takes an iterable of documents, got a single str: wrap it in a list")
    return _spilled(iter(docs), id_field, text_field)


def _to_document(item: Any, n: int, id_field: str, text_field: str) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, str):
        return Document(id=str(n), text=item, meta={})
    if isinstance(item, dict):
        text = item.get(text_field)
        if not isinstance(text, str):
            got = "no such field" if text_field not in item else type(text).__name__
            raise InputError(f"document {n}: expected a string field {text_field!r}; got {got}")
        doc_id = item.get(id_field, n)
        meta = {k: v for k, v in item.items() if k not in (id_field, text_field)}
        return Document(id=str(doc_id), text=text, meta=meta)
    raise InputError(f"document {n}: expected str, dict or Document; got {type(item).__name__}")


def _spilled(iterator: Iterator, id_field: str, text_field: str) -> Callable[[], Iterator[Document]]:
    spool = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    state = {"read": False}

    def read() -> Iterator[Document]:
        if not state["read"]:
            for n, item in enumerate(iterator):
                doc = _to_document(item, n, id_field, text_field)
                spool.write(json.dumps([doc.id, doc.text, doc.meta], ensure_ascii=False) + "\n")
                yield doc
            state["read"] = True
            return
        spool.seek(0)
        for line in spool:
            doc_id, text, meta = json.loads(line)
            yield Document(id=doc_id, text=text, meta=meta)

    return read


# --------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------


class _Stages:
    """Times named stages and shows progress on stderr (unless quiet)."""

    def __init__(self, progress: bool):
        self.timings: dict[str, dict] = {}
        self.progress = progress
        self._bar = None

    @contextmanager
    def stage(self, name: str, total: int | None = None):
        start = time.perf_counter()
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
            record["seconds"] = round(time.perf_counter() - start, 4)
            if bar is not None:
                bar.stop()


def _timed(iterator: Iterator, record: dict) -> Iterator:
    """Yield from ``iterator``, adding the time spent waiting for it to ``record``
    (reading and parsing happen lazily, interleaved with the other stages)."""
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            record["seconds"] = round(record["seconds"] + time.perf_counter() - start, 4)
            return
        record["seconds"] += time.perf_counter() - start
        record["items"] += 1
        yield item


def _stderr_console():
    from rich.console import Console

    return Console(file=sys.stderr)


def _find_boilerplate(sample: list[Document], share: float, shingle_size: int) -> np.ndarray:
    """Shingles in more than ``share`` of the sampled documents (and in at
    least BOILERPLATE_MIN_DOCS of them)."""
    hashes, _ = shingle_sets([d.text for d in sample], shingle_size)
    if len(hashes) == 0:
        return np.empty(0, dtype=np.uint64)
    values, counts = np.unique(hashes, return_counts=True)  # each set is unique: counts are documents
    needed = max(BOILERPLATE_MIN_DOCS, math.floor(share * len(sample)) + 1)
    return values[counts >= needed]


def _representative(members: np.ndarray, dates: list, lengths: np.ndarray) -> int:
    """Earliest by date when every member has one, else the longest (first on ties)."""
    member_dates = [dates[m] for m in members]
    if all(d is not None for d in member_dates):
        return int(members[min(range(len(members)), key=lambda k: (member_dates[k], k))])
    return int(members[int(np.argmax(lengths[members]))])


def _parse_date(value: Any):
    """An ISO date or date-time as a comparable string, or None."""
    if not isinstance(value, str) or not value.strip():
        return None
    from datetime import datetime

    text = value.strip().replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        return None


def dedup(
    docs: Any,
    *,
    threshold: float = 0.8,
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
) -> DedupResult:
    """Find the near-duplicate documents of a corpus and cluster them.

    Parameters
    ----------
    docs:
        A list of ``str`` (ids are their positions), a list of dicts (with
        ``id_field`` and ``text_field``; other fields pass through), a pandas
        DataFrame, any iterable of :class:`~simcompare.readers.Document`, or a
        function returning such an iterable afresh on each call (the input is
        read twice, to sign and then to verify; a one-shot iterable is
        spilled to a temporary file for the second reading).
    threshold:
        Jaccard similarity of word-shingle sets (0.0-1.0) from which two
        documents are near-duplicates.
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
    if not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold must be in (0, 1], got {threshold}")
    if boilerplate is not None and not 0.0 < boilerplate < 1.0:
        raise ParameterError(f"boilerplate must be in (0, 1) or None, got {boilerplate}")
    params = SignatureParams(num_perm=num_perm, shingle_size=shingle_size, seed=seed)
    from .lsh import band_keys, candidate_pairs, lsh_params
    from .cluster import connected_components

    if (bands is None) != (rows is None):
        raise ParameterError(f"give both bands and rows, or neither; got bands={bands}, rows={rows}")
    if bands is None:
        # Verification weeds out false positives, so banding leans to recall.
        bands, rows = lsh_params(threshold, num_perm, false_positive_weight=FALSE_POSITIVE_WEIGHT,
                                 false_negative_weight=1 - FALSE_POSITIVE_WEIGHT)
    if bands * rows > num_perm or bands < 1 or rows < 1:
        raise ParameterError(f"bands * rows must be <= num_perm ({num_perm}), got {bands} * {rows}")
    workers = workers or os.cpu_count() or 1
    source = _documents(docs, id_field=id_field, text_field=text_field)
    stages = _Stages(progress)

    ids: list[str] = []
    dates: list = []
    lengths: list[int] = []
    matrices, empties = [], []
    ignore = np.empty(0, dtype=np.uint64)
    read_time = {"seconds": 0.0, "items": 0}
    stages.timings["read"] = read_time
    stream = _timed(source(), read_time)
    first = list(islice(stream, max(BATCH, BOILERPLATE_SAMPLE)))
    if len(first) > 100:
        # A corpus, not a pair: load the compiled kernels now, so that every
        # stage uses them (see simcompare._core, engine "auto").
        from ._core import _fast  # noqa: F401
    if boilerplate is not None:
        with stages.stage("boilerplate") as advance:
            ignore = _find_boilerplate(first[:BOILERPLATE_SAMPLE], boilerplate, shingle_size)
            advance(min(len(first), BOILERPLATE_SAMPLE))
    with stages.stage("sign") as advance:
        batch = first
        while batch:
            for doc in batch:
                ids.append(doc.id)
                dates.append(_parse_date(doc.meta.get("date")))
                lengths.append(len(doc.text))
            matrix, empty = sign_texts([d.text for d in batch], params, workers=workers, ignore=ignore)
            matrices.append(matrix)
            empties.append(empty)
            advance(len(batch))
            batch = list(islice(stream, BATCH))
    n = len(ids)
    seen: dict[str, int] = {}
    for index, doc_id in enumerate(ids):
        if seen.setdefault(doc_id, index) != index:
            raise InputError(f"duplicate id {doc_id!r}: documents {seen[doc_id]} and {index}")
    matrix = np.concatenate(matrices) if matrices else np.empty((0, num_perm), dtype=np.uint32)
    empty = np.concatenate(empties) if empties else np.empty(0, dtype=bool)
    length_array = np.array(lengths, dtype=np.int64)

    with stages.stage("band") as advance:
        keys = band_keys(matrix, bands, rows)
        advance(n)
    with stages.stage("candidates") as advance:
        found = candidate_pairs(keys, exclude=empty, max_bucket=MAX_BUCKET)
        ci, cj = found.i, found.j
        advance(len(ci))

    with stages.stage("verify", total=len(ci)) as advance:
        if fast:
            estimate = (matrix[ci] == matrix[cj]).mean(axis=1) if len(ci) else np.empty(0)
            keep_pair = estimate >= threshold
            pairs = [
                Pair(ids[a], ids[b], float(j), None, None)
                for a, b, j in zip(ci[keep_pair].tolist(), cj[keep_pair].tolist(), estimate[keep_pair].tolist())
            ]
            vi, vj = ci[keep_pair], cj[keep_pair]
            advance(len(ci))
        else:
            wanted = np.zeros(n, dtype=bool)
            wanted[ci] = True
            wanted[cj] = True
            sets: dict[int, np.ndarray] = {}
            pending: list[tuple[int, str]] = []

            def flush() -> None:
                hashes, offsets = shingle_sets([text for _, text in pending], shingle_size)
                for k, (index, _) in enumerate(pending):
                    found_set = hashes[offsets[k] : offsets[k + 1]]
                    sets[index] = np.setdiff1d(found_set, ignore, assume_unique=True) if len(ignore) else found_set
                pending.clear()

            for index, doc in enumerate(source()):
                if index < n and wanted[index]:
                    pending.append((index, doc.text))
                    if len(pending) >= BATCH:
                        flush()
            flush()
            pairs, kept_i, kept_j = [], [], []
            for a, b in zip(ci.tolist(), cj.tolist()):
                sa, sb = sets[a], sets[b]
                shared = len(np.intersect1d(sa, sb, assume_unique=True))
                union = len(sa) + len(sb) - shared
                jaccard = shared / union if union else 0.0
                if jaccard >= threshold:
                    pairs.append(Pair(ids[a], ids[b], jaccard, shared / len(sa), shared / len(sb)))
                    kept_i.append(a)
                    kept_j.append(b)
                advance(1)
            vi, vj = np.array(kept_i, dtype=np.int64), np.array(kept_j, dtype=np.int64)

    with stages.stage("cluster") as advance:
        labels = connected_components(n, vi, vj)
        clusters, in_cluster = [], np.zeros(n, dtype=bool)
        order = np.argsort(labels, kind="stable")
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        for members in np.split(order, bounds):
            if len(members) < 2:
                continue
            members = np.sort(members)
            rep = _representative(members, dates, length_array)
            in_cluster[members] = True
            clusters.append(Cluster(len(clusters), len(members), [ids[m] for m in members], ids[rep]))
        representatives = {c.representative for c in clusters}
        keep = [doc_id for index, doc_id in enumerate(ids)
                if not empty[index] and (not in_cluster[index] or doc_id in representatives)]
        advance(n)

    summary = {
        "documents": n,
        "empty_documents": int(empty.sum()),
        "candidate_pairs": int(len(ci)),
        "pairs": len(pairs),
        "clusters": len(clusters),
        "documents_in_clusters": int(in_cluster.sum()),
        "kept": len(keep),
        "boilerplate": {
            "share": boilerplate,
            "sampled_documents": min(n, BOILERPLATE_SAMPLE) if boilerplate is not None else 0,
            "shingles_ignored": int(len(ignore)),
        },
        "capped_buckets": int(found.capped_buckets),
        "parameters": {
            "threshold": threshold, "num_perm": num_perm, "shingle_size": shingle_size, "seed": seed,
            "bands": bands, "rows": rows, "fast": fast, "workers": workers,
        },
        "stages": stages.timings,
    }
    return DedupResult(ids=ids, pairs=pairs, clusters=clusters, keep=keep, summary=summary)
