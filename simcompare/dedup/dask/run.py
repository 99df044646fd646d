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
  which are read again to take the shingle sets of just those documents; the
  sets are shuffled to meet by pair and scored with the local path's function.
* **cluster**: connected components by large/small star
  (:mod:`simcompare.dedup.dask.components`), then members joined to their documents
  by partition and grouped by cluster to pick representatives the local way.
* **collect** (client): the outputs, which are what the client holds: the
  verified pairs, the cluster members and the ids of the non-empty documents
  (the keep list, once the clusters' other members are taken out).

Every stage works on one partition (or one shuffle output) at a time; see
docs/scaling.md for what each worker holds at most.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from itertools import islice
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ...io import readers
from ...io.partitions import DEFAULT_BLOCKSIZE, Partition, plan_partitions, read_records
from ...errors import InputError, ParameterError
from ..local import (BATCH, BOILERPLATE_SAMPLE, MAX_BUCKET, Cluster, DedupResult, Pair, _checked_options,
                       _doc_fields, _find_boilerplate, _representative, _sets_of, _similarity)

__all__ = ["dedup_on_dask", "connected", "DASK_MISSING", "CONNECT_TIMEOUT"]

DASK_MISSING = 'running on Dask needs Dask: pip install "simcompare[dask]"'
CONNECT_TIMEOUT = 10  # seconds to wait for a scheduler that does not answer
WORKER_SATURATION = 1.0  # tasks sent to a worker per thread (see connected())
EXAMPLES = 20  # skipped records named in the summary, as the CLI's local path
_ROW = (1 << 32) - 1
READ_AHEAD = 2  # partitions a worker thread reads before the boilerplate sample is counted

_DOCS = {"node": "i8", "id": "O", "date": "O", "length": "i8", "meta": "O", "line": "i8", "empty": "bool"}
_BANDS = {"band": "i4", "key": "u8", "node": "i8"}
_PAIRS = {"a": "i8", "b": "i8"}
_ENDS = {"node": "i8", "a": "i8", "b": "i8", "side": "i1"}
_SIDES = {"a": "i8", "b": "i8", "side": "i1", "set": "O"}
_SCORES = {"a": "i8", "b": "i8", "jaccard": "f8", "a_in_b": "f8", "b_in_a": "f8"}
_REPEATS = {"node": "i8", "id": "O", "line": "i8", "first_node": "i8", "first_line": "i8"}
_MEMBERS = {"label": "i8", "node": "i8", "id": "O", "meta": "O", "representative": "bool"}


def require_dask() -> None:
    """Raise ParameterError, saying what to install, when Dask is missing."""
    try:
        import dask.dataframe  # noqa: F401
        import distributed  # noqa: F401
    except ImportError:
        raise ParameterError(DASK_MISSING) from None


@contextlib.contextmanager
def connected(scheduler: str | None = None, *, timeout: float = CONNECT_TIMEOUT):
    """A ``dask.distributed.Client``: of the scheduler at ``scheduler``, or of a
    ``LocalCluster`` of one single-threaded worker process per core; closed on exit.

    Raises
    ------
    ParameterError
        If Dask is not installed, or no scheduler answers within ``timeout`` seconds.
    """
    require_dask()
    import logging

    from distributed import Client, LocalCluster

    # Every P2P shuffle logs its start and end as warnings: not news to a user.
    logging.getLogger("distributed.shuffle").setLevel(logging.ERROR)

    if scheduler is None:
        # The workers' own logs would add lines to the one-line errors of the CLI. A worker-saturation
        # of 1.0 sends a single-threaded worker one task at a time (Dask's 1.1 rounds up to two): the
        # last partitions do not queue behind a busy worker while another idles.
        import dask

        with dask.config.set({"distributed.scheduler.worker-saturation": WORKER_SATURATION}):
            cluster = LocalCluster(n_workers=os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=logging.CRITICAL)
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ParameterError(f"no Dask scheduler answers at {scheduler} within {timeout:g} s ({exc})") from None
    with client:
        yield client


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
    """:func:`simcompare.dedup` of JSON lines and Parquet files on a Dask cluster.

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
        at row groups).
    shuffle_method:
        Dask's shuffle: ``"p2p"``, ``"tasks"``, or None for Dask's default.

    Returns
    -------
    DedupResult

    Raises
    ------
    InputError
        For an input that is missing, a glob matching nothing, a file that is
        not JSON lines or Parquet, a bad record (unless ``skip_bad``), a
        repeated id (unless ``skip_bad``): the first in reading order, as locally.
    ParameterError
        For options out of range, ``mode="reuse"``, or Dask not installed.

    Examples
    --------
    >>> from simcompare.dedup.dask import connected  # doctest: +SKIP
    >>> with connected() as client:  # doctest: +SKIP
    ...     result = dedup_on_dask(["crawl/*.jsonl"], client=client)
    """
    params, bands, rows = _checked_options(threshold=threshold, mode=mode, min_words=min_words,
                                           boilerplate=boilerplate, num_perm=num_perm, shingle_size=shingle_size,
                                           seed=seed, bands=bands, rows=rows)
    if mode != "near":
        raise ParameterError(f"mode {mode!r} runs on one machine only; run it without a Dask client")
    paths = [inputs] if isinstance(inputs, (str, os.PathLike)) else list(inputs)
    if not all(isinstance(p, (str, os.PathLike)) for p in paths):
        kind = next(type(p).__name__ for p in paths if not isinstance(p, (str, os.PathLike)))
        raise ParameterError(f"on Dask, dedup() reads files: expected paths, globs or URLs; got a {kind}")
    require_dask()
    import dask
    import dask.dataframe as dd
    from distributed import wait

    read = dict(id_field=id_field, text_field=text_field, encoding=readers._checked_encoding(encoding))
    shuffle = dict(shuffle_method=shuffle_method)
    clock = _Clock()
    with client.as_current(), dask.config.set({"dataframe.convert-string": False}):
        with clock("plan") as count:
            plan = plan_partitions(paths, client=client, format=format, encoding=read["encoding"],
                                   blocksize=blocksize)
            count(len(plan))
        parts = len(plan)
        shuffle["npartitions"] = parts
        # Reading a partition needs no boilerplate list, signing it does: while one worker counts
        # the sample, the others read ahead, READ_AHEAD partitions a thread at most (texts held).
        ignore, sampled = np.empty(0, dtype=np.uint64), 0
        sample: Any = (ignore, 0)
        ahead = parts
        if boilerplate is not None:
            # A task, not scattered data: a worker lost later recomputes it.
            sample = client.persist(dask.delayed(_boilerplate_sample, pure=False)(
                plan, boilerplate, shingle_size, read, skip_bad))
            ahead = READ_AHEAD * sum(client.nthreads().values())
        parsed = [dask.delayed(_read_partition, pure=False)(part, read, skip_bad, *(() if k < ahead else (sample,)))
                  for k, part in enumerate(plan)]
        # Each signing task goes where its partition was read, not where the small sample is.
        signed = [dask.delayed(_sign_partition, pure=False, nout=2)(p, sample, params, bands, rows) for p in parsed]
        docs = dd.from_delayed([s[0] for s in signed], meta=_empty(_DOCS), verify_meta=False)
        band_rows = dd.from_delayed([s[1] for s in signed], meta=_empty(_BANDS), verify_meta=False)
        reports = client.compute([p[2] for p in parsed])  # shares the reading tasks with the persist below
        docs, band_rows = client.persist([docs, band_rows])
        if boilerplate is not None:
            with clock("boilerplate") as count:
                ignore, sampled = sample.compute()
                count(sampled)

        with clock("sign") as count:
            reports = client.gather(reports)
            wait([docs, band_rows])
            count(sum(r["documents"] for r in reports))

        with clock("ids") as count:
            later = docs[["node", "id", "line"]].shuffle(on="id", **shuffle).map_partitions(
                _later_duplicates, meta=_empty(_REPEATS)).persist()
            repeats = int(later.map_partitions(len).sum().compute())
            examples = later.map_partitions(lambda d: d.nsmallest(EXAMPLES, "node")).compute() if repeats else None
            skipped, first_error = _problems(reports, repeats, examples, plan)
            if first_error is not None and not skip_bad:
                raise first_error
            if repeats:  # skip_bad: the later documents with an id go, as the reader skips them
                gone = _by_partition(later[["node"]], parts, **shuffle)
                docs = dd.map_partitions(_without, docs, gone, meta=_empty(_DOCS), align_dataframes=False)
                band_rows = dd.map_partitions(_without, band_rows, gone, meta=_empty(_BANDS), align_dataframes=False)
                docs, band_rows = client.persist([docs, band_rows])
                wait([docs, band_rows])
            count(repeats)

        with clock("candidates") as count:
            buckets = band_rows.shuffle(on=["band", "key"], **shuffle).persist()
            del band_rows
            candidates = (buckets.map_partitions(_bucket_pairs, meta=_empty(_PAIRS)).shuffle(on=["a", "b"], **shuffle)
                          .map_partitions(pd.DataFrame.drop_duplicates, meta=_empty(_PAIRS)).persist())
            capped = buckets.map_partitions(_capped_rows, meta=_empty({"node": "i8", "buckets": "i8"})).persist()
            capped_buckets, n_candidates = dask.compute(capped["buckets"].sum(), candidates.map_partitions(len).sum())
            capped_docs = 0
            if capped_buckets:  # a document can be in capped buckets of several bands, and partitions
                capped_docs = capped[["node"]].shuffle(on="node", **shuffle).map_partitions(
                    lambda d: pd.DataFrame({"n": [d["node"].nunique()]}), meta=_empty({"n": "i8"}))["n"].sum().compute()
            del capped
            del buckets
            count(int(n_candidates))

        with clock("verify") as count:
            ends = _by_partition(candidates.map_partitions(_pair_ends, meta=_empty(_ENDS)), parts, **shuffle)
            sides = dd.from_delayed(
                [dask.delayed(_read_sides, pure=False)(part_ends, part, sample[0], params, read, fast)
                 for part_ends, part in zip(ends.to_delayed(), plan)], meta=_empty(_SIDES), verify_meta=False)
            verified = sides.shuffle(on=["a", "b"], **shuffle).map_partitions(
                _score_pairs, threshold, fast, meta=_empty(_SCORES)).persist()
            wait(verified)  # each stage finishes before the next: honest timings, one stage's data at a time
            del candidates
            count(int(n_candidates))

        with clock("cluster") as count:
            from .components import labels as component_labels

            nodes = _by_partition(component_labels(verified[["a", "b"]], **shuffle), parts, **shuffle)
            members = dd.map_partitions(_member_rows, nodes, docs, meta=_empty(_MEMBERS | {"date": "O", "length": "i8"}),
                                        align_dataframes=False)
            members = members.shuffle(on="label", **shuffle).map_partitions(_clusters, meta=_empty(_MEMBERS)).persist()
            wait(members)
            count(int(n_candidates))

        with clock("collect") as count:
            # The outputs: every non-empty id (the keep list but for the clusters' other members) in
            # reading order, the members and the pairs.
            member_rows, scores, listed = dask.compute(members, verified, docs.loc[~docs["empty"], ["node", "id"]])
            count(len(listed))
        nthreads = client.nthreads()
        address = client.scheduler.address if client.scheduler is not None else None

    member_rows = member_rows.sort_values(["label", "node"], kind="stable")
    member_ids = member_rows["id"].tolist()
    id_of = dict(zip(member_rows["node"].tolist(), member_ids))
    labels, is_rep = member_rows["label"].to_numpy(), member_rows["representative"].to_numpy(bool)
    bounds = (np.flatnonzero(np.diff(labels)) + 1).tolist()
    clusters = [Cluster(k, stop - start, member_ids[start:stop], member_ids[start + int(np.argmax(is_rep[start:stop]))])
                for k, (start, stop) in enumerate(zip([0, *bounds], [*bounds, len(labels)])) if stop > start]
    scores = scores.sort_values(["a", "b"], kind="stable")
    pairs = [Pair(id_of[a], id_of[b], j, None if fast else ab, None if fast else ba)
             for a, b, j, ab, ba in zip(*(scores[c].tolist() for c in _SCORES))]
    meta = {doc_id: json.loads(m) for doc_id, m in zip(member_rows["id"], member_rows["meta"]) if isinstance(m, str)}
    dropped = member_rows.loc[~member_rows["representative"], "node"].to_numpy(np.int64)
    keep = listed.loc[~np.isin(listed["node"].to_numpy(np.int64), dropped), "id"].tolist()
    documents = sum(r["documents"] for r in reports) - repeats  # repeated ids: raised, or skipped
    empty = documents - len(listed)
    summary = {
        "documents": int(documents),
        "empty_documents": int(empty),
        "candidate_pairs": int(n_candidates),
        "pairs": len(pairs),
        "clusters": len(clusters),
        "documents_in_clusters": len(member_rows),
        "kept": len(keep),
        "boilerplate": {
            "share": boilerplate,
            "sampled_documents": sampled,
            "shingles_ignored": int(len(ignore)),
        },
        "capped_buckets": int(capped_buckets),
        "documents_in_capped_buckets": int(capped_docs),
        "parameters": {
            "mode": mode, "min_words": None, "threshold": threshold, "num_perm": num_perm,
            "shingle_size": shingle_size, "seed": seed, "bands": bands, "rows": rows, "fast": fast,
            "workers": sum(nthreads.values()),
        },
        "stages": clock.timings,
        "dask": {"scheduler": address, "workers": len(nthreads), "partitions": parts, "blocksize": blocksize},
        "skipped_records": skipped["count"],
        "skipped_examples": skipped["examples"],
    }
    return DedupResult(ids=[], pairs=pairs, clusters=clusters, keep=keep, summary=summary, meta=meta)


class _Clock:
    """Wall time and item count of each stage, as the local path's summary has them."""

    def __init__(self):
        self.timings: dict[str, dict] = {}

    @contextlib.contextmanager
    def __call__(self, name: str):
        record = {"seconds": 0.0, "items": 0}
        self.timings[name] = record
        start = time.perf_counter()

        def count(n: int) -> None:
            record["items"] += int(n)

        try:
            yield count
        finally:
            record["seconds"] = round(time.perf_counter() - start, 4)


# --------------------------------------------------------------------------
# Tasks (run on the workers)
# --------------------------------------------------------------------------


def _boilerplate_sample(plan: list[Partition], share: float, shingle_size: int, read: dict, skip_bad: bool):
    """The boilerplate shingles of the first documents in reading order, read as the local path reads them."""
    streams = ((part.shown, read_records(part, **read)) for part in plan)
    sample = list(islice(readers._unique_documents(streams, skip_bad, None), BOILERPLATE_SAMPLE))
    return _find_boilerplate(sample, share, shingle_size), len(sample)


def _documents(part: Partition, read: dict, skip_bad: bool, report: dict):
    """(row, line, Document) of one partition; bad records counted in ``report``,
    or (not ``skip_bad``) the first one noted there and the reading stopped."""
    row = 0
    for line, item in read_records(part, **read):
        if isinstance(item, InputError):
            position = (part.number, row, 0)
            if not skip_bad:
                report["error"] = (position, item)
                return
            report["skipped"] += 1
            if len(report["examples"]) < EXAMPLES:
                report["examples"].append((position, str(item)))
            continue
        yield row, line, item
        row += 1


def _read_partition(part: Partition, read: dict, skip_bad: bool, after: Any = None
                    ) -> tuple[pd.DataFrame, list[str], dict]:
    """What is kept of each document of one partition, their texts, and a
    report of bad records. ``after`` (the boilerplate sample) is there only to
    make the reading wait for it."""
    report = {"documents": 0, "skipped": 0, "examples": [], "error": None}
    columns: dict[str, list] = {name: [] for name in ("node", "id", "date", "length", "meta", "line")}
    texts = []
    for row, line, doc in _documents(part, read, skip_bad, report):
        date, length, meta = _doc_fields(doc)
        for name, value in zip(columns, (part.number << 32 | row, doc.id, date, length, meta, line)):
            columns[name].append(value)
        texts.append(doc.text)
    report["documents"] = len(texts)
    docs = pd.DataFrame({name: pd.Series(values, dtype=_DOCS[name]) for name, values in columns.items()})
    return docs, texts, report


def _sign_partition(parsed: tuple[pd.DataFrame, list[str], dict], sample: tuple[np.ndarray, int], params,
                    bands: int, rows: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A read partition's document table (with ``empty`` filled in) and its band rows."""
    from ..._core import sign_texts
    from ...sketch.lsh import band_keys

    docs, texts, _ = parsed
    nodes = docs["node"].to_numpy(np.int64)
    empties, band_parts = [np.empty(0, dtype=bool)], [_empty(_BANDS)]
    for lo in range(0, len(texts), BATCH):
        matrix, empty = sign_texts(texts[lo : lo + BATCH], params, workers=1, ignore=sample[0])
        keys = band_keys(matrix, bands, rows)[~empty]
        band_parts.append(pd.DataFrame({
            "band": np.tile(np.arange(bands, dtype=np.int32), len(keys)),
            "key": keys.ravel(),
            "node": np.repeat(nodes[lo : lo + BATCH][~empty], bands),
        }))
        empties.append(empty)
    return docs.assign(empty=np.concatenate(empties)), pd.concat(band_parts, ignore_index=True)


def _later_duplicates(docs: pd.DataFrame) -> pd.DataFrame:
    """Every document whose id an earlier one (in reading order) has, with that first one."""
    docs = docs.sort_values(["id", "node"], kind="stable")
    first = ~docs["id"].duplicated()
    later = docs[~first].copy()
    firsts = docs[first].set_index("id")
    later["first_node"] = firsts.loc[later["id"], "node"].to_numpy()
    later["first_line"] = firsts.loc[later["id"], "line"].to_numpy()
    return later.reset_index(drop=True)


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
            error = readers.duplicate_id_error(row.id, plan[row.first_node >> 32].shown, row.first_line,
                                               plan[row.node >> 32].shown, row.line)
            found.append(((row.node >> 32, row.node & _ROW, 1), error))
    found.sort(key=lambda item: item[0])
    return ({"count": count, "examples": [str(e) for _, e in found[:EXAMPLES]]},
            found[0][1] if found else None)


def _bucket_runs(rows: pd.DataFrame):
    """Each band's buckets expanded into pairs, as :func:`simcompare.sketch.lsh.candidate_pairs` does it."""
    from ...sketch.lsh import candidate_pairs

    for band, group in rows.groupby("band", sort=True):
        group = group.sort_values("node", kind="stable")
        nodes = group["node"].to_numpy(np.int64)
        found = candidate_pairs(group["key"].to_numpy(np.uint64).reshape(-1, 1), max_bucket=MAX_BUCKET)
        yield nodes, found


def _bucket_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    found = [pd.DataFrame({"a": nodes[f.i], "b": nodes[f.j]}) for nodes, f in _bucket_runs(rows)]
    return pd.concat(found, ignore_index=True).drop_duplicates() if found else _empty(_PAIRS)


def _capped_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The documents of buckets too large to expand; ``buckets`` counts the buckets (once each)."""
    found = [(nodes[f.capped], f.capped_buckets) for nodes, f in _bucket_runs(rows)]
    nodes = [n for n, _ in found if len(n)]
    total = sum(b for _, b in found)
    frame = pd.DataFrame({"node": np.concatenate(nodes) if nodes else np.empty(0, np.int64)})
    frame["buckets"] = 0
    if total:
        frame.loc[frame.index[0], "buckets"] = total
    return frame.astype({"node": "i8", "buckets": "i8"})


def _pair_ends(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each candidate pair, once for each of its documents."""
    a, b = pairs["a"].to_numpy(np.int64), pairs["b"].to_numpy(np.int64)
    return pd.DataFrame({"node": np.concatenate((a, b)), "a": np.concatenate((a, a)), "b": np.concatenate((b, b)),
                         "side": np.repeat(np.array([0, 1], dtype=np.int8), len(a))})


def _read_sides(ends: pd.DataFrame, part: Partition, ignore: np.ndarray, params, read: dict,
                fast: bool) -> pd.DataFrame:
    """The second pass over one partition: the shingle sets (``fast``: the
    signatures) of the documents at the ends of candidate pairs."""
    if not len(ends):
        return _empty(_SIDES)
    wanted = set((ends.index.to_numpy(np.int64) & _ROW).tolist())
    rows, texts = [], []
    report = {"skipped": 0, "examples": [], "error": None}
    for row, _, doc in _documents(part, read, True, report):
        if row in wanted:
            rows.append(row)
            texts.append(doc.text)
    if fast:
        from ..._core import sign_texts

        matrix, _ = sign_texts(texts, params, workers=1, ignore=ignore)
        found = [m.tobytes() for m in matrix]
    else:
        found = [s.tobytes() for s in _sets_of(texts, ignore, params.shingle_size)]
    where = {row: k for k, row in enumerate(rows)}
    at = [where[r] for r in (ends.index.to_numpy(np.int64) & _ROW).tolist()]
    return pd.DataFrame({"a": ends["a"].to_numpy(np.int64), "b": ends["b"].to_numpy(np.int64),
                         "side": ends["side"].to_numpy(np.int8), "set": [found[k] for k in at]})


def _score_pairs(sides: pd.DataFrame, threshold: float, fast: bool) -> pd.DataFrame:
    """The local path's score of each pair whose two sides met here; those >= threshold."""
    sides = sides.sort_values(["a", "b", "side"], kind="stable")
    a, b, found = sides["a"].to_numpy(), sides["b"].to_numpy(), sides["set"].tolist()
    out = {name: [] for name in _SCORES}
    for k in range(0, len(found), 2):
        if fast:
            sa, sb = np.frombuffer(found[k], dtype=np.uint32), np.frombuffer(found[k + 1], dtype=np.uint32)
            scores = (float((sa == sb).mean()), np.nan, np.nan)
        else:
            scores = _similarity(np.frombuffer(found[k], dtype=np.uint64), np.frombuffer(found[k + 1], dtype=np.uint64))
        if scores[0] >= threshold:
            for name, value in zip(_SCORES, (a[k], b[k], *scores)):
                out[name].append(value)
    return pd.DataFrame({name: pd.Series(values, dtype=_SCORES[name]) for name, values in out.items()})


def _member_rows(nodes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Each clustered document of one partition with its label and what the cluster step needs of it."""
    labels = nodes.reset_index().drop_duplicates("node")
    joined = labels.merge(docs[["node", "id", "date", "length", "meta"]], on="node", how="inner")
    joined["representative"] = False
    return joined[list(_MEMBERS) + ["date", "length"]]


def _clusters(members: pd.DataFrame) -> pd.DataFrame:
    """The members of the clusters that met here, each cluster's representative picked as locally."""
    members = members.sort_values(["label", "node"], kind="stable").reset_index(drop=True)
    dates = [d if isinstance(d, str) else None for d in members["date"].tolist()]
    lengths = members["length"].to_numpy(np.int64)
    labels = members["label"].to_numpy(np.int64)
    representative = np.zeros(len(members), dtype=bool)
    starts = np.flatnonzero(np.concatenate(([True], labels[1:] != labels[:-1]))) if len(labels) else []
    for start, stop in zip(starts, list(starts[1:]) + [len(labels)]):
        representative[start + _representative(np.arange(stop - start), dates[start:stop], lengths[start:stop])] = True
    members["representative"] = representative
    return members[list(_MEMBERS)]


def _without(frame: pd.DataFrame, gone: pd.DataFrame) -> pd.DataFrame:
    return frame[~np.isin(frame["node"].to_numpy(np.int64), gone.index.to_numpy(np.int64))]


# --------------------------------------------------------------------------
# Helpers (client side)
# --------------------------------------------------------------------------


def _by_partition(frame, parts: int, **shuffle):
    """``frame`` re-partitioned so that partition ``p`` holds the rows whose
    ``node`` is in input partition ``p`` (indexed by node)."""
    divisions = [p << 32 for p in range(parts)] + [(parts << 32) - 1]
    return frame.set_index("node", divisions=divisions, shuffle_method=shuffle.get("shuffle_method"))


def _empty(columns: dict) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})
