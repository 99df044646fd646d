"""Corpus deduplication on a Dask cluster: the stages of :func:`simcompare.dedup`, on partitions.

``plan -> boilerplate -> sign -> ids -> candidates -> verify -> cluster -> collect``

* **plan** (client): the input files cut into partitions of about
  ``blocksize`` bytes (:mod:`simcompare.io.partitions`); document ``r`` of
  partition ``p`` is node ``p << 32 | r``, so nodes sort in reading order and
  stand in for the local path's positions without anyone numbering them.
* **boilerplate** (one task): the first ``BOILERPLATE_SAMPLE`` documents,
  read partition after partition, as the local path samples them; meanwhile
  the other workers read ahead (``READ_AHEAD`` partitions a thread).
* **sign** (two tasks per partition): each partition's documents read, then
  signed and cut into band keys with the same kernels, where they were read;
  what is kept of a document (id, date, length, other fields) stays on the
  worker, persisted, one table a partition.
* **ids**: a shuffle by id finds repeated ids (an error, or with
  ``skip_bad`` the later ones dropped, as the reader does).
* **candidates**: band rows shuffled by ``(band, key)``; each partition
  expands its buckets with :func:`simcompare.sketch.lsh.candidate_pairs` (same cap on
  bucket size), and the pairs are shuffled once more to drop repeats.
* **verify**: each pair's two ends are sent to their documents' partitions,
  where just those documents are read again, by where the first reading found
  them (a JSON line's byte offset, a text file, a Parquet row group), and their
  shingle sets taken; a file changed since planning is an error naming it. The
  sets are shuffled to meet by pair and scored with the local path's function.
* **cluster**: connected components by large/small star
  (:mod:`simcompare.dedup.dask.components`), then members joined to their documents
  by partition and grouped by cluster to pick representatives the local way.
* **collect**: the verified pairs and the cluster members, which the client
  holds; the keep list it does not hold: each partition's worker writes its
  part of ``keep.txt`` (its non-empty documents but the clusters' other
  members), and the result's ``keep`` is a :class:`~simcompare.dedup.dask.keep.KeptIds`
  reading the parts in order when the result is written or iterated.

Every stage works on one partition (or one shuffle output) at a time; see
docs/scaling.md for what each worker holds at most. The tasks are in
:mod:`simcompare.dedup.dask.tasks`; this module puts them together on the client.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import numpy as np
import pandas as pd

from ...errors import InputError, ParameterError
from ...io import readers
from ...io.partitions import DEFAULT_BLOCKSIZE, Partition, plan_partitions
from ..options import DedupOptions
from ..result import Cluster, DedupResult, Pair, build_summary
from .client import require_dask
from .components import labels as component_labels
from .keep import KeptIds, gather_parts
from .tasks import (
    BAND_COLUMNS,
    DOC_COLUMNS,
    END_COLUMNS,
    EXAMPLES,
    MEMBER_COLUMNS,
    PAIR_COLUMNS,
    REPEAT_COLUMNS,
    ROW_MASK,
    SCORE_COLUMNS,
    SIDE_COLUMNS,
    boilerplate_sample,
    bucket_pairs,
    capped_rows,
    cluster_members,
    empty_frame,
    keep_part,
    later_duplicates,
    member_rows,
    pair_ends,
    read_partition,
    read_sides,
    score_pairs,
    sign_partition,
    without,
)

__all__ = ["dedup_on_dask", "run_on_dask", "READ_AHEAD"]

READ_AHEAD = 2  # partitions a worker thread reads before the boilerplate sample is counted


def dedup_on_dask(
    inputs: Sequence[str] | str,
    *,
    client: Any,
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
    id_field: str = "id",
    text_field: str = "text",
    format: str | None = None,
    encoding: str = "utf-8",
    skip_bad: bool = False,
    blocksize: int = DEFAULT_BLOCKSIZE,
    shuffle_method: str | None = None,
) -> DedupResult:
    """:func:`simcompare.dedup` of JSON lines, Parquet and text files on a Dask cluster.

    The result is the local path's on the same files in the same order (pairs,
    scores, clusters, representatives, keep list, summary counts); only the
    stage timings and ``summary["dask"]`` differ.

    Parameters
    ----------
    inputs:
        Files, directories, globs (``"crawl/*.jsonl"``) or fsspec URLs
        (``"s3://bucket/crawl/*.parquet"``) that every worker can read.
    client:
        A ``dask.distributed.Client``.
    threshold, mode, min_words, num_perm, shingle_size, seed, bands, rows, fast, boilerplate:
        As for :func:`simcompare.dedup`; ``mode="reuse"`` runs locally only.
    id_field, text_field, format, encoding, skip_bad:
        As for :func:`simcompare.io.readers.read_documents`. Skipped records are
        counted in ``summary["skipped_records"]``, the first 20 in
        ``summary["skipped_examples"]``.
    blocksize:
        Bytes of input per partition (JSON lines are cut at line ends; Parquet
        at row groups; text files, one document each, grouped in runs).
    shuffle_method:
        Dask's shuffle: ``"p2p"``, ``"tasks"``, or None for Dask's default.

    Returns
    -------
    DedupResult
        ``keep`` is a :class:`~simcompare.dedup.dask.keep.KeptIds`: the workers
        wrote it, one part a partition, into a temporary directory of the
        client's (under ``TMPDIR``; as large as ``keep.txt``, removed with it;
        workers that do not see it send their parts one at a time); it is read
        from there as it is iterated.

    Raises
    ------
    InputError
        For an input that is missing, a glob matching nothing, a file that is
        not JSON lines, Parquet or text, a bad record (unless ``skip_bad``), a
        repeated id (unless ``skip_bad``): the first in reading order, as
        locally; a file changed between the two readings.
    ParameterError
        For options out of range, ``mode="reuse"``, or Dask not installed.

    Examples
    --------
    >>> from simcompare.dedup.dask import connected  # doctest: +SKIP
    >>> with connected() as client:  # doctest: +SKIP
    ...     result = dedup_on_dask(["crawl/*.jsonl"], client=client)
    >>> dedup_on_dask(["crawl/*.jsonl"], client=None, mode="reuse")
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: mode 'reuse' runs on one machine only; run it without a Dask client
    """
    options = DedupOptions(threshold=threshold, mode=mode, min_words=min_words, num_perm=num_perm,
                           shingle_size=shingle_size, seed=seed, bands=bands, rows=rows, fast=fast,
                           boilerplate=boilerplate)
    return run_on_dask(inputs, options, client=client, id_field=id_field, text_field=text_field, format=format,
                       encoding=encoding, skip_bad=skip_bad, blocksize=blocksize, shuffle_method=shuffle_method)


@dataclass
class _Run:
    """What the stages of one run share: the client, the plan, how to read and
    shuffle, the timings, and (``held``) the collections the cluster holds, by
    name: a stage pops those it is done with, so the workers let go of them."""

    client: Any
    options: DedupOptions
    read: dict
    skip_bad: bool
    shuffle: dict
    plan: list[Partition] = field(default_factory=list)
    timings: dict[str, dict] = field(default_factory=dict)
    held: dict[str, Any] = field(default_factory=dict)

    @contextlib.contextmanager
    def stage(self, name: str) -> Iterator[Callable[[int], None]]:
        """Wall time and item count of a stage, as the local path's summary has them."""
        record = {"seconds": 0.0, "items": 0}
        self.timings[name] = record
        start = time.perf_counter()

        def count(n: int) -> None:
            record["items"] += int(n)

        try:
            yield count
        finally:
            record["seconds"] = round(time.perf_counter() - start, 4)


