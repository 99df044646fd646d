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
(done on the workers), so that every block knows its first line number.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..errors import InputError, ParameterError, UnknownFormatError
from .readers import FORMATS
from .readers._jsonl import jsonl_records
from .readers._lines import SNIFF, bytes_per_line, checked_encoding, decoded_lines
from .readers._parquet import parquet_records
from .readers._record import Record, Source
from .readers._txt import txt_records
from .readers._walk import BY_EXTENSION, sources_of

__all__ = ["Partition", "plan_partitions", "read_records", "DEFAULT_BLOCKSIZE"]

DEFAULT_BLOCKSIZE = 64 * 2**20  # ~20,000 news articles of JSON lines
_FORMATS = ("jsonl", "json", "parquet", "txt")


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
        fmt = format or BY_EXTENSION.get(os.path.splitext(url)[1].lower())
        if fmt is None:
            raise UnknownFormatError("cannot tell the format from the extension: expected .jsonl, .ndjson, .json "
                                     "or .parquet", path=url)
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
        text files) per partition.

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
    texts: list[tuple[str, str, str, int]] = []  # text files not yet in a partition: (url, shown, name, size)
    for url, shown, name, fmt in files:
        if fmt not in _FORMATS:
            raise InputError(f"the Dask path reads JSON lines, Parquet and text files; got a {fmt} file "
                             "(convert it, or run without --dask)", path=shown)
        fs, path = fsspec.core.url_to_fs(url)
        if fmt != "txt":
            plan.extend(_text_parts(texts, blocksize))
            texts = []
        if fmt == "txt":
            texts.append((url, shown, name, _size(fs, path, shown)))
        elif fmt == "parquet":
            plan.extend(_parquet_parts(fs, path, shown, blocksize, dict(url=url, shown=shown, name=name, format=fmt)))
        else:
            size = _size(fs, path, shown)
            step = blocksize if splittable else max(size, 1)
            base = dict(url=url, shown=shown, name=name, format=fmt)
            blocks = [dict(base, start=s, end=min(s + step, size)) for s in range(0, max(size, 1), step)]
            if len(blocks) > 1:
                split.append(blocks)
            plan.extend(blocks)
    plan.extend(_text_parts(texts, blocksize))
    _number_lines(split, client)
    return [Partition(number=k, **part) for k, part in enumerate(plan)]


def _size(fs, path: str, shown: str) -> int:
    try:
        return fs.size(path)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=shown) from None


def _text_parts(texts: list[tuple[str, str, str, int]], blocksize: int) -> Iterator[dict]:
    """Runs of consecutive text files of about ``blocksize`` bytes (each file one document)."""
    run: list[tuple[str, str, str]] = []
    size = 0
    for k, (url, shown, name, bytes_) in enumerate(texts):
        run.append((url, shown, name))
        size += bytes_
        if size >= blocksize or k == len(texts) - 1:
            first = run[0]
            yield dict(url=first[0], shown=first[1] if len(run) == 1 else f"{first[1]} (and {len(run) - 1} more)",
                       name=first[2], format="txt", files=tuple(run))
            run, size = [], 0


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
    import fsspec

    fields = (id_field, text_field)
    if part.format == "txt":
        for url, shown, name in part.files:
            yield from txt_records(Source(url, shown, name, "txt"), encoding)
        return
    source = Source(part.url, part.shown, part.name, part.format)
    try:
        # A local file opened directly: line iteration through fsspec's wrapper costs twice as much.
        fh = fsspec.open(part.url, "rb").open() if "://" in part.url else open(part.url, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InputError("no such file", path=part.shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=part.shown) from None
    with fh:
        if part.format == "parquet":
            yield from parquet_records(source, fields, file=fh, row_groups=list(part.row_groups),
                                       first_row=part.first_row)
            return
        splittable = bytes_per_line(encoding)
        if part.start == 0 and splittable and b"\x00" in fh.read(SNIFF):
            raise InputError(f"looks like a binary file (NUL bytes), expected {part.format.upper()} text",
                             path=part.shown)
        fh.seek(0)
        raw = _block_lines(fh, part.start, part.end) if splittable else fh  # UTF-16/32: never split
        lines = decoded_lines(raw, encoding, part.shown, first=part.first_line)
        yield from jsonl_records(lines, source, fields,
                                 must_start_with_object=part.format == "json" and part.start == 0)


def _block_lines(fh, start: int, end: int) -> Iterator[bytes]:
    """The lines (bytes, with their newline) that start in ``[start, end)``."""
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
        position += len(line)
        yield line
