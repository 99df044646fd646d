"""The tasks of the Dask runner: what the workers do, one partition (or one shuffle output) at a time.

Each task is a plain function of pandas DataFrames, lists and
:class:`~simcompare.io.partitions.Partition` s, calling the stages of
:mod:`simcompare.dedup.stages`, so it runs (and is tested) without a cluster.
Document ``r`` of partition ``p`` is node ``p << 32 | r``. The ``*_COLUMNS``
dicts are the column dtypes of the frames the tasks exchange.
"""

from __future__ import annotations

import os
from dataclasses import replace
from itertools import islice
from typing import Any, Iterator

import numpy as np
import pandas as pd

from ...errors import InputError
from ...io import readers
from ...io.partitions import Partition, located_records, read_records, records_at
from ...io.readers import Document
from ...sketch.lsh import CandidatePairs, candidate_pairs
from ..options import DedupOptions
from ..stages import (
    BATCH,
    BOILERPLATE_SAMPLE,
    MAX_BUCKET,
    band,
    doc_fields,
    find_boilerplate,
    representative,
    shingle_sets_of,
    sign,
    similarity,
)

__all__ = ["boilerplate_sample", "partition_documents", "read_partition", "sign_partition", "later_duplicates",
           "bucket_pairs", "capped_rows", "pair_ends", "read_sides", "score_pairs", "member_rows",
           "cluster_members", "without", "keep_part", "take_part", "empty_frame", "DOC_COLUMNS", "BAND_COLUMNS",
           "PAIR_COLUMNS", "END_COLUMNS", "SIDE_COLUMNS", "SCORE_COLUMNS", "REPEAT_COLUMNS", "MEMBER_COLUMNS",
           "ROW_MASK", "EXAMPLES"]

EXAMPLES = 20  # skipped records named in the summary, as the CLI's local path
ROW_MASK = (1 << 32) - 1  # node & ROW_MASK: the document's row in its partition

DOC_COLUMNS = {"node": "i8", "id": "O", "date": "O", "length": "i8", "meta": "O", "line": "i8", "place": "i8",
               "empty": "bool"}
BAND_COLUMNS = {"band": "i4", "key": "u8", "node": "i8"}
PAIR_COLUMNS = {"a": "i8", "b": "i8"}
END_COLUMNS = {"node": "i8", "a": "i8", "b": "i8", "side": "i1"}
SIDE_COLUMNS = {"a": "i8", "b": "i8", "side": "i1", "set": "O"}
SCORE_COLUMNS = {"a": "i8", "b": "i8", "jaccard": "f8", "a_in_b": "f8", "b_in_a": "f8"}
REPEAT_COLUMNS = {"node": "i8", "id": "O", "line": "i8", "first_node": "i8", "first_line": "i8"}
MEMBER_COLUMNS = {"label": "i8", "node": "i8", "id": "O", "meta": "O", "representative": "bool"}


def empty_frame(columns: dict) -> pd.DataFrame:
    """An empty DataFrame with these column dtypes (a Dask ``meta``).

    Parameters
    ----------
    columns:
        Name -> dtype, such as :data:`PAIR_COLUMNS`.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    TypeError
        For a dtype pandas does not know.

    Examples
    --------
    >>> empty_frame(PAIR_COLUMNS).dtypes.tolist()
    [dtype('int64'), dtype('int64')]
    """
    return pd.DataFrame({name: pd.Series([], dtype=dtype) for name, dtype in columns.items()})


