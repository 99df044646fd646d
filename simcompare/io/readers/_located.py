"""Files read once in full, then only the documents asked for, by where they are."""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence

import numpy as np

from ...errors import InputError
from ..documents import Document
from ._csv import csv_header, csv_records
from ._jsonl import BLOCK, jsonl_lines_records, jsonl_stream_records, read_errors
from ._lines import bytes_per_line, decoded_lines, is_gzip, open_source
from ._manifest import manifest_of
from ._parquet import parquet_records, parquet_row_groups
from ._record import DocumentBlock, Record, Source

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
    """Where each document of one reading came from: its source, line and place in the file.

    Built while the records stream by (:meth:`records` per source; the source
    number and line of each document kept appended to ``doc_source`` and
    ``doc_line``), then asked for documents again (:meth:`fetch`), reading
    only what holds them: JSON lines and CSV by the byte offset of the record's
    first line (one read per run of nearby records; a CSV record may span
    lines); Parquet by row group, only the groups holding a document asked for;
    a ``.txt`` file is read whole, and so are manifests and files in an encoding
    where a newline is not the byte 0x0A (UTF-16/32). A gzip-compressed file
    (``.jsonl.gz``) is decompressed again up to the last record asked for:
    offsets are into the decompressed stream, and nothing before a record is
    parsed, but a gzip stream can only be read from its start.
    """

    def __init__(self, fields: tuple[str, str], encoding: str,
                 records_of: Callable[[Source], Iterator[tuple[int, Record]]], *, blocks: bool = False):
        self.fields, self.encoding, self._records_of, self.blocks = fields, encoding, records_of, blocks
        self.sources: list[Source] = []
        self.stats: list[tuple[int, int] | None] = []
        self.offsets: list[list | array | np.ndarray | None] = []
        self.doc_source = array("i")
        self.doc_line = array("q")

    def records(self, source: Source) -> Iterator[tuple[int, Record | DocumentBlock]]:
        """The records of ``source`` (the next one read), noting its size, time and line offsets; with
        ``blocks``, JSON lines may come as :class:`DocumentBlock` (see :func:`jsonl_stream_records`)."""
        self.sources.append(source)
        self.stats.append(_stat(source))
        by_offset = source.path is not None and bytes_per_line(self.encoding) and (
            source.format in ("jsonl", "csv", "tsv") or source.format == "json" and (
                is_gzip(source.path) or manifest_of(source, self.encoding) is None))
        if not by_offset:
            self.offsets.append(None)
            yield from self._records_of(source)
            return
        if source.format in ("jsonl", "json"):
            blocks: list[np.ndarray] = []
            self.offsets.append(blocks)
            with open_source(source, self.encoding) as raw:
                yield from jsonl_stream_records(raw, source, self.fields, self.encoding, offsets=blocks,
                                                must_start_with_object=source.format == "json",
                                                blocks=self.blocks)
            return
        offsets = array("q")
        self.offsets.append(offsets)
        with open_source(source, self.encoding) as raw, read_errors(source):
            lines = decoded_lines(counted_lines(raw, offsets), self.encoding, source.shown)
            yield from csv_records(lines, source, self.fields, _DIALECTS[source.format])

    def fetch(self, indexes: Sequence[int], ids: Sequence[str]) -> Iterator[tuple[int, Document]]:
        """``(index, Document)`` for each of ``indexes`` (ascending), checked to be the document ``ids[index]``."""
        by_source: dict[int, list[int]] = {}
        for index in indexes:
            by_source.setdefault(self.doc_source[index], []).append(int(index))
        for number, wanted in by_source.items():
            source = self.sources[number]
            self._check_unchanged(number)
            for index, doc in self._found(number, wanted):
                if not isinstance(doc, Document) or doc.id != ids[index]:
                    got = f"document {doc.id!r}" if isinstance(doc, Document) else \
                        "a blank line" if doc is None else f"a bad record ({doc})"
                    raise changed_error(source, f"line {self.doc_line[index]} held document {ids[index]!r}, "
                                                f"now {got}")
                yield index, doc

    def _check_unchanged(self, number: int) -> None:
        source, now, then = self.sources[number], _stat(self.sources[number]), self.stats[number]
        if then is None or now is None:
            raise changed_error(source, "it can no longer be read" if then else "it cannot be read twice")
        if now[0] != then[0]:
            raise changed_error(source, f"size {then[0]:,} bytes, now {now[0]:,}")
        if now[1] != then[1]:
            raise changed_error(source, "modification time differs")

    def _found(self, number: int, wanted: list[int]) -> Iterator[tuple[int, Record | None]]:
        source, offsets = self.sources[number], self.offsets[number]
        if isinstance(offsets, list):  # JSON lines: the blocks' offsets, joined
            offsets = np.concatenate(offsets)
        if offsets is None:
            if source.format == "parquet":
                return self._by_row_group(number, wanted)
            return self._by_rereading(number, wanted)
        if source.format in ("jsonl", "json"):
            return self._jsonl_by_offset(number, wanted, offsets)
        return self._csv_by_offset(number, wanted, offsets)

    def _jsonl_by_offset(self, number: int, wanted: list[int], offsets) -> Iterator[tuple[int, Record | None]]:
        source = self.sources[number]
        lines = [self.doc_line[index] for index in wanted]
        with open_source(source, self.encoding) as fh, read_errors(source):
            for start, stop in _runs(offsets, lines):
                fh.seek(int(offsets[lines[start] - 1]))
                first = int(offsets[lines[start] - 1])
                data = fh.read(int(offsets[lines[stop - 1]]) - first)
                numbers = lines[start:stop]
                pieces = [data[int(offsets[line - 1]) - first:int(offsets[line]) - first] for line in numbers]
                found = jsonl_lines_records(pieces, numbers, source, self.fields, self.encoding)
                yield from zip(wanted[start:stop], found)

    def _csv_by_offset(self, number: int, wanted: list[int], offsets) -> Iterator[tuple[int, Record | None]]:
        source = self.sources[number]
        dialect = _DIALECTS[source.format]
        with open_source(source, self.encoding) as fh, read_errors(source):
            header = csv_header(decoded_lines(fh, self.encoding, source.shown), source, self.fields, dialect)
            for index in wanted:
                line = self.doc_line[index]
                fh.seek(offsets[line - 1])
                rows = csv_records(decoded_lines(fh, self.encoding, source.shown, first=line), source,
                                   self.fields, dialect, header=header, first=line)
                start, record = next(rows, (line, None))
                yield index, record if start == line else None

    def _by_row_group(self, number: int, wanted: list[int]) -> Iterator[tuple[int, Record | None]]:
        source = self.sources[number]
        at_row = {self.doc_line[index]: index for index in wanted}
        ends = parquet_row_groups(source)  # the rows up to the end of each row group
        groups = np.unique(np.searchsorted(ends, np.array(sorted(at_row), dtype=np.int64), side="left"))
        for group in groups[groups < len(ends)].tolist():
            first_row = int(ends[group - 1]) if group else 0
            for row, record in parquet_records(source, self.fields, row_groups=[group], first_row=first_row):
                index = at_row.pop(row, None)
                if index is not None:
                    yield index, record
        for row, index in at_row.items():
            yield index, InputError("no row there any more", path=source.shown, line=row)

    def _by_rereading(self, number: int, wanted: list[int]) -> Iterator[tuple[int, Record | None]]:
        at_line = {self.doc_line[index]: index for index in wanted}
        for line, record in self._records_of(self.sources[number]):
            index = at_line.pop(line, None)
            if index is not None:
                yield index, record
        for line, index in at_line.items():
            yield index, InputError("no record there any more", path=self.sources[number].shown, line=line)


_DIALECTS = {"csv": "excel", "tsv": "excel-tab"}


def _runs(offsets, lines: list[int]) -> Iterator[tuple[int, int]]:
    """``[start, stop)`` ranges of ``lines`` (ascending) whose records lie within :data:`BLOCK` bytes of the
    first: each read with one seek and one read (reading the records between costs less than more reads)."""
    start = 0
    while start < len(lines):
        limit = offsets[lines[start] - 1] + BLOCK
        stop = start + 1
        while stop < len(lines) and offsets[lines[stop]] <= limit:
            stop += 1
        yield start, stop
        start = stop