def run_on_dask(inputs: Sequence[str] | str, options: DedupOptions, *, client: Any, id_field: str = "id",
                text_field: str = "text", format: str | None = None, encoding: str = "utf-8",
                skip_bad: bool = False, blocksize: int = DEFAULT_BLOCKSIZE, shuffle_method: str | None = None
                ) -> DedupResult:
    """:func:`dedup_on_dask` with its options checked.

    Parameters
    ----------
    inputs:
        As for :func:`dedup_on_dask`.
    options:
        The run's options; ``mode`` must be ``"near"``.
    client, id_field, text_field, format, encoding, skip_bad, blocksize, shuffle_method:
        As for :func:`dedup_on_dask`.

    Returns
    -------
    DedupResult

    Raises
    ------
    InputError, ParameterError
        As :func:`dedup_on_dask`.

    Examples
    --------
    >>> run_on_dask([["not a path"]], DedupOptions(), client=None)
    Traceback (most recent call last):
    ...
    simcompare.errors.ParameterError: on Dask, dedup() reads files: expected paths, globs or URLs; got a list
    """
    if options.mode != "near":
        raise ParameterError(f"mode {options.mode!r} runs on one machine only; run it without a Dask client")
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    if not all(isinstance(p, (str, os.PathLike)) for p in paths):
        kind = next(type(p).__name__ for p in paths if not isinstance(p, (str, os.PathLike)))
        raise ParameterError(f"on Dask, dedup() reads files: expected paths, globs or URLs; got a {kind}")
    require_dask()
    import dask

    read = dict(id_field=id_field, text_field=text_field, encoding=readers.checked_encoding(encoding))
    run = _Run(client, options, read, skip_bad, dict(shuffle_method=shuffle_method))
    with client.as_current(), dask.config.set({"dataframe.convert-string": False}):
        with run.stage("plan") as count:
            run.plan = plan_partitions(paths, client=client, format=format, encoding=read["encoding"],
                                       blocksize=blocksize)
            count(len(run.plan))
        run.shuffle["npartitions"] = len(run.plan)
        reports, sampled = _sign(run)
        repeats, skipped = _check_ids(run, reports)
        counts = _candidates(run)
        _verify(run, counts["candidate_pairs"])
        _cluster(run, counts["candidate_pairs"])
        with run.stage("collect") as count:
            members, scores = dask.compute(run.held["members"], run.held["verified"])
            keep, listed = _keep(run)
            count(listed)
        nthreads = client.nthreads()
        address = client.scheduler.address if client.scheduler is not None else None
    counts["documents"] = sum(r["documents"] for r in reports) - repeats  # repeated ids: raised, or skipped
    counts["sampled_documents"], counts["shingles_ignored"] = sampled
    dask_info = {"scheduler": address, "workers": len(nthreads), "partitions": len(run.plan), "blocksize": blocksize}
    return _result(run, members, scores, (keep, listed), counts, workers=sum(nthreads.values()), dask=dask_info,
                   skipped_records=skipped["count"], skipped_examples=skipped["examples"])