def boilerplate_sample(plan: list[Partition], *, share: float, shingle_size: int, read: dict, skip_bad: bool
                       ) -> tuple[np.ndarray, int]:
    """The boilerplate of the first ``BOILERPLATE_SAMPLE`` documents in reading
    order, read partition after partition as the local runner reads them.

    Parameters
    ----------
    plan:
        Every partition, in reading order.
    share, shingle_size:
        As for :func:`simcompare.dedup.stages.find_boilerplate`.
    read:
        ``id_field``, ``text_field`` and ``encoding``, for :func:`~simcompare.io.partitions.read_records`.
    skip_bad:
        Skip bad records and repeated ids instead of stopping at the first.

    Returns
    -------
    (ignore, sampled):
        The boilerplate shingle hashes, and the number of documents sampled.

    Raises
    ------
    InputError
        For a bad record or a repeated id in the sample (unless ``skip_bad``).

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "a.jsonl")
    ...     with open(path, "w") as fh:
    ...         _ = fh.write('{"id": "1", "text": "one two three four five six"}\\n')
    ...     part = Partition(0, path, path, path, "jsonl", end=os.path.getsize(path))
    ...     ignore, sampled = boilerplate_sample([part], share=0.5, shingle_size=5, skip_bad=False,
    ...                                          read=dict(id_field="id", text_field="text", encoding="utf-8"))
    >>> len(ignore), sampled
    (0, 1)
    """
    # A run of text files: one stream each, so that a repeated id names its file.
    parts = (replace(part, shown=f[1], files=(f,)) if part.files else part
             for part in plan for f in part.files or [None])
    streams = ((part.shown, read_records(part, **read)) for part in parts)
    sample = list(islice(readers.unique_documents(streams, skip_bad, None), BOILERPLATE_SAMPLE))
    return find_boilerplate([d.text for d in sample], share=share, shingle_size=shingle_size), len(sample)


def partition_documents(part: Partition, *, read: dict, skip_bad: bool, report: dict
                        ) -> Iterator[tuple[int, int, int, Document]]:
    """The documents of one partition.

    Parameters
    ----------
    part:
        The partition.
    read:
        ``id_field``, ``text_field`` and ``encoding``, for :func:`~simcompare.io.partitions.read_records`.
    skip_bad:
        Skip bad records, counting them in ``report["skipped"]`` and naming the
        first ``EXAMPLES`` in ``report["examples"]``; else the first one goes
        to ``report["error"]`` (with its position) and the reading stops.
    report:
        A dict with ``skipped``, ``examples`` and ``error``, updated.

    Returns
    -------
    iterator of (row, line, place, Document)
        ``place``: where the document is, for :func:`~simcompare.io.partitions.records_at`.

    Raises
    ------
    InputError
        For a file that cannot be read.

    Examples
    --------
    >>> import os, tempfile
    >>> report = {"skipped": 0, "examples": [], "error": None}
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "a.jsonl")
    ...     with open(path, "w") as fh:
    ...         _ = fh.write('{"id": "1", "text": "one"}\\n{bad\\n{"id": "2", "text": "two"}\\n')
    ...     part = Partition(0, path, path, path, "jsonl", end=os.path.getsize(path))
    ...     read = dict(id_field="id", text_field="text", encoding="utf-8")
    ...     found = [(row, line, place, doc.id) for row, line, place, doc in partition_documents(
    ...         part, read=read, skip_bad=True, report=report)]
    >>> found, report["skipped"]
    ([(0, 1, 0, '1'), (1, 3, 32, '2')], 1)
    """
    row = 0
    for line, item, place in located_records(part, **read):
        if isinstance(item, InputError):
            position = (part.number, row, 0)
            if not skip_bad:
                report["error"] = (position, item)
                return
            report["skipped"] += 1
            if len(report["examples"]) < EXAMPLES:
                report["examples"].append((position, str(item)))
            continue
        yield row, line, place, item
        row += 1


def read_partition(part: Partition, *, read: dict, skip_bad: bool, after: Any = None
                   ) -> tuple[pd.DataFrame, list[str], dict]:
    """One partition read (stage **sign**, its first task).

    Parameters
    ----------
    part:
        The partition.
    read, skip_bad:
        As for :func:`partition_documents`.
    after:
        The boilerplate sample, there only to make the reading wait for it.

    Returns
    -------
    (docs, texts, report):
        What is kept of each document (:data:`DOC_COLUMNS` but ``empty``; see
        :func:`simcompare.dedup.stages.doc_fields`), their texts, and a report
        of bad records with ``documents``, ``skipped``, ``examples`` and ``error``.

    Raises
    ------
    InputError
        For a file that cannot be read.

    Examples
    --------
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "a.jsonl")
    ...     with open(path, "w") as fh:
    ...         _ = fh.write('{"id": "x", "text": "one two", "date": "3 July 2020"}\\n')
    ...     part = Partition(1, path, path, path, "jsonl", end=os.path.getsize(path))
    ...     docs, texts, report = read_partition(part, skip_bad=False,
    ...                                          read=dict(id_field="id", text_field="text", encoding="utf-8"))
    >>> docs[["node", "id", "date", "length"]].values.tolist(), texts, report["documents"]
    ([[4294967296, 'x', '3 July 2020', 7]], ['one two'], 1)
    """
    report = {"documents": 0, "skipped": 0, "examples": [], "error": None}
    columns: dict[str, list] = {name: [] for name in ("node", "id", "date", "length", "meta", "line", "place")}
    texts = []
    for row, line, place, doc in partition_documents(part, read=read, skip_bad=skip_bad, report=report):
        date, length, meta = doc_fields(doc)
        for name, value in zip(columns, (part.number << 32 | row, doc.id, date, length, meta, line, place)):
            columns[name].append(value)
        texts.append(doc.text)
    report["documents"] = len(texts)
    docs = pd.DataFrame({name: pd.Series(values, dtype=DOC_COLUMNS[name]) for name, values in columns.items()})
    return docs, texts, report


