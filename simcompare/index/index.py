"""A persistent index of articles that a newsroom keeps adding to.

:class:`Index` answers two questions about a new text: *have we, or anyone in
the archive, published this before?* (near-duplicates, found through the LSH
band keys of its MinHash signature) and *where did this text come from?*
(passage reuse, e.g. a wire story inside a longer article, found through
anchors: the word 5-grams whose hash is in the lowest eighth, the same 5-gram
is an anchor in every text). Both kinds of key are posting lists
(:mod:`simcompare.index.postings`) in a store (:mod:`simcompare.index.store`): SQLite by
default, one file in WAL mode, or memory.

Candidates are checked before they are reported: the signature estimate, and,
when the index keeps texts (the default), the exact Jaccard and containments of
the word-shingle sets and (``align=True``) the aligned passages.

Articles change after publication. Added with ``if_exists="version"``, a
changed text becomes the document's next version (:mod:`simcompare.index.versions`):
every version keeps the document's number, so a new version adds its text, its
signature and only the postings of the keys its predecessor did not have.
Queries check the latest version, or every version (``all_versions=True``);
:meth:`Index.history` and :meth:`Index.changes` say what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterable, Iterator, Literal

import numpy as np

from .._core import shingle_sets, sign_texts, sign_with_anchors, sort_postings, top_zero
from .._version import __version__
from ..errors import EmptyTextError, IndexFileError, InputError, ParameterError, TextTypeError
from ..io.readers import Document
from ..params import SignatureParams
from ..passages.records import Passage
from ..text import When, parse_date
from .postings import Segment, collect, cut, merge, merge_plan
from .store import FORMAT, SCHEMA_VERSION, DocRow, VersionRow, open_store
from .versions import ChangeSummary, History, Version, compare_versions, count_words, text_sha256, version_date

__all__ = ["Index", "Match", "AddReport", "RemoveReport", "IndexStats", "MAX_QUERY_CHARS"]

#: Longest query text, in characters (a query is one article, not an archive).
MAX_QUERY_CHARS = 50_000_000
#: A shingle is an anchor when the top ANCHOR_BITS bits of its hash are zero.
ANCHOR_BITS = 3
#: Anchors carried by more documents than this are stock phrases, not evidence.
ANCHOR_MAX_DOCS = 50
#: Fewest anchors a document must share with the query to be a reuse candidate.
MIN_SHARED_ANCHORS = 2
BATCH = 10_000
#: Batches read and signed ahead of the one being written.
PREPARED_AHEAD = 2
IF_EXISTS = ("replace", "skip", "error", "version")
#: Changed documents whose texts are read at once by :meth:`Index.changes`.
CHANGES_CHUNK = 1_000
KINDS = ("band", "anchor")
_DEFAULTS = {"num_perm": 128, "shingle_size": 5, "seed": 1, "threshold": 0.8, "store_text": True}


@dataclass(frozen=True, slots=True)
class Match:
    """An archived document that matches a query.

    Attributes
    ----------
    id, meta:
        The archived document and its metadata.
    kind:
        ``"duplicate"`` (Jaccard at or above the index's threshold) or
        ``"reuse"`` (they share a passage of at least ``min_words`` words).
    minhash:
        Signature estimate of the Jaccard similarity, 0.0-1.0.
    jaccard, containment_a_in_b, containment_b_in_a:
        Exact Jaccard of the word-shingle sets and the share of the query's
        (a) shingles found in the document (b), and the reverse; None when the
        index does not keep texts.
    shared_anchors:
        Anchors (sampled 5-grams) the two texts share.
    passages:
        Aligned passages, ``a`` being the query (``align=True`` and texts kept).
    version:
        The version of the document that matched: its latest, unless the
        query asked for ``all_versions`` (then the best-matching one).
    """

    id: str
    kind: Literal["duplicate", "reuse"]
    minhash: float
    jaccard: float | None
    containment_a_in_b: float | None
    containment_b_in_a: float | None
    shared_anchors: int
    meta: dict = field(default_factory=dict)
    passages: list[Passage] = field(default_factory=list)
    version: int = 1

    @property
    def score(self) -> float:
        """The strongest of the similarities: what matches are ranked by."""
        exact = [x for x in (self.jaccard, self.containment_a_in_b, self.containment_b_in_a) if x is not None]
        return max(exact) if exact else self.minhash

    def to_dict(self) -> dict:
        record = asdict(self)
        record["passages"] = [p.to_dict() for p in self.passages]
        return record


@dataclass(frozen=True, slots=True)
class AddReport:
    """What :meth:`Index.add` did: ids added (new), replaced, skipped (already
    in the index, ``if_exists="skip"``) and empty (no words: not indexed);
    with ``if_exists="version"``, new versions of indexed ids and texts
    unchanged from the latest version (not added)."""

    added: int
    replaced: int
    skipped: int
    empty: list[str]
    seconds: float
    versions: int = 0
    unchanged: int = 0

    @property
    def rate(self) -> float:
        return (self.added + self.replaced + self.versions) / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True, slots=True)
class RemoveReport:
    """Ids removed, and ids asked for that were not in the index."""

    removed: list[str]
    missing: list[str]


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Size and make-up of an index (``earlier_versions``: versions stored
    besides each document's latest)."""

    path: str | None
    documents: int
    segments: dict
    postings: dict
    bytes: int | None
    bytes_per_document: float | None
    parameters: dict
    schema: int
    earlier_versions: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


class Index:
    """An archive of documents to query for near-duplicates and reused passages.

    Parameters
    ----------
    path:
        The index file (SQLite), or None for an index in memory.
    create:
        Make the index when ``path`` does not exist (else that is an error).
    readonly:
        Open for queries and stats only; the file is never written.
    num_perm, shingle_size, seed:
        Signature parameters, fixed when the index is made (as for
        :func:`simcompare.sign`); when opening an index, a value given must
        match the stored one.
    threshold:
        Jaccard (0.0-1.0) from which a match is a ``"duplicate"``; sets the
        LSH bands and rows (as in :func:`simcompare.dedup`).
    store_text:
        Keep each text (UTF-8) for exact similarities and passages.
    workers:
        Threads signing batches in :meth:`add`.

    Raises
    ------
    IndexFileError
        The file is missing (and ``create`` is False), not an index, corrupt,
        of a newer schema, or cannot be written.
    ParameterError
        An option out of range, or different from the stored one.

    Examples
    --------
    >>> story = "The central bank raised interest rates by half a point on Thursday, citing inflation at home."
    >>> with Index() as index:
    ...     report = index.add([{"id": "wire-1", "text": story, "outlet": "Wire"}])
    ...     [(m.id, m.kind, round(m.jaccard, 3)) for m in index.query(story + " Markets fell.")]
    [('wire-1', 'duplicate', 0.857)]
    """

    def __init__(
        self,
        path: str | os.PathLike | None = None,
        *,
        create: bool = True,
        readonly: bool = False,
        num_perm: int | None = None,
        shingle_size: int | None = None,
        seed: int | None = None,
        threshold: float | None = None,
        store_text: bool | None = None,
        workers: int = 1,
    ) -> None:
        given = {"num_perm": num_perm, "shingle_size": shingle_size, "seed": seed,
                 "threshold": threshold, "store_text": store_text}
        given = {k: v for k, v in given.items() if v is not None}
        if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
            raise ParameterError(f"workers must be an int >= 1, got {workers!r}")
        self._workers = workers
        self._store = open_store(path, create=create, readonly=readonly,
                                 new_meta=lambda: _new_meta({**_DEFAULTS, **given}))
        try:
            self._load_settings(given)
        except BaseException:
            self._store.close()
            raise

    def _load_settings(self, given: dict) -> None:
        meta = self._store.meta()
        try:
            settings = json.loads(meta["parameters"])
            self.params = SignatureParams(num_perm=settings["num_perm"], shingle_size=settings["shingle_size"],
                                          seed=settings["seed"])
            self.threshold = float(settings["threshold"])
            self.store_text = bool(settings["store_text"])
            self.bands, self.rows = int(settings["bands"]), int(settings["rows"])
        except (KeyError, TypeError, ValueError) as exc:
            raise IndexFileError(f"index {self._store.path} is corrupt: bad parameters ({exc})") from None
        for name, value in given.items():
            if settings[name] != value:
                raise ParameterError(
                    f"index {self._store.path} was made with {name}={settings[name]!r}; got {name}={value!r}")

    # -- context manager ---------------------------------------------------

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Close the index file (also done on leaving a ``with`` block)."""
        self._store.close()

    @property
    def path(self) -> str | None:
        return self._store.path

    def __len__(self) -> int:
        with self._store.reading():
            return self._store.count_docs()

    def __contains__(self, doc_id: object) -> bool:
        with self._store.reading():
            return isinstance(doc_id, str) and bool(self._store.doc_nums([doc_id]))

    def ids(self) -> list[str]:
        """Every document id in the index, in the order they were added."""
        with self._store.reading():
            return self._store.doc_ids()

    def get(self, doc_id: str, *, version: int | None = None) -> Document:
        """The stored document ``doc_id`` (its text is ``""`` when texts are not kept).

        Parameters
        ----------
        doc_id:
            The document's id.
        version:
            Which version (1 is the first); None: the latest.

        Raises
        ------
        KeyError
            If ``doc_id`` is not in the index.
        ParameterError
            If it has no version ``version``.
        """
        if version is None:
            with self._store.reading():
                nums = self._store.doc_nums([doc_id])
                if not nums:
                    raise KeyError(doc_id)
                row = self._store.fetch_docs([nums[doc_id]])[0]
            return Document(id=row.id, text=_text(row), meta=json.loads(row.meta))
        if doc_id not in self:
            raise KeyError(doc_id)
        found = self._version(doc_id, self.versions(doc_id), version)
        return Document(id=doc_id, text=found.text, meta=found.meta)

    # -- adding ------------------------------------------------------------

    def add(
        self,
        docs: Iterable[Any],
        *,
        if_exists: Literal["replace", "skip", "error", "version"] = "replace",
        batch_size: int = BATCH,
        id_field: str = "id",
        text_field: str = "text",
        on_batch: Callable[[AddReport], None] | None = None,
    ) -> AddReport:
        """Add documents, in batches that are each all or nothing.

        Parameters
        ----------
        docs:
            :class:`~simcompare.io.readers.Document` objects (as from
            :func:`~simcompare.io.readers.read_documents`) or dicts with
            ``id_field`` and ``text_field`` (other fields are kept as metadata).
        if_exists:
            For an id already in the index (or repeated in ``docs``):
            ``"replace"`` it with the new text (the earlier one is gone),
            ``"skip"`` the new one, raise an ``"error"`` (that batch is not
            added), or add a changed text as its next ``"version"`` (the
            earlier ones stay, see :meth:`history`; the versions of one id in
            ``docs`` are taken in order). A text equal to the latest
            version's, or to an earlier version's with the same own date
            (``updated``, else ``date``), adds nothing: adding the same
            documents again is harmless, an article changed back is a version.
        batch_size:
            Documents per transaction.
        on_batch:
            Called after each committed batch with the running totals.

        Returns
        -------
        AddReport

        Raises
        ------
        InputError
            A document without an id or text, or an id already there with
            ``if_exists="error"``; batches before it stay added.
        ParameterError
            An option out of range, or ``if_exists="version"`` in an index
            that keeps no texts.
        """
        if if_exists not in IF_EXISTS:
            raise ParameterError(f"if_exists must be one of {', '.join(IF_EXISTS)}, got {if_exists!r}")
        if if_exists == "version" and not self.store_text:
            raise ParameterError(f"if_exists='version' needs the texts kept; index {self.path} was made with "
                                 "store_text=False")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ParameterError(f"batch_size must be an int >= 1, got {batch_size!r}")
        if isinstance(docs, (str, bytes, dict)):
            raise ParameterError(f"add() takes an iterable of documents, got a single {type(docs).__name__}: "
                                 "wrap it in a list")
        start = time.perf_counter()
        totals = {"added": 0, "replaced": 0, "skipped": 0, "versions": 0, "unchanged": 0}
        empty: list[str] = []
        # The next batches are read and signed in a thread while this one is
        # written (the compiled core and SQLite both release the GIL); more
        # than one waits ready, so the writer has work right after a long merge.
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        batches = _batches(docs, batch_size, id_field, text_field)
        with ThreadPoolExecutor(1) as pool:
            ahead = deque(pool.submit(self._prepare, batches, if_exists) for _ in range(PREPARED_AHEAD))
            while (prepared := ahead.popleft().result()) is not None:
                ahead.append(pool.submit(self._prepare, batches, if_exists))
                counts = self._write_versions(prepared) if if_exists == "version" else self._write(prepared, if_exists)
                for key, value in counts.items():
                    totals[key] += value
                empty.extend(prepared.empty)
                self._merge_segments()
                if on_batch is not None:
                    on_batch(AddReport(**totals, empty=list(empty), seconds=time.perf_counter() - start))
        return AddReport(**totals, empty=empty, seconds=time.perf_counter() - start)

    def _prepare(self, batches: Iterator[list[Document]], if_exists: str) -> _Prepared | None:
        """Read the next batch and compute everything it adds (None at the end)."""
        batch = next(batches, None)
        if batch is None:
            return None
        batch, repeated = _unique(batch, if_exists)
        matrix, is_empty, anchors, offsets = sign_with_anchors(
            [d.text for d in batch], self.params, anchor_bits=ANCHOR_BITS, workers=self._workers)
        empty = [d.id for d, e in zip(batch, is_empty.tolist()) if e]
        if empty:  # an empty text has no anchors either
            batch = [d for d, e in zip(batch, is_empty.tolist()) if not e]
            matrix = matrix[~is_empty]
            offsets = np.concatenate(([0], offsets[1:][~is_empty]))
        band_keys = self._band_keys(matrix)
        postings = {
            "band": sort_postings(band_keys.ravel(), np.repeat(np.arange(len(batch)), band_keys.shape[1])),
            "anchor": sort_postings(anchors, np.repeat(np.arange(len(batch)), np.diff(offsets))),
        }
        rows = [(d.id, _meta_json(d), sig.tobytes(), self._packed_text(d.text)) for d, sig in zip(batch, matrix)]
        info = [(hashlib.sha256(text).hexdigest(), version_date(d.meta)) for d, (*_, text) in zip(batch, rows)] \
            if if_exists == "version" else None
        return _Prepared(rows, postings, empty, repeated, info)

    def _write(self, prepared: _Prepared, if_exists: str) -> dict:
        """Add a prepared batch in one transaction; return what was added, replaced, skipped."""
        store = self._store
        rows = prepared.rows
        with store.writing():
            existing = store.doc_nums([r[0] for r in rows])
            if existing and if_exists == "error":
                first = next(r[0] for r in rows if r[0] in existing)
                raise InputError(f"document {first!r} is already in the index; expected a new id "
                                 "(if_exists is error; replace or skip would take it)")
            chosen = np.array([not (if_exists == "skip" and r[0] in existing) for r in rows], dtype=bool)
            replaced = [existing[r[0]] for r in rows if r[0] in existing] if if_exists == "replace" else []
            first = int(store.meta()["next_num"])
            # Local row k becomes document number first + (rank of k among the chosen rows).
            nums = np.cumsum(chosen) - 1 + first
            added = datetime.now(timezone.utc).isoformat(timespec="seconds")
            store.delete_docs(replaced)
            store.insert_docs([(n, *row, added) for n, row, c in zip(nums.tolist(), rows, chosen.tolist()) if c])
            for kind, (keys, local) in prepared.postings.items():
                keep = chosen[local]
                if len(keys) and keep.any():
                    fences, chunks = cut(keys[keep], nums[local[keep]])
                    store.add_segment(kind, int(keep.sum()), fences, chunks)
            store.set_meta({"next_num": str(first + int(chosen.sum()))})
        count = int(chosen.sum())
        return {"added": count - len(replaced), "replaced": len(replaced),
                "skipped": prepared.repeated + len(rows) - count}

    def _write_versions(self, prepared: _Prepared) -> dict:
        """Add a prepared batch in one transaction: ids not indexed as new
        documents, changed texts as new versions; return the counts."""
        store = self._store
        with store.writing():
            existing = store.doc_nums(list(dict.fromkeys(r[0] for r in prepared.rows)))
            stored = {r.num: r for r in store.fetch_docs(sorted(existing.values()))}
            history: dict[int, list[VersionRow]] = {}
            for v in store.versions(sorted(existing.values()), texts=False):
                history.setdefault(v.num, []).append(v)
            plan = _VersionPlan(len(prepared.rows), int(store.meta()["next_num"]))
            added = datetime.now(timezone.utc).isoformat(timespec="seconds")
            for k, (row, (sha, date)) in enumerate(zip(prepared.rows, prepared.info)):
                plan.take(k, row, (added, date, sha), existing, stored, history)
            store.insert_docs(plan.documents(new=True))
            store.replace_docs(plan.documents(new=False))
            store.put_versions(plan.version_rows())
            previous = self._previous_keys(plan, prepared, stored)
            for kind, (keys, local) in prepared.postings.items():
                # A new version's postings: only the keys its predecessor (same number) lacks.
                keep = plan.chosen[local] & ~_known(keys, local, *previous[kind])
                if keep.any():
                    fences, chunks = cut(keys[keep], plan.nums[local[keep]])
                    store.add_segment(kind, int(keep.sum()), fences, chunks)
            store.set_meta({"next_num": str(plan.next_num)})
        return {"added": plan.added, "versions": plan.versions, "unchanged": plan.unchanged}

    def _previous_keys(self, plan: _VersionPlan, prepared: _Prepared,
                       stored: dict[int, DocRow]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Per kind, the keys ``(keys, rows)`` of the version each new version
        follows, labelled with the new version's row in the batch."""
        in_batch = [(k, j) for k, (where, j) in plan.previous.items() if where == "row"]
        on_file = [(k, num) for k, (where, num) in plan.previous.items() if where == "doc"]
        found: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {kind: [] for kind in prepared.postings}
        if on_file:
            rows = np.array([k for k, _ in on_file], dtype=np.int64)
            matrix = np.stack([np.frombuffer(stored[num].signature, dtype=np.uint32) for _, num in on_file])
            bands = self._band_keys(matrix)
            found["band"].append((bands.ravel(), np.repeat(rows, bands.shape[1])))
            anchors, offsets = shingle_sets([_text(stored[num]) for _, num in on_file], self.params.shingle_size,
                                            top_zero_bits=ANCHOR_BITS)
            found["anchor"].append((anchors, np.repeat(rows, np.diff(offsets))))
        for kind, (keys, local) in prepared.postings.items():
            if in_batch:
                order = np.argsort(local, kind="stable")
                bounds = np.searchsorted(local[order], np.arange(len(prepared.rows) + 1))
                for k, j in in_batch:
                    own = keys[order[bounds[j] : bounds[j + 1]]]
                    found[kind].append((own, np.full(len(own), k, dtype=np.int64)))
        return {kind: (np.concatenate([p[0] for p in parts]).astype(np.uint64),
                       np.concatenate([p[1] for p in parts]).astype(np.int64)) if parts else
                (np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))
                for kind, parts in found.items()}

    def _packed_text(self, text: str) -> bytes | None:
        return text.encode("utf-8", "surrogatepass") if self.store_text else None

    def _band_keys(self, matrix: np.ndarray) -> np.ndarray:
        """Band keys made unique per band, so one posting list serves every band."""
        from ..sketch.lsh import band_keys

        keys = band_keys(matrix, self.bands, self.rows)
        return keys ^ _band_salts(self.bands)

    def _merge_segments(self, *, everything: bool = False) -> None:
        """Merge segments of similar size (or all of each kind), one
        transaction per merge, dropping postings of removed documents."""
        while True:
            with self._store.reading():
                segments = self._store.segments()
            if everything:
                groups = [g for g in ([s for s in segments if s.kind == kind] for kind in KINDS) if g]
            else:
                groups = merge_plan(segments)
            if not groups:
                return
            for group in groups:
                self._merge(group)
            if everything:
                return

    def _merge(self, group: list[Segment]) -> None:
        store = self._store
        with store.writing():
            known = {s.id for s in store.segments()}
            if not all(s.id in known for s in group):
                return  # another writer merged them first
            try:
                fences, chunks = merge([store.segment_chunks(s.id) for s in group], [s.size for s in group],
                                       self._alive())
            except ValueError as exc:
                raise IndexFileError(f"index {store.path} is corrupt: {exc}") from None
            store.delete_segments([s.id for s in group])
            if chunks:
                store.add_segment(group[0].kind, sum(len(k) for k, _ in chunks) // 8, fences, chunks)

    def _alive(self) -> Callable[[np.ndarray], np.ndarray]:
        """A test of which document numbers are still in the index."""
        store = self._store
        if store.count_docs() == int(store.meta()["next_num"]):
            return lambda docs: np.ones(len(docs), dtype=bool)  # nothing removed or replaced, ever
        live = np.sort(store.live_nums())
        return lambda docs: np.isin(docs, live, assume_unique=False, kind="sort") if len(live) else \
            np.zeros(len(docs), dtype=bool)

    def compact(self) -> None:
        """Merge all postings of each kind into one segment (fastest queries)
        and drop those of removed documents."""
        self._merge_segments(everything=True)

    # -- removing ----------------------------------------------------------

    def remove(self, ids: Iterable[str]) -> RemoveReport:
        """Remove documents by id, in one transaction.

        Returns
        -------
        RemoveReport
            The ids removed and those that were not in the index.
        """
        ids = list(dict.fromkeys(ids))
        for k, doc_id in enumerate(ids):
            if not isinstance(doc_id, str):
                raise TextTypeError(f"id {k}", doc_id)
        with self._store.writing():
            found = self._store.doc_nums(ids)
            self._store.delete_docs(list(found.values()))
        return RemoveReport(removed=[i for i in ids if i in found], missing=[i for i in ids if i not in found])

    # -- versions ----------------------------------------------------------

    def versions(self, doc_id: str) -> list[Version]:
        """Every version of document ``doc_id``, the first first.

        A document added once has one version; each changed text added with
        ``if_exists="version"`` adds one.

        Parameters
        ----------
        doc_id:
            The document's id.

        Returns
        -------
        list[Version]
            With their metadata and texts.

        Raises
        ------
        InputError
            If ``doc_id`` is not in the index.
        ParameterError
            If the index keeps no texts (``store_text=False``).

        Examples
        --------
        >>> with Index() as index:
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the spring.", "date": "2026-11-02"}])
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the summer.", "updated": "2026-11-03"}],
        ...                   if_exists="version")
        ...     [(v.version, v.date, v.words) for v in index.versions("a")]
        [(1, '2026-11-02', 7), (2, '2026-11-03', 7)]
        """
        if not self.store_text:
            raise ParameterError(f"index {self.path} keeps no texts (made with store_text=False): versions and "
                                 "their changes need them")
        if not isinstance(doc_id, str):
            raise TextTypeError("id", doc_id)
        with self._store.reading():
            nums = self._store.doc_nums([doc_id])
            if not nums:
                raise InputError(f"document {doc_id!r} is not in the index {self.path or '(in memory)'}; "
                                 f"expected one of its {self._store.count_docs():,} ids")
            doc = self._store.fetch_docs([nums[doc_id]])[0]
            rows = self._store.versions([doc.num], texts=True)
        return _versions_of(doc, rows)

    def history(self, doc_id: str, *, from_version: int | None = None, to_version: int | None = None) -> History:
        """The versions of document ``doc_id`` and what changed between them.

        Parameters
        ----------
        doc_id:
            The document's id.
        from_version, to_version:
            Compare these two versions only (one not given: the first, or the
            latest); neither: each version with the one before it.

        Returns
        -------
        History
            Its :class:`~simcompare.index.versions.Change` records say which
            words were removed and added (spans exact in their version), the
            similarity, and the correction note added, if any.

        Raises
        ------
        InputError
            If ``doc_id`` is not in the index.
        ParameterError
            If a version number does not exist, ``from_version`` is not below
            ``to_version``, or the index keeps no texts.

        Examples
        --------
        >>> with Index() as index:
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the spring."}])
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the summer. Correction: we had the "
        ...                                        "season wrong."}], if_exists="version")
        ...     change = index.history("a").changes[0]
        >>> [s.text for s in change.removed], change.words_added, change.note
        (['spring'], 7, 'Correction:')
        """
        versions = self.versions(doc_id)
        if from_version is None and to_version is None:
            pairs = list(zip(versions, versions[1:]))
        else:
            first = self._version(doc_id, versions, 1 if from_version is None else from_version)
            last = self._version(doc_id, versions, versions[-1].version if to_version is None else to_version)
            if first.version >= last.version:
                raise ParameterError(f"from_version must be below to_version; got from_version={first.version}, "
                                     f"to_version={last.version}")
            pairs = [(first, last)]
        changes = [compare_versions(a.text, b.text, from_version=a.version, to_version=b.version,
                                    shingle_size=self.params.shingle_size) for a, b in pairs]
        return History(doc_id, versions, changes)

    @staticmethod
    def _version(doc_id: str, versions: list[Version], number: int) -> Version:
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= len(versions):
            raise ParameterError(f"document {doc_id!r} has no version {number!r}: expected 1 to {len(versions)}")
        return versions[number - 1]

    def changes(self, *, since: Any = None) -> list[ChangeSummary]:
        """Every change made to a document since a date, in a few figures each.

        A change counts from the time of its later version: the document's own
        ``updated`` (else ``date``) field when it can be read, else when it was
        added to the index; it is *since* unless that time is certainly earlier.

        Parameters
        ----------
        since:
            A date or time (as :func:`simcompare.text.parse_date` reads:
            ``"2026-11-03"``, ``"3 November 2026 14:00"``, a ``datetime``);
            None: every change.

        Returns
        -------
        list[ChangeSummary]
            By the later version's time, then id; a ``stealth`` one changed words
            without a correction note.

        Raises
        ------
        InputError
            If ``since`` is not a date.

        Examples
        --------
        >>> with Index() as index:
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the spring.", "date": "2026-11-02"}])
        ...     _ = index.add([{"id": "a", "text": "The pier will reopen in the summer.", "updated": "2026-11-03"}],
        ...                   if_exists="version")
        ...     changes = index.changes(since="2026-11-03")
        >>> [(c.id, c.to_version, c.words_removed, c.words_added, c.stealth) for c in changes]
        [('a', 2, 1, 1, True)]
        """
        start = parse_date(since)
        with self._store.reading():
            later = self._store.later_versions()
        chosen: dict[int, list[tuple[When, str, VersionRow]]] = {}
        for doc_id, row in later:
            when = _version_time(row)
            if start is None or not when.before(start):
                chosen.setdefault(row.num, []).append((when, doc_id, row))
        nums = list(chosen)
        summaries = []
        for k in range(0, len(nums), CHANGES_CHUNK):
            with self._store.reading():
                docs = self._store.fetch_docs(nums[k : k + CHANGES_CHUNK])
                rows = self._store.versions([d.num for d in docs], texts=True)
            by_num: dict[int, list[VersionRow]] = {}
            for row in rows:
                by_num.setdefault(row.num, []).append(row)
            for doc in docs:  # one removed meanwhile is not among them
                texts = {v.version: v.text for v in _versions_of(doc, by_num.get(doc.num, []))}
                for when, doc_id, row in chosen[doc.num]:
                    if row.version - 1 not in texts or row.version not in texts:
                        continue  # replaced meanwhile by another text
                    change = compare_versions(texts[row.version - 1], texts[row.version],
                                              shingle_size=self.params.shingle_size)
                    summaries.append((when.start, ChangeSummary(
                        doc_id, row.version - 1, row.version, row.added, row.date, change.similarity,
                        change.words_removed, change.words_added, change.note)))
        summaries.sort(key=lambda t: (t[0], t[1].id, t[1].to_version))
        return [summary for _, summary in summaries]

    # -- querying ----------------------------------------------------------

    def query(
        self, text: str, *, limit: int | None = 10, align: bool = True, min_words: int = 50,
        all_versions: bool = False,
    ) -> list[Match]:
        """Archived documents that near-duplicate ``text`` or share passages with it.

        Parameters
        ----------
        text:
            The article to look up (at most ``MAX_QUERY_CHARS`` characters).
        limit:
            Most matches returned, strongest first (None: all).
        align:
            Align the passages of each match (needs the texts kept).
        min_words:
            Fewest words of a shared passage for a ``"reuse"`` match.
        all_versions:
            Check every version of each document, not only its latest; a
            document matches by its best version (:attr:`Match.version`).

        Returns
        -------
        list[Match]
            Strongest first (by :attr:`Match.score`), one per document.

        Raises
        ------
        TextTypeError, EmptyTextError, ParameterError
            ``text`` is not a ``str``, has no words, or is too long.
        """
        if not isinstance(text, str):
            raise TextTypeError("query", text)
        if len(text) > MAX_QUERY_CHARS:
            raise ParameterError(f"query is {len(text):,} characters; expected at most {MAX_QUERY_CHARS:,}")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
            raise ParameterError(f"limit must be an int >= 1 (or no limit), got {limit!r}")
        if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 1:
            raise ParameterError(f"min_words must be an int >= 1, got {min_words!r}")
        matrix, is_empty = sign_texts([text], self.params)
        if is_empty[0]:
            raise EmptyTextError("query")
        hashes, _ = shingle_sets([text], self.params.shingle_size)
        band_keys = self._band_keys(matrix)[0]
        anchors = top_zero(hashes, ANCHOR_BITS)
        with self._store.reading():
            segments = self._store.segments()
            _, near = collect([s for s in segments if s.kind == "band"], band_keys, self._store.read_chunks)
            which, docs = collect([s for s in segments if s.kind == "anchor"], anchors, self._store.read_chunks)
            near = np.unique(near)
            shared = _shared_anchors(which, docs, len(anchors))
            reuse = [n for n, c in shared.items() if c >= MIN_SHARED_ANCHORS]
            rows = self._store.fetch_docs(sorted(set(near.tolist()) | set(reuse)))
            history = self._store.versions([r.num for r in rows], texts=all_versions)
        rows, numbers = _with_versions(rows, history, all_versions=all_versions)
        matches = self._verify(text, matrix[0], hashes, rows, numbers, shared, align=align, min_words=min_words)
        if all_versions:  # a document once, by its best version (the later one on a tie)
            matches.sort(key=lambda m: (m.id, -m.score, -m.version))
            matches = [m for k, m in enumerate(matches) if k == 0 or matches[k - 1].id != m.id]
        matches.sort(key=lambda m: (-m.score, m.id))
        return matches[:limit] if limit is not None else matches

    def _verify(self, text, signature, query_set, rows, numbers, shared, *, align, min_words) -> list[Match]:
        matches = []
        texts = [_text(r) for r in rows] if self.store_text else None
        sets, offsets = shingle_sets(texts, self.params.shingle_size) if texts else (None, None)
        min_shingles = max(1, min_words - self.params.shingle_size + 1)
        for k, row in enumerate(rows):
            minhash = float(np.mean(np.frombuffer(row.signature, dtype=np.uint32) == signature))
            jaccard = a_in_b = b_in_a = None
            common = None
            if sets is not None:
                doc_set = sets[offsets[k] : offsets[k + 1]]
                common = len(np.intersect1d(query_set, doc_set, assume_unique=True))
                union = len(query_set) + len(doc_set) - common
                jaccard = common / union if union else 0.0
                a_in_b = common / len(query_set) if len(query_set) else 0.0
                b_in_a = common / len(doc_set) if len(doc_set) else 0.0
            similar = (jaccard if jaccard is not None else minhash) >= self.threshold
            passages: list[Passage] = []
            if align and texts is not None and (similar or common >= min_shingles):
                from ..passages.align import align as align_texts

                passages = align_texts(text, texts[k], min_words=min_words)
            if similar:
                kind = "duplicate"
            elif (passages if align and texts is not None else
                  (common >= min_shingles if common is not None else shared.get(row.num, 0) >= MIN_SHARED_ANCHORS)):
                kind = "reuse"
            else:
                continue
            matches.append(Match(row.id, kind, minhash, jaccard, a_in_b, b_in_a, shared.get(row.num, 0),
                                 json.loads(row.meta), passages, numbers[k]))
        return matches

    # -- stats -------------------------------------------------------------

    def stats(self) -> IndexStats:
        """Documents, segments and postings per kind, size on disk and per document."""
        with self._store.reading():
            documents = self._store.count_docs()
            segments = self._store.segments()
            meta = self._store.meta()
            earlier = self._store.count_versions()
        size = self._store.size_bytes()
        parameters = json.loads(meta["parameters"])
        return IndexStats(
            path=self._store.path,
            documents=documents,
            segments={k: sum(s.kind == k for s in segments) for k in KINDS},
            postings={k: sum(s.size for s in segments if s.kind == k) for k in KINDS},
            bytes=size,
            bytes_per_document=(size / documents) if size is not None and documents else None,
            parameters=parameters,
            schema=int(meta["schema"]),
            earlier_versions=earlier,
        )


# --------------------------------------------------------------------------


def _new_meta(settings: dict) -> dict[str, str]:
    from ..sketch.lsh import FALSE_POSITIVE_WEIGHT, lsh_params

    params = SignatureParams(num_perm=settings["num_perm"], shingle_size=settings["shingle_size"],
                             seed=settings["seed"])
    threshold = settings["threshold"]
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0.0 < threshold <= 1.0:
        raise ParameterError(f"threshold must be in (0, 1], got {threshold!r}")
    bands, rows = lsh_params(float(threshold), params.num_perm, false_positive_weight=FALSE_POSITIVE_WEIGHT,
                             false_negative_weight=1 - FALSE_POSITIVE_WEIGHT)
    parameters = {"num_perm": params.num_perm, "shingle_size": params.shingle_size, "seed": params.seed,
                  "threshold": float(threshold), "store_text": bool(settings["store_text"]),
                  "bands": bands, "rows": rows, "scheme": params.scheme, "version": params.version}
    return {"format": FORMAT, "schema": str(SCHEMA_VERSION), "parameters": json.dumps(parameters),
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "simcompare": __version__, "next_num": "0"}


@dataclass
class _State:
    """A document while a batch of versions is planned: its number, whether
    it is new to the index, its current latest version as a version row
    ``(num, version, added, date, sha256, meta, signature, text)``,
    where that version's keys come from (``("row", k)`` in the batch or
    ``("doc", num)`` on file), the versions it replaced in this batch, and
    the ``(sha256, date)`` of every version it has had."""

    num: int
    id: str
    new: bool
    current: tuple | None = None
    source: tuple[str, int] | None = None
    earlier: list[tuple] = field(default_factory=list)
    known: set[tuple[str, str | None]] = field(default_factory=set)

    @classmethod
    def on_file(cls, doc: DocRow, versions: list[VersionRow]) -> _State:
        if versions:
            latest = versions[-1]
            head = (latest.version, latest.added, latest.date, latest.sha256)
        else:  # a document with one version so far: its figures are not stored, but its text is
            head = (1, doc.added, version_date(json.loads(doc.meta)), hashlib.sha256(doc.text).hexdigest())
        known = {(v.sha256, v.date) for v in versions} | {(head[3], head[2])}
        return cls(doc.num, doc.id, False, (doc.num, *head, doc.meta, doc.signature, doc.text), ("doc", doc.num),
                   known=known)

    def repeats(self, sha: str, date: str | None) -> bool:
        """Whether a text is the latest version's, or an earlier version's
        with the same date (the same crawl added again, not a reversion)."""
        return sha == self.current[4] or (sha, date) in self.known

    def advance(self, content: tuple, head: tuple, source: tuple[str, int]) -> None:
        if self.current is not None:
            self.earlier.append(self.current)
        version = 1 if self.current is None else self.current[1] + 1
        self.current, self.source = (self.num, version, *head, *content), source
        self.known.add((head[2], head[1]))


class _VersionPlan:
    """What a batch added with ``if_exists="version"`` does: per row of the
    batch, its document number and whether it adds postings (``nums``,
    ``chosen``), the version each new version follows (``previous``), and the
    rows to write."""

    def __init__(self, rows: int, next_num: int) -> None:
        self.nums = np.zeros(rows, dtype=np.int64)
        self.chosen = np.zeros(rows, dtype=bool)
        self.previous: dict[int, tuple[str, int]] = {}
        self.states: dict[str, _State] = {}
        self.next_num = next_num
        self.added = self.versions = self.unchanged = 0

    def take(self, k: int, row: tuple, head: tuple, existing: dict[str, int], stored: dict[int, DocRow],
             history: dict[int, list[VersionRow]]) -> None:
        """Row ``k`` ``(id, meta, signature, text)`` with ``head`` ``(added, date, sha256)``."""
        doc_id, meta, signature, text = row
        state = self.states.get(doc_id)
        if state is None and doc_id in existing:
            num = existing[doc_id]
            state = self.states[doc_id] = _State.on_file(stored[num], history.get(num, []))
        if state is None:
            state = self.states[doc_id] = _State(self.next_num, doc_id, True)
            self.next_num += 1
            self.added += 1
        elif state.repeats(head[2], head[1]):
            self.unchanged += 1
            return
        else:
            self.versions += 1
            self.previous[k] = state.source
        state.advance((meta, signature, text), head, ("row", k))
        self.nums[k], self.chosen[k] = state.num, True

    def documents(self, *, new: bool) -> list[tuple]:
        """Document rows ``(num, id, meta, signature, text, added)`` to insert (new) or rewrite."""
        return [(s.num, s.id, s.current[5], s.current[6], s.current[7], s.current[2])
                for s in self.states.values() if s.new == new and s.source[0] == "row"]

    def version_rows(self) -> list[tuple]:
        """Version rows to write: the versions replaced, with their content,
        and each latest without it (the document row holds it)."""
        rows = []
        for s in self.states.values():
            if s.source[0] == "row" and s.current[1] > 1:
                rows.extend(s.earlier)
                rows.append((*s.current[:5], None, None, None))
        return rows


@dataclass
class _Prepared:
    """A batch ready to write: rows (id, meta, signature, text), postings per
    kind sorted by key with the local row of each, ids of empty texts, how
    many repeated ids were dropped, and (when adding versions) each row's
    text hash and own date."""

    rows: list[tuple]
    postings: dict[str, tuple[np.ndarray, np.ndarray]]
    empty: list[str]
    repeated: int
    info: list[tuple[str, str | None]] | None = None


def _known(keys: np.ndarray, rows: np.ndarray, old_keys: np.ndarray, old_rows: np.ndarray) -> np.ndarray:
    """Which postings ``(keys[i], rows[i])`` are among ``(old_keys, old_rows)``."""
    if len(old_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    order = np.argsort(old_keys, kind="stable")
    old_keys, old_rows = old_keys[order], old_rows[order]
    # Each posting against the old postings of its key (mostly none or one): same row?
    first = np.searchsorted(old_keys, keys, side="left")
    counts = np.searchsorted(old_keys, keys, side="right") - first
    owner = np.repeat(np.arange(len(keys)), counts)
    at = np.repeat(first, counts) + np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
    known = np.zeros(len(keys), dtype=bool)
    known[owner[old_rows[at] == rows[owner]]] = True
    return known


def _band_salts(bands: int) -> np.ndarray:
    """A distinct 64-bit constant per band (splitmix64 of the band number)."""
    z = (np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def _shared_anchors(which: np.ndarray, docs: np.ndarray, count: int) -> dict[int, int]:
    """Per document, how many of the query's ``count`` anchors it carries,
    given the postings ``(which, docs)`` found for them (stock-phrase anchors,
    in more than ANCHOR_MAX_DOCS documents, not counted)."""
    if len(which) == 0:
        return {}
    # A (anchor, document) posting once, even if in several segments.
    codes = np.unique(which.astype(np.int64) << 32 | docs.astype(np.int64))
    which, docs = codes >> 32, codes & 0xFFFFFFFF
    useful = np.bincount(which, minlength=count)[which] <= ANCHOR_MAX_DOCS
    found, counts = np.unique(docs[useful], return_counts=True)
    return dict(zip(found.tolist(), counts.tolist()))


def _versions_of(doc: DocRow, rows: list[VersionRow]) -> list[Version]:
    """The versions of ``doc`` from its version rows (none: it has one version, its own row)."""
    if not rows:
        text = _text(doc)
        meta = json.loads(doc.meta)
        return [Version(1, doc.added, version_date(meta), count_words(text), text_sha256(text), meta, text)]
    versions = []
    for row in rows:
        content = row if row.signature is not None else doc  # the latest is the document's own row
        text = content.text.decode("utf-8", "surrogatepass")
        versions.append(Version(row.version, row.added, row.date, count_words(text), row.sha256,
                                json.loads(content.meta), text))
    return versions


def _version_time(row: VersionRow) -> When:
    """When a version appeared: its own date if it can be read, else when it was added."""
    try:
        when = parse_date(row.date)
    except InputError:
        when = None
    return when if when is not None else parse_date(row.added)


def _with_versions(rows: list[DocRow], history: list[VersionRow], *,
                   all_versions: bool) -> tuple[list[DocRow], list[int]]:
    """The rows to check and the version number of each: the documents'
    latest, and, with ``all_versions``, their earlier versions as rows of their own."""
    latest = {v.num: v.version for v in history}  # by version: the last is the latest
    numbers = [latest.get(r.num, 1) for r in rows]
    if all_versions:
        ids = {r.num: r.id for r in rows}
        earlier = [v for v in history if v.signature is not None]
        rows = rows + [DocRow(v.num, ids[v.num], v.meta, v.signature, v.text, v.added) for v in earlier]
        numbers += [v.version for v in earlier]
    return rows, numbers


def _text(row: DocRow) -> str:
    return row.text.decode("utf-8", "surrogatepass") if row.text is not None else ""


def _meta_json(doc: Document) -> str:
    try:
        return json.dumps(doc.meta, default=str)
    except (TypeError, ValueError) as exc:
        raise InputError(f"document {doc.id!r}: metadata cannot be stored as JSON ({exc})") from None


def _unique(batch: list[Document], if_exists: str) -> tuple[list[Document], int]:
    """One document per id: the last (replace), the first (skip), or an error;
    every one, in order, when they are versions."""
    if if_exists == "version":
        return batch, 0
    seen: dict[str, int] = {}
    for k, doc in enumerate(batch):
        if doc.id in seen:
            if if_exists == "error":
                raise InputError(f"document id {doc.id!r} appears twice; expected unique ids (if_exists is error)")
            if if_exists == "skip":
                continue
        seen[doc.id] = k
    chosen = sorted(seen.values())
    return [batch[k] for k in chosen], len(batch) - len(chosen)


def _batches(docs: Iterable[Any], size: int, id_field: str, text_field: str) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for n, item in enumerate(docs):
        batch.append(_document(item, n, id_field, text_field))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _document(item: Any, n: int, id_field: str, text_field: str) -> Document:
    if isinstance(item, Document):
        return item
    if isinstance(item, dict):
        if id_field not in item:
            raise InputError(f"document {n}: expected an id field {id_field!r}; got fields {sorted(item)}")
        from ..io.documents import as_document

        return as_document(item, n, id_field, text_field)
    raise InputError(f"document {n}: expected a Document or a dict with {id_field!r} and {text_field!r}; "
                     f"got {type(item).__name__}")