def _sign(run: _Run) -> tuple[list[dict], tuple[int, int]]:
    """Stages boilerplate and sign: every partition read and signed, the
    document tables and band rows held; the partitions' reports of bad
    records, and the boilerplate's (sampled documents, shingles)."""
    import dask
    import dask.dataframe as dd
    from distributed import wait

    client, options, plan = run.client, run.options, run.plan
    # Reading a partition needs no boilerplate list, signing it does: while one worker counts
    # the sample, the others read ahead, READ_AHEAD partitions a thread at most (texts held).
    ignore, sampled = np.empty(0, dtype=np.uint64), 0
    sample: Any = (ignore, 0)
    ahead = len(plan)
    if options.boilerplate is not None:
        # A task, not scattered data: a worker lost later recomputes it.
        sample = client.persist(dask.delayed(boilerplate_sample, pure=False)(
            plan, share=options.boilerplate, shingle_size=options.shingle_size, read=run.read,
            skip_bad=run.skip_bad))
        ahead = READ_AHEAD * sum(client.nthreads().values())
    parsed = [dask.delayed(read_partition, pure=False)(part, read=run.read, skip_bad=run.skip_bad,
                                                       **({} if k < ahead else {"after": sample}))
              for k, part in enumerate(plan)]
    # Each signing task goes where its partition was read, not where the small sample is.
    signed = [dask.delayed(sign_partition, pure=False, nout=2)(p, sample, options=options) for p in parsed]
    docs = dd.from_delayed([s[0] for s in signed], meta=empty_frame(DOC_COLUMNS), verify_meta=False)
    band_rows = dd.from_delayed([s[1] for s in signed], meta=empty_frame(BAND_COLUMNS), verify_meta=False)
    reports = client.compute([p[2] for p in parsed])  # shares the reading tasks with the persist below
    run.held["docs"], run.held["band_rows"] = client.persist([docs, band_rows])
    run.held["sample"] = sample
    if options.boilerplate is not None:
        with run.stage("boilerplate") as count:
            ignore, sampled = sample.compute()
            count(sampled)
    with run.stage("sign") as count:
        reports = client.gather(reports)
        wait([run.held["docs"], run.held["band_rows"]])
        count(sum(r["documents"] for r in reports))
    return reports, (sampled, len(ignore))