def sign_partition(parsed: tuple[pd.DataFrame, list[str], dict], sample: tuple[np.ndarray, int], *,
                   options: DedupOptions) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A read partition signed and banded (stage **sign**, its second task).

    Parameters
    ----------
    parsed:
        What :func:`read_partition` gave.
    sample:
        What :func:`boilerplate_sample` gave (the boilerplate is left out).
    options:
        The run's options.

    Returns
    -------
    (docs, band_rows):
        The document table with ``empty`` filled in, and one row
        (:data:`BAND_COLUMNS`) per band of each document with words.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> docs = pd.DataFrame({"node": [0, 1]})
    >>> docs, rows = sign_partition((docs, ["one two three four five", ""], {}), (np.empty(0, np.uint64), 0),
    ...                             options=DedupOptions(num_perm=16, bands=4, rows=4))
    >>> docs["empty"].tolist(), len(rows), sorted(set(rows["node"]))
    ([False, True], 4, [0])
    """
    docs, texts, _ = parsed
    nodes = docs["node"].to_numpy(np.int64)
    bands = options.bands
    empties, band_parts = [np.empty(0, dtype=bool)], [empty_frame(BAND_COLUMNS)]
    for lo in range(0, len(texts), BATCH):
        matrix, empty = sign(texts[lo : lo + BATCH], params=options.params, ignore=sample[0], workers=1)
        keys = band(matrix, bands=bands, rows=options.rows)[~empty]
        band_parts.append(pd.DataFrame({
            "band": np.tile(np.arange(bands, dtype=np.int32), len(keys)),
            "key": keys.ravel(),
            "node": np.repeat(nodes[lo : lo + BATCH][~empty], bands),
        }))
        empties.append(empty)
    return docs.assign(empty=np.concatenate(empties)), pd.concat(band_parts, ignore_index=True)


def later_duplicates(docs: pd.DataFrame) -> pd.DataFrame:
    """Every document whose id an earlier one (in reading order) has, with that first one.

    Parameters
    ----------
    docs:
        ``node``, ``id`` and ``line`` of documents, all those with an id among them.

    Returns
    -------
    pandas.DataFrame
        :data:`REPEAT_COLUMNS`: the later documents, and the first one's node and line.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> docs = pd.DataFrame({"node": [5, 2, 9], "id": ["x", "x", "y"], "line": [6, 3, 10]})
    >>> later_duplicates(docs).values.tolist()
    [[5, 'x', 6, 2, 3]]
    """
    docs = docs.sort_values(["id", "node"], kind="stable")
    first = ~docs["id"].duplicated()
    later = docs[~first].copy()
    firsts = docs[first].set_index("id")
    later["first_node"] = firsts.loc[later["id"], "node"].to_numpy()
    later["first_line"] = firsts.loc[later["id"], "line"].to_numpy()
    return later.reset_index(drop=True)


def _bucket_runs(rows: pd.DataFrame) -> Iterator[tuple[np.ndarray, CandidatePairs]]:
    """Each band's buckets expanded into pairs, as :func:`simcompare.sketch.lsh.candidate_pairs` does it."""
    for _band, group in rows.groupby("band", sort=True):
        group = group.sort_values("node", kind="stable")
        nodes = group["node"].to_numpy(np.int64)
        found = candidate_pairs(group["key"].to_numpy(np.uint64).reshape(-1, 1), max_bucket=MAX_BUCKET)
        yield nodes, found


