"""An index store in this process's memory (:class:`MemoryStore`), gone when the process ends."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import numpy as np

from ..postings import Segment
from .base import DocRow, Store, VersionRow

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    """An index store in this process's memory, gone when it ends.

    Writes are undone on error, as in SQLite, so a failed batch leaves nothing
    behind. One lock serialises access from threads.

    Examples
    --------
    >>> store = MemoryStore()
    >>> with store.writing():
    ...     store.set_meta({"next_num": "0"})
    >>> try:
    ...     with store.writing():
    ...         store.set_meta({"next_num": "5"})
    ...         raise KeyboardInterrupt
    ... except KeyboardInterrupt:
    ...     pass
    >>> store.meta()
    {'next_num': '0'}
    """

    path = None

    def __init__(self) -> None:
        self._meta: dict[str, str] = {}
        self._docs: dict[int, DocRow] = {}
        self._ids: dict[str, int] = {}
        self._segments: dict[int, tuple[Segment, list[tuple[bytes, bytes]]]] = {}
        self._versions: dict[int, dict[int, VersionRow]] = {}
        self._next_segment = 1
        self._undo: list | None = None
        self._lock = threading.RLock()

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._lock:
            yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._lock:
            self._undo = []
            try:
                yield
            except BaseException:
                for undo in reversed(self._undo):
                    undo()
                raise
            finally:
                self._undo = None

    def _record(self, undo) -> None:
        assert self._undo is not None, "store writes happen inside writing()"
        self._undo.append(undo)

    def meta(self) -> dict[str, str]:
        return dict(self._meta)

    def set_meta(self, values: dict[str, str]) -> None:
        old = dict(self._meta)
        self._record(lambda: (self._meta.clear(), self._meta.update(old)))
        self._meta.update(values)

    def doc_nums(self, ids: list[str]) -> dict[str, int]:
        return {i: self._ids[i] for i in ids if i in self._ids}

    def insert_docs(self, rows: list[tuple]) -> None:
        rows = [DocRow(*row) for row in rows]
        for row in rows:
            self._docs[row.num] = row
            self._ids[row.id] = row.num
        nums = [r.num for r in rows]
        self._record(lambda: self._drop(nums))

    def replace_docs(self, rows: list[tuple]) -> None:
        old = [self._docs[row[0]] for row in rows]
        self._drop([r.num for r in old])
        self._record(lambda: self._restore(old))
        self.insert_docs(rows)

    def delete_docs(self, nums: list[int]) -> None:
        rows = [self._docs[n] for n in nums if n in self._docs]
        versions = {n: self._versions.pop(n) for n in nums if n in self._versions}
        self._drop(nums)
        self._record(lambda: (self._restore(rows), self._versions.update(versions)))

    def _restore(self, rows: list[DocRow]) -> None:
        for r in rows:
            self._docs[r.num] = r
            self._ids[r.id] = r.num

    def _drop(self, nums: list[int]) -> None:
        for n in nums:
            row = self._docs.pop(n, None)
            if row is not None:
                del self._ids[row.id]

    def put_versions(self, rows: list[tuple]) -> None:
        old = {(row[0], row[1]): self._versions.get(row[0], {}).get(row[1]) for row in rows}
        for row in rows:
            self._versions.setdefault(row[0], {})[row[1]] = VersionRow(*row)
        self._record(lambda: self._put_back(old))

    def _put_back(self, old: dict[tuple[int, int], VersionRow | None]) -> None:
        for (num, version), row in old.items():
            if row is not None:
                self._versions.setdefault(num, {})[version] = row
            elif num in self._versions:
                self._versions[num].pop(version, None)
                if not self._versions[num]:
                    del self._versions[num]

    def versions(self, nums: list[int], *, texts: bool) -> list[VersionRow]:
        rows = [row for n in sorted(set(nums)) for _, row in sorted(self._versions.get(n, {}).items())]
        return rows if texts else [VersionRow(*_head(row), None, None, None) for row in rows]

    def later_versions(self) -> list[tuple[str, VersionRow]]:
        return [(self._docs[row.num].id, VersionRow(*_head(row), None, None, None))
                for row in self.versions(list(self._versions), texts=False) if row.version > 1]

    def count_versions(self) -> int:
        return sum(row.signature is not None for rows in self._versions.values() for row in rows.values())

    def fetch_docs(self, nums: list[int]) -> list[DocRow]:
        return [self._docs[n] for n in nums if n in self._docs]

    def live_nums(self) -> np.ndarray:
        return np.fromiter(self._docs, dtype=np.int64, count=len(self._docs))

    def count_docs(self) -> int:
        return len(self._docs)

    def doc_ids(self) -> list[str]:
        return [self._docs[n].id for n in sorted(self._docs)]

    def segments(self) -> list[Segment]:
        return [segment for segment, _ in self._segments.values()]

    def add_segment(self, kind: str, size: int, fences: np.ndarray, chunks: list[tuple[bytes, bytes]]) -> int:
        seg_id = self._next_segment
        self._next_segment += 1
        self._segments[seg_id] = (Segment(seg_id, kind, size, fences), chunks)
        self._record(lambda: self._segments.pop(seg_id))
        return seg_id

    def delete_segments(self, ids: list[int]) -> None:
        gone = {i: self._segments.pop(i) for i in ids}
        self._record(lambda: self._segments.update(gone))

    def read_chunks(self, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], tuple[bytes, bytes]]:
        return {(s, c): self._segments[s][1][c] for s, c in wanted}

    def segment_chunks(self, seg_id: int) -> Iterator[tuple[bytes, bytes]]:
        return iter(self._segments[seg_id][1])

    def size_bytes(self) -> int | None:
        return None

    def close(self) -> None:
        pass


def _head(row: VersionRow) -> tuple:
    """A version row's fields before its content (meta, signature, text)."""
    return row.num, row.version, row.added, row.date, row.sha256