def _check_ids(run: _Run, reports: list[dict]) -> tuple[int, dict]:
    """Stage ids: the documents repeating an earlier id, raised, or (``skip_bad``)
    dropped from the held tables; the number of repeats and the skipped records."""
    import dask.dataframe as dd
    from distributed import wait

    docs, band_rows = run.held["docs"], run.held["band_rows"]
    with run.stage("ids") as count:
        later = docs[["node", "id", "line"]].shuffle(on="id", **run.shuffle).map_partitions(
            later_duplicates, meta=empty_frame(REPEAT_COLUMNS)).persist()
        repeats = int(later.map_partitions(len).sum().compute())
        examples = later.map_partitions(lambda d: d.nsmallest(EXAMPLES, "node")).compute() if repeats else None
        skipped, first_error = _problems(reports, repeats, examples, run.plan)
        if first_error is not None and not run.skip_bad:
            raise first_error
        if repeats:  # skip_bad: the later documents with an id go, as the reader skips them
            gone = _by_partition(later[["node"]], run.shuffle)
            docs = dd.map_partitions(without, docs, gone, meta=empty_frame(DOC_COLUMNS), align_dataframes=False)
            band_rows = dd.map_partitions(without, band_rows, gone, meta=empty_frame(BAND_COLUMNS),
                                          align_dataframes=False)
            run.held["docs"], run.held["band_rows"] = run.client.persist([docs, band_rows])
            wait([run.held["docs"], run.held["band_rows"]])
        count(repeats)
    return repeats, skipped


def _candidates(run: _Run) -> dict:
    """Stage candidates: the band rows (let go of) shuffled into buckets, the
    pairs held; the counts of candidate pairs and of capped buckets and their documents."""
    import dask

    shuffle = run.shuffle
    with run.stage("candidates") as count:
        buckets = run.held.pop("band_rows").shuffle(on=["band", "key"], **shuffle).persist()
        candidates = (buckets.map_partitions(bucket_pairs, meta=empty_frame(PAIR_COLUMNS))
                      .shuffle(on=["a", "b"], **shuffle)
                      .map_partitions(pd.DataFrame.drop_duplicates, meta=empty_frame(PAIR_COLUMNS)).persist())
        capped = buckets.map_partitions(capped_rows, meta=empty_frame({"node": "i8", "buckets": "i8"})).persist()
        capped_buckets, n_candidates = dask.compute(capped["buckets"].sum(), candidates.map_partitions(len).sum())
        capped_docs = 0
        if capped_buckets:  # a document can be in capped buckets of several bands, and partitions
            capped_docs = capped[["node"]].shuffle(on="node", **shuffle).map_partitions(
                lambda d: pd.DataFrame({"n": [d["node"].nunique()]}), meta=empty_frame({"n": "i8"})
            )["n"].sum().compute()
        del capped, buckets
        run.held["candidates"] = candidates
        count(int(n_candidates))
    return {"candidate_pairs": int(n_candidates), "capped_buckets": int(capped_buckets),
            "documents_in_capped_buckets": int(capped_docs)}


def _verify(run: _Run, n_candidates: int) -> None:
    """Stage verify: the candidate pairs (let go of) scored, the verified ones held."""
    import dask
    import dask.dataframe as dd
    from distributed import wait

    options, shuffle = run.options, run.shuffle
    with run.stage("verify") as count:
        candidates = run.held.pop("candidates")
        ends = _by_partition(candidates.map_partitions(pair_ends, meta=empty_frame(END_COLUMNS)), shuffle)
        ignore = run.held["sample"][0]
        sides = dd.from_delayed(
            [dask.delayed(read_sides, pure=False)(part_ends, docs, part, ignore, options=options, read=run.read)
             for part_ends, docs, part in zip(ends.to_delayed(), run.held["docs"].to_delayed(), run.plan)],
            meta=empty_frame(SIDE_COLUMNS), verify_meta=False)
        verified = sides.shuffle(on=["a", "b"], **shuffle).map_partitions(
            score_pairs, threshold=options.threshold, fast=options.fast, meta=empty_frame(SCORE_COLUMNS)).persist()
        wait(verified)  # each stage finishes before the next: honest timings, one stage's data at a time
        run.held["verified"] = verified
        del candidates
        count(n_candidates)


def _cluster(run: _Run, n_candidates: int) -> None:
    """Stage cluster: connected components of the verified pairs, their members with representatives held."""
    import dask.dataframe as dd
    from distributed import wait

    shuffle = run.shuffle
    with run.stage("cluster") as count:
        nodes = _by_partition(component_labels(run.held["verified"][["a", "b"]], **shuffle), shuffle)
        members = dd.map_partitions(member_rows, nodes, run.held["docs"],
                                    meta=empty_frame(MEMBER_COLUMNS | {"date": "O", "length": "i8"}),
                                    align_dataframes=False)
        members = members.shuffle(on="label", **shuffle).map_partitions(
            cluster_members, meta=empty_frame(MEMBER_COLUMNS)).persist()
        wait(members)
        run.held["members"] = members
        count(n_candidates)


