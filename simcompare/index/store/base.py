"""What an index store holds and the methods both stores have (:class:`Store`); a stored document (:class:`DocRow`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from ..postings import Segment

__all__ = ["Store", "DocRow", "VersionRow", "FORMAT", "SCHEMA_VERSION", "OLDEST_SCHEMA"]

#: ``meta["format"]`` of every index.
FORMAT = "simcompare-index"
#: ``meta["schema"]`` (and the SQLite ``user_version``) of the indexes this version makes: 2 adds the
#: ``versions`` table (earlier versions of an article).
SCHEMA_VERSION = 2
#: The oldest schema this version opens; an older file is read as it is and migrated on its first write.
OLDEST_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class DocRow:
    """A stored document; ``text`` is its UTF-8 bytes, or None when texts are not kept.

    Examples
    --------
    >>> DocRow(0, "wire-1", "{}", b"", b"Hello", "2024-05-02T09:00:00+00:00").text.decode()
    'Hello'
    """

    num: int
    id: str
    meta: str
    signature: bytes
    text: bytes | None
    added: str


@dataclass(frozen=True, slots=True)
class VersionRow:
    """One version of a stored document (number ``num``), once it has more than one.

    ``meta``, ``signature`` and ``text`` are None for the latest version (the
    document's row holds them) and when they were not asked for.

    Examples
    --------
    >>> VersionRow(0, 2, "2026-12-03T10:00:00+00:00", "2026-12-03", "ab" * 32, None, None, None).version
    2
    """

    num: int
    version: int
    added: str
    date: str | None
    sha256: str
    meta: str | None
    signature: bytes | None
    text: bytes | None


class Store(ABC):
    """Where an index keeps its data; :class:`~simcompare.index.Index` uses only these methods.

    A store holds:

    * ``meta``: the index's format, schema version and parameters (strings);
    * ``docs``: one :class:`DocRow` per document: number, id, metadata (JSON),
      signature, the text (UTF-8, optional), when it was added;
    * ``segments`` and their ``chunks``: the postings (:mod:`simcompare.index.postings`);
    * ``versions``: for a document with more than one version, a :class:`VersionRow` per version; the
      earlier ones keep their metadata, signature and text, the latest is the document's row. Every
      version of a document has the document's number, so postings need no change when one is added.

    Every change happens inside :meth:`writing`, which is all or nothing;
    reads happen inside :meth:`reading` (or :meth:`writing`), which gives a
    consistent snapshot. Nothing is pickled: text is UTF-8, metadata JSON,
    arrays raw little-endian bytes.
    """

    #: The index file, or None for a store in memory.
    path: str | None

    @abstractmethod
    def reading(self) -> AbstractContextManager[None]:
        """A block that sees one consistent state of the store."""

    @abstractmethod
    def writing(self) -> AbstractContextManager[None]:
        """A block whose changes are all kept, or (on an exception) none."""

    @abstractmethod
    def meta(self) -> dict[str, str]:
        """The index's metadata, read afresh (another process may have written since)."""

    @abstractmethod
    def set_meta(self, values: dict[str, str]) -> None:
        """Add or replace metadata entries."""

    @abstractmethod
    def doc_nums(self, ids: list[str]) -> dict[str, int]:
        """The document number of each of ``ids`` that is stored."""

    @abstractmethod
    def insert_docs(self, rows: list[tuple]) -> None:
        """Add rows ``(num, id, meta, signature, text, added)``, as :class:`DocRow` holds them."""

    @abstractmethod
    def replace_docs(self, rows: list[tuple]) -> None:
        """Rewrite stored documents in place: rows ``(num, id, meta, signature, text, added)`` of existing numbers."""

    @abstractmethod
    def delete_docs(self, nums: list[int]) -> None:
        """Remove the documents numbered ``nums`` and their versions (their postings stay until a merge)."""

    @abstractmethod
    def put_versions(self, rows: list[tuple]) -> None:
        """Add or overwrite version rows ``(num, version, added, date, sha256, meta, signature, text)``."""

    @abstractmethod
    def versions(self, nums: list[int], *, texts: bool) -> list[VersionRow]:
        """The version rows of documents ``nums``, by number then version; without
        metadata, signatures and texts unless ``texts``."""

    @abstractmethod
    def later_versions(self) -> list[tuple[str, VersionRow]]:
        """``(document id, row)`` of every version after a first one, without texts."""

    @abstractmethod
    def count_versions(self) -> int:
        """How many earlier versions (not a document's latest) are stored."""

    @abstractmethod
    def fetch_docs(self, nums: list[int]) -> list[DocRow]:
        """The stored documents among ``nums``."""

    @abstractmethod
    def live_nums(self) -> np.ndarray:
        """The numbers of every stored document (int64)."""

    @abstractmethod
    def count_docs(self) -> int:
        """How many documents are stored."""

    @abstractmethod
    def doc_ids(self) -> list[str]:
        """Every document id, in the order the documents were added."""

    @abstractmethod
    def segments(self) -> list[Segment]:
        """Every posting segment (without its chunks)."""

    @abstractmethod
    def add_segment(self, kind: str, size: int, fences: np.ndarray, chunks: list[tuple[bytes, bytes]]) -> int:
        """Store a segment of ``size`` postings and its chunks ``(keys, docs)``; return its id."""

    @abstractmethod
    def delete_segments(self, ids: list[int]) -> None:
        """Remove segments and their chunks."""

    @abstractmethod
    def read_chunks(self, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[bytes, bytes]]:
        """The chunks ``(segment id, chunk number)`` asked for."""

    @abstractmethod
    def segment_chunks(self, seg_id: int) -> Iterator[tuple[bytes, bytes]]:
        """Every chunk of one segment, in order."""

    @abstractmethod
    def size_bytes(self) -> int | None:
        """Bytes on disk (None in memory)."""

    @abstractmethod
    def close(self) -> None:
        """Release the store (files, threads)."""
