"""An index store in this process's memory (:class:`MemoryStore`), gone when the process ends."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

import numpy as np

from ..postings import Segment
from .base import DocRow, Store

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

    def delete_docs(self, nums: list[int]) -> None:
        rows = [self._docs[n] for n in nums if n in self._docs]
        self._drop(nums)
        self._record(lambda: [self._docs.__setitem__(r.num, r) or self._ids.__setitem__(r.id, r.num) for r in rows])

    def _drop(self, nums: list[int]) -> None:
        for n in nums:
            row = self._docs.pop(n, None)
            if row is not None:
                del self._ids[row.id]

    def fetch_docs(self, nums: list[int]) -> list[DocRow]:
        return [self._docs[n] for n in nums if n in self._docs]

    def live_nums(self) -> np.ndarray:
        return np.fromiter(self._docs, dtype=np.int64, count=len(self._docs))

    def count_docs(self) -> int:
        return len(self._docs)

    def doc_ids(self) -> list[str]:
        return list(self._ids)

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
