"""Streaming document readers: directories of .txt files, JSON lines, CSV/TSV and Parquet.

:func:`read_documents` turns files, directories and standard input into a stream
of :class:`Document` (``id``, ``text`` and ``meta``, every other field passed
through untouched), one at a time, so a corpus of millions of articles never has
to fit in memory.

Formats
-------
Picked from the extension (case-insensitive) unless ``format=`` is given:

``.txt``
    The whole file is one document. Its id is its path: relative to the
    directory given (``business/001.txt``), or the path as given for a file.
``.jsonl``, ``.ndjson`` (``format="jsonl"``)
    One JSON object per line; blank lines are skipped. A ``.json`` file is read
    the same way, and is refused as a whole unless its first line is a JSON
    object (a JSON array or a pretty-printed object is not JSON lines).
``.csv``, ``.tsv`` (``format="csv"`` or ``"tsv"``)
    A header row naming the fields, then one row per document; quoted fields may
    span lines and have no size limit.
``.parquet`` (``format="parquet"``)
    Read in batches of rows with pyarrow (``pip install 'simcompare[parquet]'``).
``.jsonl.gz``, ``.ndjson.gz``, ``.json.gz``, ``.csv.gz``, ``.tsv.gz``
    Compressed with gzip: read decompressed, as the format before ``.gz``
    (a ``.json.gz`` file is JSON lines, never a manifest). A corrupt or
    truncated stream is an error naming the file.
Directories
    Walked recursively in sorted order. Files ending exactly in ``.txt``,
    ``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv`` or ``.parquet`` (or the text
    ones but ``.txt`` followed by ``.gz``) are read; other
    files (``README.TXT``, ``notes.json``, ...) and hidden files and directories
    (starting with ``.``) are not. ``format=`` does not apply inside directories.
``-``
    Standard input: JSON lines, or the format given by ``format=`` (not Parquet).
Manifests (``.json``, ``format="manifest"``)
    A ``.json`` file that holds one JSON object with a ``"documents"`` list (on
    one line or pretty-printed, up to 16 MB) is a manifest: each item is an
    object naming a text file in ``path`` (relative to the manifest's
    directory, or absolute); the file is one document, its id is ``id_field``
    or else the path as written, and every other field (outlet, date, title,
    ...) is its metadata. Any other ``.json`` file is JSON lines.
    ``corpus/manifest.json`` is one.

In JSON lines, CSV and Parquet the id comes from ``id_field`` (a string, or a
number or boolean written as in JSON: ``7``, ``true``); when it is missing, null
or empty the id is ``"<file>:<line>"``, with the file named as for ``.txt``
(``<stdin>:<line>`` for standard input; for Parquet, ``<line>`` is the row). The
text comes from ``text_field`` and must be a string; an empty string is a valid
document (the pipeline counts those).

Errors are :class:`~simcompare.errors.InputError` with ``path`` and ``line`` (for
Parquet, the 1-based row). A bad record (not JSON, not an object, a missing or
non-string text, a row with the wrong number of fields, bytes that are not valid
in the encoding, a duplicate id) can be skipped with ``skip_bad=True``; a problem
with a whole file (missing, unreadable, no text column, not Parquet) always
raises.

Package layout
--------------
This module is the front: :func:`read_documents`, and the pieces the Dask path
(:mod:`simcompare.io.partitions`, :mod:`simcompare.dedup.dask`) builds on:
:func:`sources_of` (the files an input stands for), :func:`records_of` (the
records of one), :func:`unique_documents` (ids checked across them). Each format
has its private module: ``_walk`` (directories), ``_txt``, ``_jsonl``, ``_csv``,
``_parquet``, ``_manifest``; ``_lines`` decodes bytes to lines, ``_record`` makes
a Document of a parsed record.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from itertools import repeat

from msgspec import UNSET

from ..._core import JsonTexts
from ...errors import InputError, ParameterError
from ..documents import Document, DocumentBatch
from ._csv import csv_records
from ._jsonl import jsonl_stream_records, read_errors
from ._lines import AUTO, checked_encoding, decoded_lines, is_gzip, open_source
from ._located import LocatedReading, changed_error
from ._manifest import MANIFEST_MAX_BYTES, manifest_of, manifest_records
from ._parquet import parquet_records
from ._record import DocumentBlock, Record, Source
from ._txt import txt_records
from ._walk import sources_of

__all__ = ["Document", "read_documents", "DocumentFiles", "FORMATS", "AUTO", "MANIFEST_MAX_BYTES",
           "Source", "Record", "sources_of", "records_of", "unique_documents", "duplicate_id_error",
           "checked_encoding", "changed_error", "DocumentBatch"]

#: Values accepted by ``format=``.
FORMATS = ("jsonl", "csv", "tsv", "parquet", "txt", "manifest")
_LINE_MASK = (1 << 40) - 1


def read_documents(
    inputs: Iterable[str | os.PathLike] | str | os.PathLike,
    *,
    id_field: str = "id",
    text_field: str = "text",
    format: str | None = None,
    encoding: str = "utf-8",
    skip_bad: bool = False,
    on_skip: Callable[[InputError], None] | None = None,
) -> Iterator[Document]:
    """Read documents from files, directories and standard input, one at a time.

    Parameters
    ----------
    inputs:
        Paths of files or directories, or ``"-"`` for standard input; a single
        path is accepted too. Files are read in the order given, directories in
        sorted order (see the module docstring for the formats).
    id_field, text_field:
        The fields holding the id and the text in JSON lines, CSV and Parquet.
    format:
        One of :data:`FORMATS` to override the extension of every file and of
        standard input; None picks by extension (standard input: JSON lines).
    encoding:
        Encoding of text, JSON lines and CSV files; a UTF-8 byte-order mark is
        dropped. ``"auto"``: UTF-8, and Windows-1252 for any file (or line) that
        is not valid UTF-8.
    skip_bad:
        Skip bad records (malformed line or row, missing or non-string text,
        bytes not valid in ``encoding``, duplicate id: the later one) instead of
        raising. Problems with whole files still raise.
    on_skip:
        Called with the :class:`InputError` of every record skipped.

    Returns
    -------
    Iterator[Document]
        A lazy stream; files are opened as it reaches them. Only one record (one
        Parquet batch) and the ids seen so far are held in memory.

    Raises
    ------
    ParameterError
        For an unknown ``format`` or ``encoding`` (raised by this call, not on
        iteration).
    InputError
        For a missing input (raised by this call), and during iteration for a
        directory with no files to read, an unreadable file, a file whose format
        cannot be told, a CSV or Parquet file without the text column, and, unless
        ``skip_bad``, every bad record; the message gives ``path:line``.

    Examples
    --------
    >>> import os, tempfile
    >>> root = tempfile.mkdtemp()
    >>> os.mkdir(os.path.join(root, "bbc"))
    >>> with open(os.path.join(root, "bbc", "001.txt"), "w", encoding="utf-8") as f:
    ...     _ = f.write("Ad sales boost Time Warner profit")
    >>> with open(os.path.join(root, "wires.jsonl"), "w", encoding="utf-8") as f:
    ...     _ = f.write('{"id": "w1", "text": "Markets fell.", "outlet": "Wire"}\\nnot json\\n')
    >>> docs = read_documents([os.path.join(root, "bbc"), os.path.join(root, "wires.jsonl")],
    ...                       skip_bad=True, on_skip=lambda error: print("skipped line", error.line))
    >>> for doc in docs:
    ...     print(doc)
    Document(id='001.txt', text='Ad sales boost Time Warner profit', meta={})
    Document(id='w1', text='Markets fell.', meta={'outlet': 'Wire'})
    skipped line 2
    """
    if format is not None and format not in FORMATS:
        raise ParameterError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    encoding = checked_encoding(encoding)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    paths = [os.fsdecode(p) for p in inputs]
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise InputError("no such file or directory", path=p)
    options = dict(id_field=id_field, text_field=text_field, encoding=encoding)
    return _read(paths, format, options, skip_bad, on_skip)


class DocumentFiles:
    """Files of documents, read in full once, then again only the documents asked for.

    Calling it streams the documents as :func:`read_documents` does, noting where
    each one is; :meth:`fetch` then reads only the documents asked for, by their
    place: in JSON lines and CSV by the byte offset of the record (one read for
    records close together), in Parquet by reading only the row groups holding
    one, in other files (a ``.txt`` file is one document; manifests) by reading
    again only the files that hold one. A gzip-compressed file is decompressed
    again from its start (offsets are into the decompressed stream; only the
    records asked for are parsed). A file whose size or modification time
    changed since, or whose record there is no longer the same document, is an
    error naming it.

    Parameters
    ----------
    inputs, id_field, text_field, format, encoding, skip_bad:
        As for :func:`read_documents`; standard input (``"-"``) cannot be read twice.
    on_skip:
        Called with the error of every record skipped on the first reading.

    Raises
    ------
    ParameterError
        As :func:`read_documents`, and for standard input.
    InputError
        As :func:`read_documents`; from :meth:`fetch`, for a file changed since.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write('{"id": "a", "text": "one"}\\n{"id": "b", "text": "two", "outlet": "Wire"}\\n')
    >>> files = DocumentFiles([path])
    >>> [doc.id for doc in files()]
    ['a', 'b']
    >>> list(files.fetch([1], ["a", "b"]))
    [(1, Document(id='b', text='two', meta={'outlet': 'Wire'}))]
    """

    def __init__(self, inputs: Iterable[str | os.PathLike] | str | os.PathLike, *, id_field: str = "id",
                 text_field: str = "text", format: str | None = None, encoding: str = "utf-8",
                 skip_bad: bool = False, on_skip: Callable[[InputError], None] | None = None):
        read_documents(inputs, format=format, encoding=encoding)  # checks the options and that the inputs exist
        paths = [os.fsdecode(p) for p in ([inputs] if isinstance(inputs, (str, os.PathLike)) else inputs)]
        if "-" in paths:
            raise ParameterError("standard input ('-') can be read only once; expected files or directories")
        self._paths, self._format, self._skip_bad, self._on_skip = paths, format, skip_bad, on_skip
        self._options = dict(id_field=id_field, text_field=text_field, encoding=checked_encoding(encoding))
        self._located: LocatedReading | None = None
        self._readings = 0

    def __call__(self) -> Iterator[Document]:
        """A new reading of every document, noting where each is (see the class)."""
        return self._reading(blocks=False)

    def batches(self, size: int) -> Iterator[DocumentBatch]:
        """A new reading of every document (as calling the DocumentFiles), in batches.

        JSON lines whose records hold only an id, the text and a date come in
        batches whose texts are left as the JSON string literals of the file
        (:class:`simcompare._core.JsonTexts`), checked to be valid UTF-8 and
        counted, but never made ``str``: the compiled signing kernels decode
        them. The documents, their order, ids and errors are those of a
        reading by calling the DocumentFiles.

        Parameters
        ----------
        size:
            Documents a batch: a batch ends at the first block of records (about
            a megabyte of the file) that reaches it, where the reader starts a new
            buffer (every 32 MB), or where the input changes from such records to
            others.

        Returns
        -------
        Iterator[DocumentBatch]

        Raises
        ------
        ParameterError
            For a size below 1.
        InputError
            As calling the DocumentFiles.

        Examples
        --------
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "wires.jsonl")
        >>> with open(path, "w", encoding="utf-8") as f:
        ...     _ = f.write('{"id": "a", "text": "caf\\u00e9"}\\n{"id": "b", "text": "two", "date": "2020-07-03"}\\n')
        >>> batch = next(DocumentFiles([path]).batches(100))
        >>> batch.ids, batch.texts[0], batch.lengths.tolist(), batch.metas
        (['a', 'b'], 'café', [4, 3], {1: {'date': '2020-07-03'}})
        """
        if size < 1:
            raise ParameterError(f"expected a batch size of at least 1; got {size}")
        return _batches(self._reading(blocks=True), size)

    def size(self) -> int:
        """The bytes of every file to read (as they are on disk: compressed ones compressed).

        Returns
        -------
        int

        Raises
        ------
        InputError
            As calling the DocumentFiles, for an input that cannot be walked.
        """
        sources = (s for path in self._paths for s in sources_of(path, self._format))
        return sum(os.path.getsize(s.path) for s in sources if s.path is not None)

    def _reading(self, *, blocks: bool) -> Iterator[Document | DocumentBlock]:
        self._readings += 1
        located = LocatedReading((self._options["id_field"], self._options["text_field"]),
                                 self._options["encoding"], partial(records_of, **self._options), blocks=blocks)
        self._located = located
        sources = (s for path in self._paths for s in sources_of(path, self._format))
        streams = ((s.shown, located.records(s)) for s in sources)
        return _unique(streams, self._skip_bad, self._on_skip if self._readings == 1 else None,
                       (located.doc_source, located.doc_line))

    def fetch(self, indexes: Sequence[int], ids: Sequence[str]) -> Iterator[tuple[int, Document]]:
        """``(index, Document)`` for each of ``indexes`` (positions in the last reading, ascending).

        Parameters
        ----------
        indexes:
            Ascending positions of documents in the last reading.
        ids:
            The id of every document of the last reading, to check that each
            place still holds the same document.

        Returns
        -------
        Iterator[tuple[int, Document]]
            Source by source, in reading order within each.

        Raises
        ------
        ParameterError
            Before any reading.
        InputError
            For a file whose size or modification time changed since the reading,
            or whose record at a document's place no longer is that document.
        """
        if self._located is None:
            raise ParameterError("nothing read yet: expected a reading (call the DocumentFiles) before fetch")
        return self._located.fetch(indexes, ids)


def _batches(items: Iterator[Document | DocumentBlock], size: int) -> Iterator[DocumentBatch]:
    """The documents and blocks of ``items`` in batches of ``size`` documents (a block more at most; the last
    may be smaller), each of Documents only or of blocks of one reader's buffer only (its texts one
    JsonTexts over that buffer)."""
    documents: list[Document] = []
    blocks: list[DocumentBlock] = []
    held = 0
    for item in items:
        if item.__class__ is DocumentBlock:
            if documents:
                yield DocumentBatch.of(documents)
                documents = []
            if blocks and not item.texts.shares_bytes(blocks[-1].texts):
                yield _joined(blocks)  # the reader's next buffer: batches are joined without a copy
                blocks, held = [], 0
            blocks.append(item)
            held += len(item.ids)
            if held >= size:
                yield _joined(blocks)
                blocks, held = [], 0
        else:
            if blocks:
                yield _joined(blocks)
                blocks, held = [], 0
            documents.append(item)
            if len(documents) >= size:
                yield DocumentBatch.of(documents)
                documents = []
    if blocks:
        yield _joined(blocks)
    if documents:
        yield DocumentBatch.of(documents)


def _joined(blocks: list[DocumentBlock]) -> DocumentBatch:
    if len(blocks) == 1:
        return blocks[0].batch()
    dates = None
    if any(b.dates is not None for b in blocks):
        dates = [d for b in blocks for d in (b.dates or repeat(UNSET, len(b.ids)))]
    return DocumentBlock([i for b in blocks for i in b.ids], JsonTexts.joined([b.texts for b in blocks]),
                         dates).batch()


def _read(paths, format, options, skip_bad, on_skip) -> Iterator[Document]:
    sources = (source for path in paths for source in sources_of(path, format))
    return unique_documents(((s.shown, records_of(s, **options)) for s in sources), skip_bad, on_skip)


def unique_documents(streams: Iterable[tuple[str, Iterable[tuple[int, Record]]]], skip_bad: bool,
                     on_skip: Callable[[InputError], None] | None) -> Iterator[Document]:
    """The documents of ``streams``, each bad record and each repeated id raised, or skipped and reported.

    Parameters
    ----------
    streams:
        ``(name, records)`` per source, in reading order: the name in messages,
        and ``(line, Document or InputError)`` as :func:`records_of` gives them.
    skip_bad:
        Skip bad records and repeated ids (the later one) instead of raising.
    on_skip:
        Called with the error of every record skipped.

    Returns
    -------
    Iterator[Document]

    Raises
    ------
    InputError
        Unless ``skip_bad``, for the first bad record or repeated id.

    Examples
    --------
    >>> a, b = Document("x", "one"), Document("x", "two")
    >>> docs = unique_documents([("a.jsonl", [(1, a)]), ("b.jsonl", [(4, b)])], True, print)
    >>> list(docs)
    b.jsonl:4: duplicate id 'x'; first at a.jsonl:1
    [Document(id='x', text='one', meta={})]
    """
    return _unique(streams, skip_bad, on_skip, None)


def _unique(streams: Iterable[tuple[str, Iterable[tuple[int, Record]]]], skip_bad: bool,
            on_skip: Callable[[InputError], None] | None, noted: tuple[array, array] | None) -> Iterator[Document]:
    """As :func:`unique_documents`; with ``noted``, the number of each document's stream and its line are
    appended to its two arrays."""
    # Where each id was first seen, packed in one int (source << 40 | line): a few
    # dozen bytes an id beside the id itself, so millions of ids fit.
    first_seen: dict[str, int] = {}
    seen = first_seen.setdefault
    shown: list[str] = []  # source number -> its name in messages
    for name, records in streams:
        shown.append(name)
        number = len(shown) - 1
        if noted is not None:
            note_source, note_line = noted[0].append, noted[1].append
        for line, item in records:
            if item.__class__ is DocumentBlock:
                ids = item.ids
                here = number << 40 | line
                places = dict(zip(ids, range(here, here + len(ids))))
                if len(places) == len(ids) and first_seen.keys().isdisjoint(places):
                    first_seen.update(places)
                    if noted is not None:
                        noted[0].extend(repeat(number, len(ids)))
                        noted[1].extend(range(line, line + len(ids)))
                    yield item
                    continue
                # A repeated id: the block's documents one by one, as any others.
                found = zip(range(line, line + len(ids)), item.documents())
            else:
                found = ((line, item),)
            for line, item in found:
                if isinstance(item, Document):
                    here = number << 40 | line
                    first = seen(item.id, here)
                    if first == here:
                        if noted is not None:
                            note_source(number)
                            note_line(line)
                        yield item
                        continue
                    item = duplicate_id_error(item.id, shown[first >> 40], first & _LINE_MASK, name, line)
                if not skip_bad:
                    raise item
                if on_skip is not None:
                    on_skip(item)


def duplicate_id_error(doc_id: str, first_shown: str, first_line: int, shown: str, line: int) -> InputError:
    """The error of a document whose id an earlier one (``first_shown:first_line``) has.

    Parameters
    ----------
    doc_id:
        The repeated id.
    first_shown, first_line:
        Where it was first seen (line 0: a whole text file).
    shown, line:
        Where it is seen again.

    Returns
    -------
    InputError

    Examples
    --------
    >>> print(duplicate_id_error("x", "a.txt", 0, "b.jsonl", 3))
    b.jsonl:3: duplicate id 'x'; first at a.txt
    """
    where = first_shown + (f":{first_line}" if first_line else "")
    return InputError(f"duplicate id {doc_id!r}; first at {where}", path=shown, line=line or None)


def records_of(source: Source, *, id_field: str, text_field: str, encoding: str) -> Iterator[tuple[int, Record]]:
    """(line, Document or the InputError of a bad record) for every record of one source.

    Parameters
    ----------
    source:
        One of the sources :func:`sources_of` gives.
    id_field, text_field:
        As for :func:`read_documents`.
    encoding:
        A checked encoding (:func:`checked_encoding`).

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]
        Ids are not checked for repeats (:func:`unique_documents` does that).

    Raises
    ------
    InputError
        For a problem with the whole source (missing, unreadable, binary, no text column).

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.csv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("id,text\\na,one\\nb\\n")
    >>> for line, record in records_of(next(sources_of(path, None)), id_field="id", text_field="text",
    ...                                encoding="utf-8"):
    ...     print(line, type(record).__name__)
    2 Document
    3 InputError
    """
    fields = (id_field, text_field)
    if source.format == "txt":
        yield from txt_records(source, encoding)
    elif (source.format in ("json", "manifest") and not is_gzip(source.path)
          and (manifest := manifest_of(source, encoding)) is not None):
        yield from manifest_records(manifest, source, fields, encoding)
    elif source.format == "parquet":
        yield from parquet_records(source, fields)
    else:
        with open_source(source, encoding) as raw, read_errors(source):
            if source.format == "csv":
                yield from csv_records(decoded_lines(raw, encoding, source.shown), source, fields, "excel")
            elif source.format == "tsv":
                yield from csv_records(decoded_lines(raw, encoding, source.shown), source, fields, "excel-tab")
            else:
                yield from jsonl_stream_records(raw, source, fields, encoding,
                                                must_start_with_object=source.format == "json")
