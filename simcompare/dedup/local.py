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
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from .._core import frequent_values, shingle_sets, sign_texts
from ..errors import InputError, ParameterError
from ..params import SignatureParams
from ..io.documents import documents_of
from ..io.readers import Document
from ..sketch.anchors import SHINGLE_ANCHOR, anchor_pairs, anchors
from ..sketch.lsh import FALSE_POSITIVE_WEIGHT

__all__ = ["dedup", "DedupResult", "Pair", "Cluster", "OUTPUT_FILES"]

BATCH = 20_000
BOILERPLATE_SAMPLE = 20_000
# A shingle must be in at least this many sampled documents to count as
# boilerplate, so a small corpus's duplicates are never mistaken for it.
BOILERPLATE_MIN_DOCS = 10
# An LSH bucket larger than this (documents that are all boilerplate, say) is
# reported instead of being expanded into every pair.
MAX_BUCKET = 1_000
OUTPUT_FILES = ("pairs.jsonl", "clusters.jsonl", "keep.txt", "summary.json")


@dataclass(frozen=True, slots=True)
class Pair:
    """Two documents that are near-duplicates, or (reuse mode) share passages;
    ids and similarities 0.0-1.0.

    With ``fast=True`` the Jaccard is the signature estimate and the
    containments are None. ``passages`` is None except in reuse mode."""

    a: str
    b: str
    jaccard: float
    containment_a_in_b: float | None
    containment_b_in_a: float | None
    passages: list | None = None  # reuse mode: the shared passages (Passage.to_dict())


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

    ids: list[str]  # every id in reading order; empty from the Dask path, which does not collect them
    pairs: list[Pair]
    clusters: list[Cluster]
    keep: list[str]
    summary: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)  # id -> the document's other fields, for ids in pairs

    def pair_record(self, pair: Pair) -> dict:
        """A line of ``pairs.jsonl``: the pair, with each side's metadata when it has any."""
        record = _asdict(pair)
        for side in ("a", "b"):
            if getattr(pair, side) in self.meta:
                record[f"{side}_meta"] = self.meta[getattr(pair, side)]
        return record

    def cluster_record(self, cluster: Cluster) -> dict:
        """A line of ``clusters.jsonl``, with ``documents`` (id and metadata) when there is metadata."""
        record = _asdict(cluster)
        if any(m in self.meta for m in cluster.members):
            record["documents"] = [{"id": m, **self.meta.get(m, {})} for m in cluster.members]
        return record

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
        _write_atomic(out / "pairs.jsonl",
                      (json.dumps(self.pair_record(p), ensure_ascii=False, default=str) + "\n" for p in self.pairs))
        _write_atomic(out / "clusters.jsonl",
                      (json.dumps(self.cluster_record(c), ensure_ascii=False, default=str) + "\n"
                       for c in self.clusters))
        _write_atomic(out / "keep.txt", (i + "\n" for i in self.keep))
        _write_atomic(out / "summary.json", [json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n"])


def _asdict(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__ if getattr(record, name) is not None
            or name != "passages"}


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


# --------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------


class _Stages:
    """Times named stages and shows progress on stderr (unless quiet)."""

    def __init__(self, progress: bool):
        # Reading happens lazily inside other stages; its time is counted in
        # "read" and taken out of the stage it happened in.
        self.read = {"seconds": 0.0, "items": 0}
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
    needed = max(BOILERPLATE_MIN_DOCS, math.floor(share * len(sample)) + 1)
    return frequent_values(hashes, needed)  # each set is unique: occurrences are documents


def _shingle_sets_of(source, n: int, pairs: tuple[np.ndarray, np.ndarray], ignore: np.ndarray,
                     shingle_size: int, keep_text: bool, read: dict) -> tuple[dict, dict]:
    """Second pass over the input: shingle sets (and texts) of the documents in ``pairs``."""
    wanted = np.zeros(n, dtype=bool)
    wanted[pairs[0]] = True
    wanted[pairs[1]] = True
    sets: dict[int, np.ndarray] = {}
    texts: dict[int, str] = {}
    pending: list[tuple[int, str]] = []

    def flush() -> None:
        for (index, text), found in zip(pending, _sets_of([text for _, text in pending], ignore, shingle_size)):
            sets[index] = found
            if keep_text:
                texts[index] = text
        pending.clear()

    for index, doc in enumerate(_timed(source(), read)):
        if index < n and wanted[index]:
            pending.append((index, doc.text))
            if len(pending) >= BATCH:
                flush()
    flush()
    return sets, texts


def _sets_of(texts: list[str], ignore: np.ndarray, shingle_size: int) -> list[np.ndarray]:
    """The shingle set of each text, boilerplate (``ignore``) left out."""
    hashes, offsets = shingle_sets(texts, shingle_size)
    sets = [hashes[offsets[k] : offsets[k + 1]] for k in range(len(texts))]
    return [np.setdiff1d(found, ignore, assume_unique=True) for found in sets] if len(ignore) else sets


def _similarity(sa: np.ndarray, sb: np.ndarray) -> tuple[float, float, float]:
    shared = len(np.intersect1d(sa, sb, assume_unique=True))
    union = len(sa) + len(sb) - shared
    return (shared / union if union else 0.0, shared / len(sa) if len(sa) else 0.0,
            shared / len(sb) if len(sb) else 0.0)


def _verify_exact(source, n, ids, ci, cj, ignore, threshold, shingle_size, advance, read):
    """Exact Jaccard and containment of each candidate pair; keep those >= threshold."""
    sets, _ = _shingle_sets_of(source, n, (ci, cj), ignore, shingle_size, keep_text=False, read=read)
    pairs, kept_i, kept_j = [], [], []
    for a, b in zip(ci.tolist(), cj.tolist()):
        jaccard, a_in_b, b_in_a = _similarity(sets[a], sets[b])
        if jaccard >= threshold:
            pairs.append(Pair(ids[a], ids[b], jaccard, a_in_b, b_in_a))
            kept_i.append(a)
            kept_j.append(b)
        advance(1)
    return pairs, np.array(kept_i, dtype=np.int64), np.array(kept_j, dtype=np.int64)


def _verify_estimates(matrix, ids, ci, cj, threshold):
    """The signature estimate of each candidate pair's Jaccard (``fast=True``)."""
    estimate = (matrix[ci] == matrix[cj]).mean(axis=1) if len(ci) else np.empty(0)
    kept = estimate >= threshold
    pairs = [Pair(ids[a], ids[b], float(j), None, None)
             for a, b, j in zip(ci[kept].tolist(), cj[kept].tolist(), estimate[kept].tolist())]
    return pairs, ci[kept], cj[kept]


def _verify_reuse(source, n, ids, ci, cj, ignore, min_words, shingle_size, advance, read):
    """Align each candidate pair; keep those sharing a passage of ``min_words`` words."""
    from ..passages.align import align

    sets, texts = _shingle_sets_of(source, n, (ci, cj), ignore, shingle_size, keep_text=True, read=read)
    pairs, kept_i, kept_j = [], [], []
    for a, b in zip(ci.tolist(), cj.tolist()):
        passages = align(texts[a], texts[b], min_words=min_words)
        if passages:
            jaccard, a_in_b, b_in_a = _similarity(sets[a], sets[b])
            pairs.append(Pair(ids[a], ids[b], jaccard, a_in_b, b_in_a, [p.to_dict() for p in passages]))
            kept_i.append(a)
            kept_j.append(b)
        advance(1)
    return pairs, np.array(kept_i, dtype=np.int64), np.array(kept_j, dtype=np.int64)


def _representative(members: np.ndarray, dates: list, lengths: np.ndarray) -> int:
    """Earliest by date when every member has one, else the longest (first on ties)."""
    member_dates = [dates[m] for m in members]
    if all(d is not None for d in member_dates):
        return int(members[min(range(len(members)), key=lambda k: (member_dates[k], k))])
    return int(members[int(np.argmax(lengths[members]))])


def _parse_date(value: Any):
    """An ISO date or date-time as a comparable string, or None; a time with
    a UTC offset is given in UTC, so 14:02+01:00 comes before 13:30+00:00."""
    if not isinstance(value, str) or not value.strip():
        return None
    from datetime import datetime, timezone

    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return (parsed.astimezone(timezone.utc) if parsed.tzinfo is not None else parsed).isoformat()


def _checked_options(*, threshold, mode, min_words, boilerplate, num_perm, shingle_size, seed, bands, rows
                     ) -> tuple[SignatureParams, int, int]:
    """The signature parameters and the banding of a run, or a ParameterError."""
    if not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold must be in (0, 1], got {threshold}")
    if mode not in ("near", "reuse"):
        raise ParameterError(f"mode must be 'near' or 'reuse', got {mode!r}")
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < SHINGLE_ANCHOR:
        raise ParameterError(f"min_words must be an int >= {SHINGLE_ANCHOR}, got {min_words!r}")
    if boilerplate is not None and not 0.0 < boilerplate < 1.0:
        raise ParameterError(f"boilerplate must be in (0, 1) or None, got {boilerplate}")
    params = SignatureParams(num_perm=num_perm, shingle_size=shingle_size, seed=seed)
    if (bands is None) != (rows is None):
        raise ParameterError(f"give both bands and rows, or neither; got bands={bands}, rows={rows}")
    if bands is None:
        from ..sketch.lsh import lsh_params

        # Verification weeds out false positives, so banding leans to recall.
        bands, rows = lsh_params(threshold, num_perm, false_positive_weight=FALSE_POSITIVE_WEIGHT,
                                 false_negative_weight=1 - FALSE_POSITIVE_WEIGHT)
    if bands * rows > num_perm or bands < 1 or rows < 1:
        raise ParameterError(f"bands * rows must be <= num_perm ({num_perm}), got {bands} * {rows}")
    return params, bands, rows


def _doc_fields(doc: Document) -> tuple[Any, int, str | None]:
    """What a run keeps of a document besides its id: date, length, and the
    other fields, compact until they are written out."""
    return (_parse_date(doc.meta.get("date")), len(doc.text),
            json.dumps(doc.meta, ensure_ascii=False, default=str) if doc.meta else None)


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
        (``pip install "simcompare[dask]"``). ``docs`` are then JSON lines or
        Parquet files, globs or fsspec URLs, read on the workers; the result
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
    if client is not None:
        from .dask.run import dedup_on_dask

        return dedup_on_dask(docs, client=client, threshold=threshold, mode=mode, min_words=min_words,
                             num_perm=num_perm, shingle_size=shingle_size, seed=seed, bands=bands, rows=rows,
                             fast=fast, boilerplate=boilerplate, id_field=id_field, text_field=text_field)
    params, bands, rows = _checked_options(threshold=threshold, mode=mode, min_words=min_words,
                                           boilerplate=boilerplate, num_perm=num_perm, shingle_size=shingle_size,
                                           seed=seed, bands=bands, rows=rows)
    from ..sketch.lsh import band_keys, candidate_pairs
    from ..sketch.cluster import connected_components

    workers = workers or os.cpu_count() or 1
    source = documents_of(docs, id_field=id_field, text_field=text_field)
    stages = _Stages(progress)

    ids: list[str] = []
    dates: list = []
    lengths: list[int] = []
    metas: list[str | None] = []
    matrices, empties = [], []
    ignore = np.empty(0, dtype=np.uint64)
    stream = _timed(source(), stages.read)
    first = list(islice(stream, max(BATCH, BOILERPLATE_SAMPLE)))
    if len(first) > 100:
        # A corpus, not a pair: load the compiled kernels now, so that every
        # stage uses them (see simcompare._core, engine "auto").
        from .._core import _fast  # noqa: F401
    if boilerplate is not None:
        with stages.stage("boilerplate") as advance:
            ignore = _find_boilerplate(first[:BOILERPLATE_SAMPLE], boilerplate, shingle_size)
            advance(min(len(first), BOILERPLATE_SAMPLE))
    anchor_parts: list[np.ndarray] = []
    anchor_docs: list[np.ndarray] = []
    with stages.stage("sign" if mode == "near" else "anchors") as advance:
        batch = first
        while batch:
            for doc in batch:
                ids.append(doc.id)
                date, length, meta = _doc_fields(doc)
                dates.append(date)
                lengths.append(length)
                metas.append(meta)
            texts = [d.text for d in batch]
            if mode == "near":
                matrix, empty = sign_texts(texts, params, workers=workers, ignore=ignore)
            else:
                found, owners, empty = anchors(texts, ignore, offset=len(ids) - len(batch))
                anchor_parts.append(found)
                anchor_docs.append(owners)
                matrix = np.empty((len(batch), 0), dtype=np.uint32)
            matrices.append(matrix)
            empties.append(empty)
            advance(len(batch))
            batch = list(islice(stream, BATCH))
    # The reader (and its table of every id seen) and the last texts are done with.
    stream = first = batch = texts = None
    n = len(ids)
    seen: dict[str, int] = {}
    for index, doc_id in enumerate(ids):
        if seen.setdefault(doc_id, index) != index:
            raise InputError(f"duplicate id {doc_id!r}: documents {seen[doc_id]} and {index}")
    empty = np.concatenate(empties) if empties else np.empty(0, dtype=bool)
    length_array = np.array(lengths, dtype=np.int64)

    if mode == "reuse":
        with stages.stage("candidates") as advance:
            ci, cj, capped = anchor_pairs(anchor_parts, anchor_docs)
            advance(len(ci))
        with stages.stage("verify", total=len(ci)) as advance:
            pairs, vi, vj = _verify_reuse(source, n, ids, ci, cj, ignore, min_words, shingle_size, advance,
                                          stages.read)
        found_capped, capped_rows = capped, 0
    else:
        matrix = np.concatenate(matrices) if matrices else np.empty((0, num_perm), dtype=np.uint32)
        del matrices  # the batches, now copied into one matrix
        with stages.stage("band") as advance:
            keys = band_keys(matrix, bands, rows)
            advance(n)
        with stages.stage("candidates") as advance:
            found = candidate_pairs(keys, exclude=empty, max_bucket=MAX_BUCKET)
            ci, cj = found.i, found.j
            found_capped, capped_rows = int(found.capped_buckets), int(found.capped.sum())
            advance(len(ci))
        with stages.stage("verify", total=len(ci)) as advance:
            if fast:
                pairs, vi, vj = _verify_estimates(matrix, ids, ci, cj, threshold)
                advance(len(ci))
            else:
                pairs, vi, vj = _verify_exact(source, n, ids, ci, cj, ignore, threshold, shingle_size, advance,
                                              stages.read)

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
                if not empty[index] and (mode == "reuse" or not in_cluster[index] or doc_id in representatives)]
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
        "capped_buckets": found_capped,
        "documents_in_capped_buckets": capped_rows,
        "parameters": {
            "mode": mode, "min_words": min_words if mode == "reuse" else None,
            "threshold": threshold, "num_perm": num_perm, "shingle_size": shingle_size, "seed": seed,
            "bands": bands, "rows": rows, "fast": fast, "workers": workers,
        },
        "stages": stages.timings,
    }
    involved = np.unique(np.concatenate((vi, vj))) if len(vi) else []
    meta = {ids[i]: json.loads(metas[i]) for i in involved if metas[i] is not None}
    return DedupResult(ids=ids, pairs=pairs, clusters=clusters, keep=keep, summary=summary, meta=meta)
