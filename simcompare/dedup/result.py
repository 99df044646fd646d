"""What a dedup run found: pairs, clusters, the keep list and a summary, and how they are written out."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .options import DedupOptions

__all__ = ["DedupResult", "Pair", "Cluster", "OUTPUT_FILES", "build_summary"]

OUTPUT_FILES = ("pairs.jsonl", "clusters.jsonl", "keep.txt", "summary.json")
# What json.dumps(record, ensure_ascii=False, default=str) builds afresh on every call, made once; and the
# string encoder it uses for that (json's own, in C).
_LINE = json.JSONEncoder(ensure_ascii=False, default=str)
_string = json.encoder.encode_basestring


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
    """What :func:`simcompare.dedup` found; :meth:`write` saves it as the CLI's output files."""

    ids: list[str]  # every id in reading order; empty from the Dask path, which does not collect them
    pairs: list[Pair]
    clusters: list[Cluster]
    keep: list[str]
    summary: dict = field(default_factory=dict)
    meta: dict = field(default_factory=dict)  # id -> the document's other fields, for ids in pairs

    def pair_record(self, pair: Pair) -> dict:
        """A line of ``pairs.jsonl``.

        Parameters
        ----------
        pair:
            One of ``self.pairs``.

        Returns
        -------
        dict
            The pair's fields (``passages`` only in reuse mode), with
            ``a_meta`` and ``b_meta`` for a side whose document has metadata.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> result = DedupResult(["x", "y"], [Pair("x", "y", 0.9, 1.0, 0.9)], [], ["y"],
        ...                      meta={"x": {"date": "2020-07-03"}})
        >>> result.pair_record(result.pairs[0])
        {'a': 'x', 'b': 'y', 'jaccard': 0.9, 'containment_a_in_b': 1.0, 'containment_b_in_a': 0.9,
         'a_meta': {'date': '2020-07-03'}}
        """
        record = _asdict(pair)
        for side in ("a", "b"):
            if getattr(pair, side) in self.meta:
                record[f"{side}_meta"] = self.meta[getattr(pair, side)]
        return record

    def cluster_record(self, cluster: Cluster) -> dict:
        """A line of ``clusters.jsonl``.

        Parameters
        ----------
        cluster:
            One of ``self.clusters``.

        Returns
        -------
        dict
            The cluster's fields, with ``documents`` (each member's id and
            metadata) when any member has metadata.

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> result = DedupResult(["x", "y"], [], [Cluster(0, 2, ["x", "y"], "y")], ["y"])
        >>> result.cluster_record(result.clusters[0])
        {'cluster': 0, 'size': 2, 'members': ['x', 'y'], 'representative': 'y'}
        """
        record = _asdict(cluster)
        if any(m in self.meta for m in cluster.members):
            record["documents"] = [{"id": m, **self.meta.get(m, {})} for m in cluster.members]
        return record

    def write(self, directory: str | os.PathLike, *, overwrite: bool = False) -> None:
        """Write ``pairs.jsonl``, ``clusters.jsonl``, ``keep.txt`` and
        ``summary.json`` into ``directory``, all or nothing: the four files are
        written into a fresh temporary directory first, then swapped in, so
        ``directory`` holds the earlier complete result or the new complete
        one, never a mix, and no temporary file, even when writing fails
        part-way (a full disk) or is interrupted.

        A new ``directory`` is the temporary one renamed into place. Into an
        existing one (which may hold other files, and may be a mount point),
        the files are staged in a hidden directory inside it, the old ones
        moved aside there and the new ones in, and on any failure the old ones
        moved back; files that are not outputs stay as they are.

        Parameters
        ----------
        directory:
            Created if missing (with its parents).
        overwrite:
            Replace the results already there.

        Returns
        -------
        None

        Raises
        ------
        InputError
            If ``directory`` already holds results and ``overwrite`` is False,
            or cannot be written (nothing of the new result is left then).

        Examples
        --------
        >>> import os, tempfile
        >>> result = DedupResult(["x"], [], [], ["x"], summary={"documents": 1})
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     result.write(tmp)
        ...     sorted(os.listdir(tmp))
        ['clusters.jsonl', 'keep.txt', 'pairs.jsonl', 'summary.json']
        """
        out = Path(directory)
        if out.exists() and not out.is_dir():
            raise InputError("is not a directory; expected a directory for the results", path=str(out))
        existing = [name for name in OUTPUT_FILES if (out / name).exists()]
        if existing and not overwrite:
            raise InputError(
                f"already holds results ({', '.join(existing)}); pass --overwrite to replace them", path=str(out)
            )
        with _failing_as(out, "cannot write the results"):
            if not out.exists():
                out.parent.mkdir(parents=True, exist_ok=True)
            stage = Path(tempfile.mkdtemp(prefix=f".{out.name or 'results'}.", suffix=".tmp",
                                          dir=out if out.exists() else out.parent))
        try:
            with _failing_as(out, "cannot write the results"):
                self._write_files(stage)
                if stage.parent == out:
                    _swap_files(stage, out)
                else:
                    os.rename(stage, out)  # fails (leaving no trace) if somebody made it meanwhile
        finally:
            _remove_quietly(stage)

    def _write_files(self, folder: Path) -> None:
        """The four output files, in ``folder`` (a fresh directory)."""
        _write(folder / "pairs.jsonl", (self._pair_line(p) for p in self.pairs))
        _write(folder / "clusters.jsonl", (self._cluster_line(c) for c in self.clusters))
        _write(folder / "keep.txt", ["\n".join(self.keep) + "\n"] if self.keep else [])
        _write(folder / "summary.json", [json.dumps(self.summary, indent=2, ensure_ascii=False) + "\n"])


    def _pair_line(self, pair: Pair) -> str:
        """``json.dumps(self.pair_record(pair), ensure_ascii=False, default=str)`` and a newline: for the usual
        pair (string ids without metadata, float scores), put together directly, several times faster."""
        a, b, jaccard, x, y = pair.a, pair.b, pair.jaccard, pair.containment_a_in_b, pair.containment_b_in_a
        if (pair.passages is None and type(a) is str and type(b) is str and a not in self.meta
                and b not in self.meta and jaccard is not None and _score(jaccard) and _score(x) and _score(y)):
            return (f'{{"a": {_string(a)}, "b": {_string(b)}, "jaccard": {jaccard!r}, '
                    f'"containment_a_in_b": {_number(x)}, "containment_b_in_a": {_number(y)}}}\n')
        return _LINE.encode(self.pair_record(pair)) + "\n"

    def _cluster_line(self, cluster: Cluster) -> str:
        """``json.dumps(self.cluster_record(cluster), ensure_ascii=False, default=str)`` and a newline, put
        together directly when no member has metadata and the ids are strings."""
        members, rep = cluster.members, cluster.representative
        if (type(cluster.cluster) is int and type(cluster.size) is int and type(rep) is str
                and all(type(m) is str and m not in self.meta for m in members)):
            return (f'{{"cluster": {cluster.cluster!r}, "size": {cluster.size!r}, '
                    f'"members": [{", ".join(map(_string, members))}], "representative": {_string(rep)}}}\n')
        return _LINE.encode(self.cluster_record(cluster)) + "\n"