def _keep(run: _Run) -> tuple[KeptIds, int]:
    """The keep list, written by the workers one part a partition, and the number of non-empty documents."""
    import dask

    members = run.held["members"]
    dropped = _by_partition(members.loc[~members["representative"], ["node"]], run.shuffle)
    directory = tempfile.mkdtemp(prefix="simcompare-keep-")
    try:
        written = run.client.gather(run.client.compute(
            [dask.delayed(keep_part, pure=False)(docs, gone, directory=directory, number=k)
             for k, (docs, gone) in enumerate(zip(run.held["docs"].to_delayed(), dropped.to_delayed()))]))
        return gather_parts(run.client, written, directory), sum(p["listed"] for p in written)
    except BaseException:
        import shutil

        shutil.rmtree(directory, ignore_errors=True)
        raise


def _result(run: _Run, members: pd.DataFrame, scores: pd.DataFrame, kept: tuple[KeptIds, int], counts: dict, *,
            workers: int, **extra) -> DedupResult:
    """The DedupResult of what was collected: clusters, pairs and the keep list as the local path gives them."""
    fast = run.options.fast
    members = members.sort_values(["label", "node"], kind="stable")
    member_ids = members["id"].tolist()
    id_of = dict(zip(members["node"].tolist(), member_ids))
    labels, is_rep = members["label"].to_numpy(), members["representative"].to_numpy(bool)
    bounds = (np.flatnonzero(np.diff(labels)) + 1).tolist()
    clusters = [Cluster(k, stop - start, member_ids[start:stop], member_ids[start + int(np.argmax(is_rep[start:stop]))])
                for k, (start, stop) in enumerate(zip([0, *bounds], [*bounds, len(labels)])) if stop > start]
    scores = scores.sort_values(["a", "b"], kind="stable")
    pairs = [Pair(id_of[a], id_of[b], j, None if fast else ab, None if fast else ba)
             for a, b, j, ab, ba in zip(*(scores[c].tolist() for c in SCORE_COLUMNS))]
    meta = {doc_id: json.loads(m) for doc_id, m in zip(members["id"], members["meta"]) if isinstance(m, str)}
    keep, listed = kept
    summary = build_summary(
        run.options, documents=counts["documents"], empty_documents=counts["documents"] - listed,
        candidate_pairs=counts["candidate_pairs"], pairs=len(pairs), clusters=len(clusters),
        documents_in_clusters=len(members), kept=len(keep), sampled_documents=counts["sampled_documents"],
        shingles_ignored=counts["shingles_ignored"], capped_buckets=counts["capped_buckets"],
        documents_in_capped_buckets=counts["documents_in_capped_buckets"], workers=workers, stages=run.timings,
        **extra)
    return DedupResult(ids=[], pairs=pairs, clusters=clusters, keep=keep, summary=summary, meta=meta)


def _problems(reports: list[dict], repeats: int, examples: pd.DataFrame | None, plan: list[Partition]):
    """The skipped-record count and first examples, and the first problem in
    reading order, from the partitions' reports and the first repeated ids."""
    found = []  # (position, error)
    for report in reports:
        found.extend((position, InputError(message)) for position, message in report["examples"])
        if report["error"] is not None:
            found.append(report["error"])
    count = sum(r["skipped"] for r in reports) + repeats
    if examples is not None:
        for row in examples.itertuples():
            error = readers.duplicate_id_error(row.id, plan[row.first_node >> 32].shown_of(row.id), row.first_line,
                                               plan[row.node >> 32].shown_of(row.id), row.line)
            found.append(((row.node >> 32, row.node & ROW_MASK, 1), error))
    found.sort(key=lambda item: item[0])
    return ({"count": count, "examples": [str(e) for _, e in found[:EXAMPLES]]},
            found[0][1] if found else None)


def _by_partition(frame, shuffle: dict):
    """``frame`` re-partitioned so that partition ``p`` holds the rows whose
    ``node`` is in input partition ``p`` (indexed by node)."""
    parts = shuffle["npartitions"]
    divisions = [p << 32 for p in range(parts)] + [(parts << 32) - 1]
    return frame.set_index("node", divisions=divisions, shuffle_method=shuffle.get("shuffle_method"))
