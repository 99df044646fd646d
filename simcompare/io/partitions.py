"""Partitions of the input for the Dask path: planned on the client, read on the workers.

A partition is a byte range of a JSON lines file (the lines that *start* in
``[start, end)``), a run of row groups of a Parquet file, or a run of text
files (each one document) of about ``blocksize`` bytes. Partitions are
numbered in reading order: the files in the order given (a glob's matches and a
directory's files sorted, as :func:`simcompare.io.readers.read_documents` reads
them), then by position in the file. Reading every partition in number order
gives exactly the records ``read_documents`` gives, with the same line numbers,
so ids made from ``<file>:<line>`` and error messages are the same.

Planning opens no JSON lines file; only the Parquet footers and, for JSON lines
files split into more than one block, a count of the newlines of each block
(done on the workers), so that every block knows its first line number. It
notes each file's size and modification time (``Partition.stamps``).

The first reading (:func:`located_records`) notes where each record is: a JSON
line's byte offset, a text file's place in its run, a Parquet row's number;
the second (:func:`records_at`) reads only the records asked for, from there,
and refuses a file whose size or modification time changed since planning, or
whose record there is no longer the same document.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import msgspec

from ..errors import InputError, ParameterError, UnknownFormatError
from .documents import Document
from .readers import FORMATS, changed_error
from .readers._jsonl import jsonl_records, read_errors
from .readers._lines import AUTO, SNIFF, bytes_per_line, checked_encoding, decoded_lines, gzip_head, is_gzip
from .readers._parquet import parquet_records
from .readers._record import Record, Source, document_of
from .readers._txt import txt_records
from .readers._walk import format_of, sources_of

__all__ = ["Partition", "plan_partitions", "read_records", "located_records", "records_at", "DEFAULT_BLOCKSIZE",
           "UNPLACED"]

DEFAULT_BLOCKSIZE = 64 * 2**20  # ~20,000 news articles of JSON lines
_FORMATS = ("jsonl", "json", "parquet", "txt")
UNPLACED = -1  # the place of a JSON line in UTF-16/32, which is not cut into lines as bytes
# As the local reader: msgspec parses each UTF-8 line from its bytes (readers._jsonl); into a plain dict,
# the fields besides id and text being the document's meta.
_DECODE = msgspec.json.Decoder().decode


@dataclass(frozen=True)
class Partition:
    """One partition: ``number`` in reading order, the file, and the part of it."""

    number: int
    url: str  # what fsspec opens (a local path or a URL)
    shown: str  # the name in messages
    name: str  # the name in ids made from <file>:<line>
    format: str  # "jsonl", "json", "parquet" or "txt"
    start: int = 0  # JSON lines: byte range of the lines that start in it
    end: int = 0
    first_line: int = 1  # JSON lines: line number of the block's first line
    row_groups: tuple[int, ...] = ()  # Parquet
    first_row: int = 0  # Parquet: rows before the first row group
    files: tuple[tuple[str, str, str], ...] = ()  # text files: (url, shown, name) of each, in reading order
    stamps: tuple[tuple, ...] = ()  # (size, modification time) of the file, or of each text file, when planned

    def shown_of(self, doc_id: str) -> str:
        """The name in messages of the file a document of this partition comes from.

        Parameters
        ----------
        doc_id:
            The document's id (a text file's is its name).

        Returns
        -------
        str

        Raises
        ------
        Nothing.

        Examples
        --------
        >>> part = Partition(0, "d/a.txt", "d/a.txt", "a.txt", "txt", files=(("d/a.txt", "d/a.txt", "a.txt"),
        ...                                                                 ("d/b.txt", "d/b.txt", "b.txt")))
        >>> part.shown_of("b.txt"), part.shown_of("z")
        ('d/b.txt', 'd/a.txt')
        """
        return next((shown for _, shown, name in self.files if name == doc_id), self.shown)


def _is_pattern(path: str) -> bool:
    return any(c in path for c in "*?[")


def _files(path: str, format: str | None) -> list[tuple[str, str, str, str]]:
    """(url, shown, name, format) of the files one input stands for, in reading order."""
    if path == "-":
        raise InputError("standard input cannot be read on a Dask cluster; pass files or globs", path="<stdin>")
    if "://" in path:
        import fsspec

        fs, _, found = fsspec.get_fs_token_paths(path)
        urls = sorted(fs.unstrip_protocol(p) for p in found)
        if not urls:
            raise InputError("no files match", path=path)
        if not _is_pattern(path) and fs.isdir(found[0]):
            raise InputError("is a directory: give a glob of its files, e.g. DIR/*.jsonl", path=path)
    elif _is_pattern(path):
        urls = sorted(glob.glob(path, recursive=True))
        if not urls:
            raise InputError("no files match", path=path)
    else:
        if not os.path.exists(path):
            raise InputError("no such file or directory", path=path)
        return [(s.path, s.shown, s.name, s.format) for s in sources_of(path, format)]
    files = []
    for url in urls:
        fmt = format or format_of(url)
        if fmt is None:
            raise UnknownFormatError("cannot tell the format from the extension: expected .jsonl, .ndjson, .json "
                                     "(also gzip-compressed: .jsonl.gz) or .parquet", path=url)
        if fmt == "txt" and "://" in url:
            raise InputError("the Dask path reads text files from local paths only; give their directory or "
                             "convert them to JSON lines", path=url)
        files.append((url, url, url, fmt))
    return files


def plan_partitions(inputs: Sequence[str] | str, *, client, format: str | None = None,
                    encoding: str = "utf-8", blocksize: int = DEFAULT_BLOCKSIZE) -> list[Partition]:
    """The partitions of ``inputs`` (paths, directories, globs, fsspec URLs), in reading order.

    Parameters
    ----------
    inputs:
        JSON lines, Parquet and (local) text files, directories of them, globs
        or fsspec URLs (not standard input).
    client:
        A Dask client; it counts the newlines of the blocks of a JSON lines file
        cut in several (unused when no file is).
    format:
        ``"jsonl"`` or ``"parquet"`` for every file, overriding the extension.
    encoding:
        Encoding of the JSON lines files; in UTF-16/32 they are not cut.
    blocksize:
        Bytes of JSON lines (compressed bytes of Parquet row groups, bytes of
        text files) per partition; a gzip-compressed JSON lines file is one
        partition, whatever its size.

    Returns
    -------
    list[Partition]

    Raises
    ------
    InputError
        For an input that does not exist, a glob that matches nothing, stdin,
        or a file that is not JSON lines, Parquet or text.
    ParameterError
        For a ``blocksize`` below 1 or an unknown ``format``.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "text": "one"}\\n{"id": "b", "text": "two"}\\n')
    >>> [(p.number, p.format, p.start, p.end) for p in plan_partitions([path], client=None)]
    [(0, 'jsonl', 0, 54)]
    """
    import fsspec

    if format is not None and format not in FORMATS:
        raise ParameterError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    if isinstance(blocksize, bool) or not isinstance(blocksize, int) or blocksize < 1:
        raise ParameterError(f"blocksize must be an int >= 1 (bytes), got {blocksize!r}")
    encoding = checked_encoding(encoding)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    files = [f for path in inputs for f in _files(os.fsdecode(path), format)]
    if not files:
        raise InputError("no input files given")
    # Splitting on the byte 0x0A needs an encoding where it is always a newline.
    splittable = bytes_per_line(encoding)
    plan: list[dict] = []
    split: list[list[dict]] = []  # the blocks of each JSON lines file cut in several
    texts: list[tuple[tuple[str, str, str], tuple]] = []  # text files not yet in a partition, with their stamps
    for url, shown, name, fmt in files:
        if fmt not in _FORMATS:
            raise InputError(f"the Dask path reads JSON lines, Parquet and text files; got a {fmt} file "
                             "(convert it, or run without --dask)", path=shown)
        fs, path = fsspec.core.url_to_fs(url)
        if fmt != "txt":
            plan.extend(_text_parts(texts, blocksize))
            texts = []
        stamp = _stamp(fs, path, url, shown)
        if fmt == "txt":
            texts.append(((url, shown, name), stamp))
        elif fmt == "parquet":
            plan.extend(_parquet_parts(fs, path, shown, blocksize,
                                       dict(url=url, shown=shown, name=name, format=fmt, stamps=(stamp,))))
        else:
            size = stamp[0]
            # A gzip stream cannot be entered in the middle: one partition, whatever its size.
            step = blocksize if splittable and not is_gzip(url) else max(size, 1)
            base = dict(url=url, shown=shown, name=name, format=fmt, stamps=(stamp,))
            blocks = [dict(base, start=s, end=min(s + step, size)) for s in range(0, max(size, 1), step)]
            if len(blocks) > 1:
                split.append(blocks)
            plan.extend(blocks)
    plan.extend(_text_parts(texts, blocksize))
    _number_lines(split, client)
    return [Partition(number=k, **part) for k, part in enumerate(plan)]


def _stamp(fs, path: str, url: str, shown: str) -> tuple:
    """(size, modification time) of a file: a local file's in nanoseconds, else what fsspec says (or None)."""
    try:
        if "://" not in url:
            st = os.stat(url)
            return st.st_size, st.st_mtime_ns
        info = fs.info(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None
    return int(info.get("size") or 0), next((info[k] for k in ("mtime", "LastModified", "last_modified", "updated")
                                              if info.get(k) is not None), None)


def _text_parts(texts: list[tuple[tuple[str, str, str], tuple]], blocksize: int) -> Iterator[dict]:
    """Runs of consecutive text files of about ``blocksize`` bytes (each file one document)."""
    run: list[tuple[str, str, str]] = []
    stamps: list[tuple] = []
    size = 0
    for k, (file, stamp) in enumerate(texts):
        run.append(file)
        stamps.append(stamp)
        size += stamp[0]
        if size >= blocksize or k == len(texts) - 1:
            first = run[0]
            yield dict(url=first[0], shown=first[1] if len(run) == 1 else f"{first[1]} (and {len(run) - 1} more)",
                       name=first[2], format="txt", files=tuple(run), stamps=tuple(stamps))
            run, stamps, size = [], [], 0


def _parquet_parts(fs, path: str, shown: str, blocksize: int, base: dict) -> Iterator[dict]:
    """Runs of consecutive row groups of about ``blocksize`` compressed bytes."""
    import pyarrow
    import pyarrow.parquet

    try:
        with fs.open(path, "rb") as fh:
            meta = pyarrow.parquet.ParquetFile(fh).metadata
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", path=shown) from None
    groups: list[int] = []
    size = rows = first_row = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        groups.append(g)
        size += group.total_compressed_size if hasattr(group, "total_compressed_size") else group.total_byte_size
        rows += group.num_rows
        if size >= blocksize or g == meta.num_row_groups - 1:
            yield dict(base, row_groups=tuple(groups), first_row=first_row)
            first_row += rows
            groups, size, rows = [], 0, 0
    if meta.num_row_groups == 0:
        yield dict(base, row_groups=(), first_row=0)


def _number_lines(files: list[list[dict]], client) -> None:
    """Give every block of each JSON lines file cut in several its first line number.

    The first line starting at or after byte ``s > 0`` is line ``2 + n``, ``n``
    the newlines in ``[0, s - 1)``; each block counts those in its own share,
    ``[start - 1, end - 1)``, on a worker, and the client adds them up.
    """
    blocks = [b for blocks in files for b in blocks]
    if not blocks:
        return
    counts = iter(client.gather(client.map(
        _count_newlines, [b["url"] for b in blocks], [max(b["start"] - 1, 0) for b in blocks],
        [b["end"] - 1 for b in blocks], pure=False)))
    for blocks in files:
        newlines = 0
        for block in blocks:
            if block["start"]:
                block["first_line"] = 2 + newlines
            newlines += next(counts)


def _count_newlines(url: str, start: int, end: int) -> int:
    import fsspec

    count = 0
    with fsspec.open(url, "rb") as fh:
        fh.seek(start)
        left = end - start
        while left > 0:
            chunk = fh.read(min(left, 1 << 22))
            if not chunk:
                break
            count += chunk.count(b"\n")
            left -= len(chunk)
    return count


def read_records(part: Partition, *, id_field: str, text_field: str, encoding: str
                 ) -> Iterator[tuple[int, Record]]:
    """(line, Document or InputError) of every record of one partition, as
    :func:`simcompare.io.readers.read_documents` numbers them.

    Parameters
    ----------
    part:
        One of the partitions :func:`plan_partitions` gave.
    id_field, text_field, encoding:
        As for :func:`~simcompare.io.readers.read_documents` (a checked encoding).

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]

    Raises
    ------
    InputError
        For a file that is missing, unreadable, binary, or not readable Parquet.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "text": "one"}\\n{"text": "two"}\\n')
    >>> part = Partition(0, path, path, "wires.jsonl", "jsonl", start=0, end=os.path.getsize(path))
    >>> for line, record in read_records(part, id_field="id", text_field="text", encoding="utf-8"):
    ...     print(line, record)
    1 Document(id='a', text='one', meta={})
    2 Document(id='wires.jsonl:2', text='two', meta={})
    """
    for line, record, _ in located_records(part, id_field=id_field, text_field=text_field, encoding=encoding):
        yield line, record


def located_records(part: Partition, *, id_field: str, text_field: str, encoding: str
                    ) -> Iterator[tuple[int, Record, int]]:
    """As :func:`read_records`, each record with its place, for :func:`records_at`:
    a JSON line's byte offset in its file (:data:`UNPLACED` in UTF-16/32), a
    text file's index in ``part.files``, a Parquet row's number (its line).

    Parameters
    ----------
    part:
        One of the partitions :func:`plan_partitions` gave.
    id_field, text_field, encoding:
        As for :func:`~simcompare.io.readers.read_documents` (a checked encoding).

    Returns
    -------
    Iterator[tuple[int, Document | InputError, int]]
        ``(line, record, place)``.

    Raises
    ------
    InputError
        As :func:`read_records`.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "text": "one"}\\n\\n{"id": "b", "text": "two"}\\n')
    >>> part = Partition(0, path, path, "wires.jsonl", "jsonl", start=0, end=os.path.getsize(path))
    >>> [(line, record.id, place) for line, record, place in located_records(part, id_field="id", text_field="text",
    ...                                                                      encoding="utf-8")]
    [(1, 'a', 0), (3, 'b', 28)]
    """
    fields = (id_field, text_field)
    if part.format == "txt":
        for k, (url, shown, name) in enumerate(part.files):
            for line, record in txt_records(Source(url, shown, name, "txt"), encoding):
                yield line, record, k
        return
    source = Source(part.url, part.shown, part.name, part.format)
    with _opened(part) as fh:
        if part.format == "parquet":
            for line, record in parquet_records(source, fields, file=fh, row_groups=list(part.row_groups),
                                                first_row=part.first_row):
                yield line, record, line
            return
        splittable = bytes_per_line(encoding)
        if part.start == 0 and splittable and b"\x00" in fh.read(SNIFF):
            raise InputError(f"looks like a binary file (NUL bytes), expected {part.format.upper()} text",
                             path=part.shown)
        must_start_with_object = part.format == "json" and part.start == 0
        if not splittable:  # UTF-16/32: never split, decoded as a stream
            fh.seek(0)
            for line, record in jsonl_records(decoded_lines(fh, encoding, part.shown, first=part.first_line), source,
                                              fields, must_start_with_object=must_start_with_object):
                yield line, record, UNPLACED
            return
        utf8 = _is_utf8(encoding)
        # In a gzip file, places are offsets into the decompressed stream, read to its end.
        end = sys.maxsize if is_gzip(part.url) else part.end
        for line, (offset, data) in enumerate(_block_lines(fh, part.start, end), part.first_line):
            record = _line_record(data, line, source, fields, encoding, utf8, must_start_with_object)
            if record is not None:
                must_start_with_object = False
                yield line, record, offset


def records_at(part: Partition, wanted: Sequence[tuple[int, int, str]], *, id_field: str, text_field: str,
               encoding: str) -> list[Document]:
    """The documents of one partition at the places :func:`located_records` gave, reading only those.

    Parameters
    ----------
    part:
        The partition.
    wanted:
        ``(line, place, id)`` of each document, as the first reading found it.
    id_field, text_field, encoding:
        As for :func:`located_records`.

    Returns
    -------
    list[Document]
        In the order of ``wanted``.

    Raises
    ------
    InputError
        For a file whose size or modification time changed since planning, or
        whose record at a place is no longer the document found there.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
    >>> with open(path, "w") as f:
    ...     _ = f.write('{"id": "a", "text": "one"}\\n{"id": "b", "text": "two"}\\n')
    >>> part = plan_partitions([path], client=None)[0]
    >>> read = dict(id_field="id", text_field="text", encoding="utf-8")
    >>> records_at(part, [(2, 27, "b")], **read)
    [Document(id='b', text='two', meta={})]
    >>> with open(path, "a") as f:
    ...     _ = f.write('{"id": "c", "text": "three"}\\n')
    >>> records_at(part, [(2, 27, "b")], **read)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    simcompare.errors.InputError: ...wires.jsonl: changed since it was first read (size 54 bytes, now 83); ...
    """
    fields = (id_field, text_field)
    if part.format == "txt":
        found = []
        for line, place, doc_id in wanted:
            source = Source(*part.files[place], "txt")
            _check_stamp(part, place, source)
            found.extend(_same(record, doc_id, source, line) for _, record in txt_records(source, encoding))
        return found
    source = Source(part.url, part.shown, part.name, part.format)
    _check_stamp(part, 0, source)
    if part.format == "parquet" or any(place == UNPLACED for _, place, _ in wanted):
        at_line = _by_reading_again(part, {line for line, _, _ in wanted}, source, fields, encoding)
    else:
        at_line = _by_offset(part, wanted, source, fields, encoding)
    return [_same(at_line.get(line), doc_id, source, line) for line, _, doc_id in wanted]


def _opened(part: Partition):
    """The partition's file, opened for reading bytes (decompressed, for a gzip file)."""
    import fsspec

    try:
        if is_gzip(part.url):
            return _GzipLines(fsspec.open(part.url, "rb").open(),
                              Source(part.url, part.shown, part.name, part.format))
        # A local file opened directly: line iteration through fsspec's wrapper costs twice as much.
        return fsspec.open(part.url, "rb").open() if "://" in part.url else open(part.url, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError("no such file", path=part.shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=part.shown) from None


class _GzipLines:
    """A gzip file's decompressed bytes, read and sought as a file's, with the local reader's errors: a file
    that is not gzip is refused on opening, a stream that breaks off is an InputError naming it."""

    def __init__(self, raw, source: Source):
        self._raw, self._source = raw, source
        self._stream = gzip.GzipFile(fileobj=raw, mode="rb")
        try:
            gzip_head(self._stream, source)
        except InputError:
            raw.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self._stream.close()
        self._raw.close()

    def _call(self, method, *args):
        with read_errors(self._source):
            return method(*args)

    def read(self, size: int = -1) -> bytes:
        return self._call(self._stream.read, size)

    def readline(self) -> bytes:
        return self._call(self._stream.readline)

    def seek(self, offset: int) -> int:
        return self._call(self._stream.seek, offset)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.readline, b"")


def _is_utf8(encoding: str) -> bool:
    return encoding != AUTO and codecs.lookup(encoding).name == "utf-8"


def _line_record(data: bytes, line: int, source: Source, fields: tuple[str, str], encoding: str, utf8: bool,
                 must_start_with_object: bool) -> Record | None:
    """The record of one JSON line (None for a blank one): in UTF-8 parsed straight from its bytes; what
    msgspec refuses goes through the local reader's decoding and parsing, for the same records and errors."""
    if utf8:
        try:
            record = _DECODE(data)
        except (msgspec.DecodeError, ValueError):
            pass
        else:
            if not must_start_with_object or isinstance(record, dict):
                return document_of(record, fields, source, line)
    found = list(jsonl_records(decoded_lines([data], encoding, source.shown, line), source, fields,
                               must_start_with_object=must_start_with_object))
    return found[0][1] if found else None


def _by_offset(part: Partition, wanted: Sequence[tuple[int, int, str]], source: Source, fields: tuple[str, str],
               encoding: str) -> dict[int, Record | None]:
    """line -> the record at each place: one seek and one line each, in file order."""
    utf8 = _is_utf8(encoding)
    found: dict[int, Record | None] = {}
    with _opened(part) as fh:
        for line, place, _ in sorted(wanted, key=lambda w: w[1]):
            fh.seek(place)
            found[line] = _line_record(fh.readline(), line, source, fields, encoding, utf8,
                                       part.format == "json" and place == 0)
    return found


def _by_reading_again(part: Partition, lines: set[int], source: Source, fields: tuple[str, str], encoding: str
                      ) -> dict[int, Record]:
    """line -> record of the lines asked for: the partition read again (Parquet: only the row groups holding one)."""
    if part.format == "parquet":
        part = _row_groups_holding(part, lines, source)
    read = dict(id_field=fields[0], text_field=fields[1], encoding=encoding)
    return {line: record for line, record, _ in located_records(part, **read) if line in lines}


def _row_groups_holding(part: Partition, lines: set[int], source: Source) -> Partition:
    """``part`` cut down to its row groups that hold one of ``lines``, when they are consecutive."""
    import pyarrow
    import pyarrow.parquet

    with _opened(part) as fh:
        try:
            meta = pyarrow.parquet.ParquetFile(fh).metadata
        except (pyarrow.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file: {exc}", path=source.shown) from None
        sizes = [meta.row_group(g).num_rows for g in part.row_groups]
    starts = [part.first_row + sum(sizes[:k]) for k in range(len(sizes))]
    held = [k for k, (start, n) in enumerate(zip(starts, sizes)) if any(start < line <= start + n for line in lines)]
    if not held or held != list(range(held[0], held[-1] + 1)):
        return part
    return Partition(part.number, part.url, part.shown, part.name, part.format, first_row=starts[held[0]],
                     row_groups=part.row_groups[held[0]:held[-1] + 1], stamps=part.stamps)


def _check_stamp(part: Partition, k: int, source: Source) -> None:
    """Refuse the ``k``-th file of ``part`` if its size or modification time is not what it was when planned."""
    if k >= len(part.stamps):
        return
    then = part.stamps[k]
    import fsspec

    try:
        fs, path = fsspec.core.url_to_fs(source.path)
        now = _stamp(fs, path, source.path, source.shown)
    except InputError:
        raise changed_error(source, "it can no longer be read") from None
    if now[0] != then[0]:
        raise changed_error(source, f"size {then[0]:,} bytes, now {now[0]:,}")
    if now[1] != then[1]:
        raise changed_error(source, "modification time differs")


def _same(record: Record | None, doc_id: str, source: Source, line: int) -> Document:
    """``record``, if it is still the document ``doc_id``; else the error of a file changed since."""
    if isinstance(record, Document) and record.id == doc_id:
        return record
    got = ("nothing" if record is None else f"document {record.id!r}" if isinstance(record, Document)
           else f"a bad record ({record})")
    where = {"txt": "it", "parquet": f"row {line}"}.get(source.format, f"line {line}")
    raise changed_error(source, f"{where} held document {doc_id!r}, now {got}")


def _block_lines(fh, start: int, end: int) -> Iterator[tuple[int, bytes]]:
    """(byte offset, line with its newline) of the lines that start in ``[start, end)``."""
    if start == 0:
        fh.seek(0)
        position = 0
    else:
        fh.seek(start - 1)
        skipped = fh.readline()  # the end of the line the previous block owns
        position = start - 1 + len(skipped)
    for line in fh:
        if position >= end:
            return
        yield position, line
        position += len(line)