def bucket_pairs(rows: pd.DataFrame) -> pd.DataFrame:
    """The candidate pairs of the buckets that met here (stage **candidates**).

    Parameters
    ----------
    rows:
        Band rows (:data:`BAND_COLUMNS`), every row of a bucket among them.

    Returns
    -------
    pandas.DataFrame
        :data:`PAIR_COLUMNS`, ``a < b``, each pair once; buckets of more than
        ``MAX_BUCKET`` documents are not expanded.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> rows = pd.DataFrame({"band": [0, 0, 1, 1], "key": [7, 7, 8, 8], "node": [3, 1, 3, 1]})
    >>> bucket_pairs(rows).values.tolist()
    [[1, 3]]
    """
    found = [pd.DataFrame({"a": nodes[f.i], "b": nodes[f.j]}) for nodes, f in _bucket_runs(rows)]
    return pd.concat(found, ignore_index=True).drop_duplicates() if found else empty_frame(PAIR_COLUMNS)


def capped_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The documents of the buckets too large to expand.

    Parameters
    ----------
    rows:
        Band rows (:data:`BAND_COLUMNS`), every row of a bucket among them.

    Returns
    -------
    pandas.DataFrame
        ``node`` (a document once per capped bucket it is in) and
        ``buckets``: the number of capped buckets in the first row, else 0.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> capped_rows(pd.DataFrame({"band": [0, 0], "key": [7, 8], "node": [3, 1]})).values.tolist()
    []
    """
    found = [(nodes[f.capped], f.capped_buckets) for nodes, f in _bucket_runs(rows)]
    nodes = [n for n, _ in found if len(n)]
    total = sum(b for _, b in found)
    frame = pd.DataFrame({"node": np.concatenate(nodes) if nodes else np.empty(0, np.int64)})
    frame["buckets"] = 0
    if total:
        frame.loc[frame.index[0], "buckets"] = total
    return frame.astype({"node": "i8", "buckets": "i8"})


def pair_ends(pairs: pd.DataFrame) -> pd.DataFrame:
    """Each candidate pair, once for each of its documents (stage **verify**).

    Parameters
    ----------
    pairs:
        :data:`PAIR_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        :data:`END_COLUMNS`: ``node`` is the document, ``side`` 0 for ``a``, 1 for ``b``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> pair_ends(pd.DataFrame({"a": [1], "b": [3]})).values.tolist()
    [[1, 1, 3, 0], [3, 1, 3, 1]]
    """
    a, b = pairs["a"].to_numpy(np.int64), pairs["b"].to_numpy(np.int64)
    return pd.DataFrame({"node": np.concatenate((a, b)), "a": np.concatenate((a, a)), "b": np.concatenate((b, b)),
                         "side": np.repeat(np.array([0, 1], dtype=np.int8), len(a))})


def read_sides(ends: pd.DataFrame, docs: pd.DataFrame, part: Partition, ignore: np.ndarray, *,
               options: DedupOptions, read: dict) -> pd.DataFrame:
    """The second pass over one partition (stage **verify**): the shingle sets
    (``fast``: the signatures) of the documents at the ends of candidate pairs,
    read by where the first pass found them; no other record is read.

    Parameters
    ----------
    ends:
        The pair ends (:data:`END_COLUMNS`) in this partition, indexed by node.
    docs:
        The partition's document table (:data:`DOC_COLUMNS`): each document's line, place and id.
    part:
        The partition.
    ignore:
        The boilerplate.
    options:
        The run's options.
    read:
        As for :func:`partition_documents`.

    Returns
    -------
    pandas.DataFrame
        :data:`SIDE_COLUMNS`: each end with its set's (or signature's) bytes.

    Raises
    ------
    InputError
        For a file that cannot be read, or that changed since it was planned
        (:func:`~simcompare.io.partitions.records_at`).

    Examples
    --------
    >>> import os, tempfile
    >>> from simcompare.io.partitions import plan_partitions
    >>> ends = pd.DataFrame({"a": [0], "b": [1], "side": [1]}, index=pd.Index([1], name="node"))
    >>> read = dict(id_field="id", text_field="text", encoding="utf-8")
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = os.path.join(tmp, "a.jsonl")
    ...     with open(path, "w") as fh:
    ...         _ = fh.write('{"text": "zero"}\\n{"text": "one two three four five six"}\\n')
    ...     part = plan_partitions([path], client=None)[0]
    ...     docs, _, _ = read_partition(part, read=read, skip_bad=False)
    ...     sides = read_sides(ends, docs, part, np.empty(0, np.uint64), options=DedupOptions(), read=read)
    >>> sides[["a", "b", "side"]].values.tolist(), len(sides["set"][0]) // 8
    ([[0, 1, 1]], 2)
    """
    if not len(ends):
        return empty_frame(SIDE_COLUMNS)
    wanted = docs.loc[docs["node"].isin(ends.index.unique()), ["node", "line", "place", "id"]]
    texts = [d.text for d in records_at(part, list(zip(wanted["line"].tolist(), wanted["place"].tolist(),
                                                       wanted["id"].tolist())), **read)]
    if options.fast:
        matrix, _ = sign(texts, params=options.params, ignore=ignore, workers=1)
        found = [m.tobytes() for m in matrix]
    else:
        found = [s.tobytes() for s in shingle_sets_of(texts, ignore=ignore, shingle_size=options.shingle_size)]
    where = {node: k for k, node in enumerate(wanted["node"].tolist())}
    at = [where[node] for node in ends.index.to_numpy(np.int64).tolist()]
    return pd.DataFrame({"a": ends["a"].to_numpy(np.int64), "b": ends["b"].to_numpy(np.int64),
                         "side": ends["side"].to_numpy(np.int8), "set": [found[k] for k in at]})


def score_pairs(sides: pd.DataFrame, *, threshold: float, fast: bool) -> pd.DataFrame:
    """The local runner's score of each pair whose two sides met here; those >= threshold.

    Parameters
    ----------
    sides:
        :data:`SIDE_COLUMNS`, both sides of every pair among them.
    threshold:
        Fewest Jaccard similarity to keep a pair.
    fast:
        The sides are signatures: the score is their estimate, containments NaN.

    Returns
    -------
    pandas.DataFrame
        :data:`SCORE_COLUMNS`.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> sets = [np.array(s, np.uint64).tobytes() for s in ([1, 2, 3, 4], [2, 3, 4])]
    >>> sides = pd.DataFrame({"a": [0, 0], "b": [1, 1], "side": [1, 0], "set": sets[::-1]})
    >>> score_pairs(sides, threshold=0.5, fast=False).values.tolist()
    [[0.0, 1.0, 0.75, 0.75, 1.0]]
    """
    sides = sides.sort_values(["a", "b", "side"], kind="stable")
    a, b, found = sides["a"].to_numpy(), sides["b"].to_numpy(), sides["set"].tolist()
    out = {name: [] for name in SCORE_COLUMNS}
    for k in range(0, len(found), 2):
        if fast:
            sa, sb = np.frombuffer(found[k], dtype=np.uint32), np.frombuffer(found[k + 1], dtype=np.uint32)
            scores = (float((sa == sb).mean()), np.nan, np.nan)
        else:
            scores = similarity(np.frombuffer(found[k], dtype=np.uint64), np.frombuffer(found[k + 1], dtype=np.uint64))
        if scores[0] >= threshold:
            for name, value in zip(SCORE_COLUMNS, (a[k], b[k], *scores)):
                out[name].append(value)
    return pd.DataFrame({name: pd.Series(values, dtype=SCORE_COLUMNS[name]) for name, values in out.items()})


def member_rows(nodes: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """Each clustered document of one partition, with its label and what picking representatives needs.

    Parameters
    ----------
    nodes:
        ``label`` of clustered documents, indexed by node (a node may come more than once).
    docs:
        The partition's document table (:data:`DOC_COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        :data:`MEMBER_COLUMNS` (``representative`` False) with ``date`` and ``length``.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> nodes = pd.DataFrame({"label": [1, 1]}, index=pd.Index([2, 2], name="node"))
    >>> docs = pd.DataFrame({"node": [1, 2], "id": ["a", "b"], "date": [None, None], "length": [5, 6],
    ...                      "meta": [None, None]})
    >>> member_rows(nodes, docs)[["label", "node", "id"]].values.tolist()
    [[1, 2, 'b']]
    """
    labels = nodes.reset_index().drop_duplicates("node")
    joined = labels.merge(docs[["node", "id", "date", "length", "meta"]], on="node", how="inner")
    joined["representative"] = False
    return joined[list(MEMBER_COLUMNS) + ["date", "length"]]


def cluster_members(members: pd.DataFrame) -> pd.DataFrame:
    """The members of the clusters that met here, each cluster's representative
    picked as the local runner picks it (stage **cluster**).

    Parameters
    ----------
    members:
        What :func:`member_rows` gave, every member of a cluster among them.

    Returns
    -------
    pandas.DataFrame
        :data:`MEMBER_COLUMNS`, sorted by label and node.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> members = pd.DataFrame({"label": [1, 1], "node": [1, 2], "id": ["a", "b"], "meta": [None, None],
    ...                         "representative": [False, False], "date": ["4 July 2020", "3 July 2020"],
    ...                         "length": [9, 5]})
    >>> cluster_members(members)["representative"].tolist()
    [False, True]
    """
    members = members.sort_values(["label", "node"], kind="stable").reset_index(drop=True)
    dates = [d if isinstance(d, str) else None for d in members["date"].tolist()]
    lengths = members["length"].to_numpy(np.int64)
    labels = members["label"].to_numpy(np.int64)
    chosen = np.zeros(len(members), dtype=bool)
    starts = np.flatnonzero(np.concatenate(([True], labels[1:] != labels[:-1]))) if len(labels) else []
    for start, stop in zip(starts, list(starts[1:]) + [len(labels)]):
        chosen[start + representative(np.arange(stop - start), dates[start:stop], lengths[start:stop])] = True
    members["representative"] = chosen
    return members[list(MEMBER_COLUMNS)]


def without(frame: pd.DataFrame, gone: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``frame`` whose node is not among the index of ``gone``.

    Parameters
    ----------
    frame:
        A frame with a ``node`` column.
    gone:
        A frame indexed by node.

    Returns
    -------
    pandas.DataFrame

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> without(pd.DataFrame({"node": [1, 2, 3]}), pd.DataFrame(index=[2]))["node"].tolist()
    [1, 3]
    """
    return frame[~np.isin(frame["node"].to_numpy(np.int64), gone.index.to_numpy(np.int64))]