def _score(value) -> bool:
    """None or a float that json writes as repr() does (not NaN nor infinite: scores are 0-1)."""
    return value is None or (type(value) is float and 0.0 <= value <= 1.0)


def _number(value: float | None) -> str:
    return "null" if value is None else repr(value)


def _asdict(record) -> dict:
    return {name: getattr(record, name) for name in record.__slots__ if getattr(record, name) is not None
            or name != "passages"}


def _write(path: Path, lines: Iterable[str]) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.writelines(lines)
        fh.flush()
        os.fsync(fh.fileno())


def _swap_files(stage: Path, out: Path) -> None:
    """Move the new files from ``stage`` (inside ``out``) into ``out``, the old
    ones aside into ``stage/old``; on any failure or interrupt, put back the old."""
    aside = stage / "old"
    aside.mkdir()
    moved: list[str] = []
    try:
        for name in OUTPUT_FILES:
            if (out / name).exists():
                os.rename(out / name, aside / name)
            moved.append(name)
            os.rename(stage / name, out / name)
    except BaseException:
        for name in reversed(moved):
            with contextlib.suppress(OSError):
                if (aside / name).exists():
                    os.replace(aside / name, out / name)
                else:
                    os.unlink(out / name)
        raise


def _remove_quietly(folder: Path) -> None:
    """Remove a temporary directory if it is still there; a failure to (a
    read-only file system) must not hide the error that is being raised."""
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)


