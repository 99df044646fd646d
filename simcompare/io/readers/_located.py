"""Files read once in full, then only the documents asked for, by where they are."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

from ...errors import InputError
from ..documents import Document
from ._jsonl import jsonl_byte_records, jsonl_records
from ._lines import decoded_lines, open_source
from ._record import Record, Source

__all__ = ["LocatedReading", "counted_lines", "changed_error"]


def counted_lines(raw: Iterable[bytes], offsets: array) -> Iterator[bytes]:
    """The lines of ``raw``, the byte offset of each appended to ``offsets``, then that of the end.

    Parameters
    ----------
    raw:
        A binary stream (or any iterable of lines as bytes).
    offsets:
        An ``array("q")`` to append to.

    Returns
    -------
    Iterator[bytes]

    Examples
    --------
    >>> offsets = array("q")
    >>> list(counted_lines([b"ab\\n", b"c\\n"], offsets)), offsets.tolist()
    ([b'ab\\n', b'c\\n'], [0, 3, 5])
    """
    at = 0
    for data in raw:
        offsets.append(at)
        at += len(data)
        yield data
    offsets.append(at)


def changed_error(source: Source, why: str) -> InputError:
    """The error of a file that is not what it was on the first reading.

    Parameters
    ----------
    source:
        The file.
    why:
        What differs, with the value then and now.

    Returns
    -------
    InputError

    Examples
    --------
    >>> print(changed_error(Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl"), "size 10 bytes, now 12"))
    a.jsonl: changed since it was first read (size 10 bytes, now 12); expected the same file on both readings
    """
    return InputError(f"changed since it was first read ({why}); expected the same file on both readings",
                      path=source.shown)


def _stat(source: Source) -> tuple[int, int] | None:
    if source.path is None:
        return None
    try:
        st = os.stat(source.path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


class LocatedReading:
    """Where each document of one reading came from: its source, line and (JSON lines) byte span.

    Built while the records stream by (:meth:`records` per source, :meth:`add`
    per document kept), then asked for documents again (:meth:`fetch`): JSON
    lines by offset, one seek and one line each; other sources (``.txt`` files,
    CSV, Parquet, manifests) by reading again only the sources that hold a
    document asked for (for a ``.txt`` file: that file alone).
    """

    def __init__(self, fields: tuple[str, str], encoding: str,
                 records_of: Callable[[Source], Iterator[tuple[int, Record]]]):
        self.fields, self.encoding, self._records_of = fields, encoding, records_of
        self.sources: list[Source] = []
        self.stats: list[tuple[int, int] | None] = []
        self.offsets: list[array | None] = []
        self.doc_source = array("i")
        self.doc_line = array("q")

    def records(self, source: Source) -> Iterator[tuple[int, Record]]:
        """The records of ``source`` (the next one read), noting its size, time and line offsets."""
        self.sources.append(source)
        self.stats.append(_stat(source))
        if source.format != "jsonl" or source.path is None:
            self.offsets.append(None)
            yield from self._records_of(source)
            return
        offsets = array("q")
        self.offsets.append(offsets)
        with open_source(source, self.encoding) as raw:
            yield from jsonl_byte_records(counted_lines(raw, offsets), source, self.fields, self.encoding,
                                          must_start_with_object=False)

    def add(self, source_number: int, line: int) -> None:
        """Note the next document kept: from source ``source_number``, line ``line``."""
        self.doc_source.append(source_number)
        self.doc_line.append(line)

    def fetch(self, indexes: Sequence[int], ids: Sequence[str]) -> Iterator[tuple[int, Document]]:
        """``(index, Document)`` for each of ``indexes`` (ascending), checked to be the document ``ids[index]``."""
        by_source: dict[int, list[int]] = {}
        for index in indexes:
            by_source.setdefault(self.doc_source[index], []).append(int(index))
        for number, wanted in by_source.items():
            source = self.sources[number]
            now = _stat(source)
            then = self.stats[number]
            if then is None or now is None:
                raise changed_error(source, "it can no longer be read" if then else "it cannot be read twice")
            if now[0] != then[0]:
                raise changed_error(source, f"size {then[0]:,} bytes, now {now[0]:,}")
            if now[1] != then[1]:
                raise changed_error(source, "modification time differs")
            found = self._by_offset(number, wanted) if self.offsets[number] is not None else \
                self._by_rereading(number, wanted)
            for index, doc in found:
                if not isinstance(doc, Document) or doc.id != ids[index]:
                    got = f"document {doc.id!r}" if isinstance(doc, Document) else f"a bad record ({doc})"
                    raise changed_error(source, f"line {self.doc_line[index]} held document {ids[index]!r}, "
                                                f"now {got}")
                yield index, doc

    def _by_offset(self, number: int, wanted: list[int]) -> Iterator[tuple[int, Record]]:
        source, offsets = self.sources[number], self.offsets[number]
        with open(source.path, "rb") as fh:
            for index in wanted:
                line = self.doc_line[index]
                fh.seek(offsets[line - 1])
                data = fh.read(offsets[line] - offsets[line - 1])
                lines = decoded_lines([data], self.encoding, source.shown, first=line)
                records = list(jsonl_records(lines, source, self.fields, must_start_with_object=False))
                yield index, records[0][1] if records else InputError("blank line", path=source.shown, line=line)

    def _by_rereading(self, number: int, wanted: list[int]) -> Iterator[tuple[int, Record]]:
        at_line = {self.doc_line[index]: index for index in wanted}
        for line, record in self._records_of(self.sources[number]):
            index = at_line.pop(line, None)
            if index is not None:
                yield index, record
        for line, index in at_line.items():
            yield index, InputError("no record there any more", path=self.sources[number].shown, line=line)