def keep_part(docs: pd.DataFrame, dropped: pd.DataFrame, *, directory: str, number: int) -> dict:
    """This partition's part of ``keep.txt`` (stage **collect**): the ids of its
    non-empty documents but the clusters' other members, in reading order, one
    a line, written to ``directory/keep-<number>.txt`` on the worker.

    Parameters
    ----------
    docs:
        The partition's document table (:data:`DOC_COLUMNS`), in reading order.
    dropped:
        The partition's clustered documents that are not their cluster's representative, indexed by node.
    directory:
        Where to write (made if missing).
    number:
        The partition's number.

    Returns
    -------
    dict
        ``path``, ``bytes`` (its size), ``kept`` (ids written), ``listed``
        (non-empty documents) and ``worker`` (the address of the worker that
        wrote it, None outside a cluster).

    Raises
    ------
    OSError
        When the part cannot be written.

    Examples
    --------
    >>> import tempfile
    >>> docs = pd.DataFrame({"node": [0, 1, 2], "id": ["a", "b", "c"], "empty": [False, False, True]})
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     part = keep_part(docs, pd.DataFrame(index=[0]), directory=tmp, number=0)
    ...     text = open(part["path"], encoding="utf-8").read()
    >>> text, part["kept"], part["listed"], part["worker"]
    ('b\\n', 1, 2, None)
    """
    listed = docs.loc[~docs["empty"].to_numpy(bool)]
    ids = listed.loc[~np.isin(listed["node"].to_numpy(np.int64), dropped.index.to_numpy(np.int64)), "id"].tolist()
    data = "".join(doc_id + "\n" for doc_id in ids).encode("utf-8")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"keep-{number:06d}.txt")
    with open(path + ".tmp", "wb") as fh:  # a task run again (a worker lost) replaces the part whole
        fh.write(data)
    os.replace(path + ".tmp", path)
    try:
        from distributed import get_worker

        worker = get_worker().address
    except (ImportError, ValueError):
        worker = None
    return {"path": path, "bytes": len(data), "kept": len(ids), "listed": len(listed), "worker": worker}


def take_part(path: str) -> bytes:
    """The bytes of a part of ``keep.txt`` written on this worker, the file removed
    (for a client that does not see the workers' files).

    Parameters
    ----------
    path:
        What :func:`keep_part` wrote.

    Returns
    -------
    bytes

    Raises
    ------
    OSError
        When it cannot be read.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "keep-000000.txt")
    >>> with open(path, "wb") as fh:
    ...     _ = fh.write(b"a\\n")
    >>> take_part(path), os.path.exists(path)
    (b'a\\n', False)
    """
    with open(path, "rb") as fh:
        data = fh.read()
    os.unlink(path)
    return data