@contextlib.contextmanager
def _failing_as(out: Path, what: str):
    """OSError -> InputError naming ``out``."""
    try:
        yield
    except OSError as exc:
        raise InputError(f"{what}: {(exc.strerror or str(exc)).lower()}", path=str(out)) from None


def build_summary(
    options: DedupOptions,
    *,
    documents: int,
    empty_documents: int,
    candidate_pairs: int,
    pairs: int,
    clusters: int,
    documents_in_clusters: int,
    kept: int,
    sampled_documents: int,
    shingles_ignored: int,
    capped_buckets: int,
    documents_in_capped_buckets: int,
    workers: int,
    stages: dict,
    **extra,
) -> dict:
    """The ``summary`` of a :class:`DedupResult`, as both runners report it.

    Parameters
    ----------
    options:
        The run's options (its ``parameters`` and ``boilerplate.share``).
    documents, empty_documents, candidate_pairs, pairs, clusters, documents_in_clusters, kept:
        The run's counts.
    sampled_documents, shingles_ignored:
        Documents sampled for boilerplate, and the shingles it found.
    capped_buckets, documents_in_capped_buckets:
        LSH buckets too large to expand, and the documents in them.
    workers:
        Signing threads (local), or Dask worker threads.
    stages:
        Stage name -> ``{"seconds": ..., "items": ...}``.
    **extra:
        Further keys, after ``stages`` in the order given (the Dask runner's
        ``dask``, ``skipped_records``, ``skipped_examples``).

    Returns
    -------
    dict
        Ready for ``json.dumps``: numbers are Python ints.

    Raises
    ------
    Nothing.

    Examples
    --------
    >>> summary = build_summary(DedupOptions(), documents=3, empty_documents=0, candidate_pairs=1, pairs=1,
    ...                         clusters=1, documents_in_clusters=2, kept=2, sampled_documents=3,
    ...                         shingles_ignored=0, capped_buckets=0, documents_in_capped_buckets=0, workers=1,
    ...                         stages={})
    >>> summary["kept"], summary["parameters"]["bands"], summary["boilerplate"]["share"]
    (2, 16, 0.01)
    """
    return {
        "documents": int(documents),
        "empty_documents": int(empty_documents),
        "candidate_pairs": int(candidate_pairs),
        "pairs": int(pairs),
        "clusters": int(clusters),
        "documents_in_clusters": int(documents_in_clusters),
        "kept": int(kept),
        "boilerplate": {
            "share": options.boilerplate,
            "sampled_documents": int(sampled_documents),
            "shingles_ignored": int(shingles_ignored),
        },
        "capped_buckets": int(capped_buckets),
        "documents_in_capped_buckets": int(documents_in_capped_buckets),
        "parameters": {
            "mode": options.mode, "min_words": options.min_words if options.mode == "reuse" else None,
            "threshold": options.threshold, "num_perm": options.num_perm, "shingle_size": options.shingle_size,
            "seed": options.seed, "bands": options.bands, "rows": options.rows, "fast": options.fast,
            "workers": int(workers),
        },
        "stages": stages,
        **extra,
    }
