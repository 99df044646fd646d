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
Directories
    Walked recursively in sorted order. Files ending exactly in ``.txt``,
    ``.jsonl``, ``.ndjson``, ``.csv``, ``.tsv`` or ``.parquet`` are read; other
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
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple, Union

from ._file import read_text
from ..errors import InputError, ParameterError

__all__ = ["Document", "read_documents", "FORMATS"]

#: Values accepted by ``format=``.
FORMATS = ("jsonl", "csv", "tsv", "parquet", "txt", "manifest")
# UTF-8, falling back to Windows-1252 for any file or line that is not valid UTF-8.
AUTO = "auto"

# Extension -> format for files named on the command line ("json" is JSON lines, checked on line 1).
_BY_EXTENSION = {
    ".txt": "txt",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": "parquet",
}
# Extensions read inside directories: exact, lower-case; no ".json" (often a metadata file).
_IN_DIRECTORIES = {".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".parquet"}
_PARQUET_BATCH_ROWS = 1024  # news bodies run to tens of KB: keep a batch to a few MB
_SNIFF = 8192
# A .json file up to this size is parsed whole to see whether it is a manifest.
MANIFEST_MAX_BYTES = 16 << 20
_STDIN = "<stdin>"
_LINE_MASK = (1 << 40) - 1
_Record = Union["Document", InputError]  # a record read, or what is wrong with it


@dataclass(frozen=True, slots=True)
class Document:
    """One document to compare.

    Attributes
    ----------
    id:
        Unique within one :func:`read_documents` call.
    text:
        The text, exactly as read (possibly empty).
    meta:
        Every other field of the record (outlet, date, url, title, ...), untouched;
        empty for ``.txt`` files. Not part of the hash.
    """

    id: str
    text: str
    meta: dict = field(default_factory=dict, hash=False)


class _Source(NamedTuple):
    """One file (or stdin) to read: where it is, how to name it, its format."""

    path: str | None  # file system path; None for standard input
    shown: str  # the name used in error messages
    name: str  # the name used in ids: path relative to the directory given, or as given
    format: str


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
    >>> docs = read_documents(["bbc/", "wires.jsonl"], skip_bad=True, on_skip=print)
    >>> next(docs)
    Document(id='business/001.txt', text='Ad sales boost Time Warner profit\\n\\n...', meta={})
    """
    if format is not None and format not in FORMATS:
        raise ParameterError(f"unknown format {format!r}: expected one of {', '.join(FORMATS)}")
    encoding = _checked_encoding(encoding)
    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    paths = [os.fsdecode(p) for p in inputs]
    for p in paths:
        if p != "-" and not os.path.exists(p):
            raise InputError("no such file or directory", path=p)
    options = dict(id_field=id_field, text_field=text_field, encoding=encoding)
    return _read(paths, format, options, skip_bad, on_skip)


def _checked_encoding(encoding: str) -> str:
    try:
        if encoding != AUTO and codecs.lookup(encoding).name == "utf-8-sig":
            return "utf-8"  # a byte-order mark is dropped anyway
    except LookupError:
        raise ParameterError(f"unknown encoding {encoding!r}") from None
    return encoding


def _read(paths, format, options, skip_bad, on_skip) -> Iterator[Document]:
    sources = (source for path in paths for source in _sources(path, format))
    return _unique_documents(((s.shown, _records(s, **options)) for s in sources), skip_bad, on_skip)


def _unique_documents(streams, skip_bad, on_skip) -> Iterator[Document]:
    """The documents of ``streams`` (``(name, records)`` per source, in order),
    each bad record and each repeated id raised, or skipped and reported."""
    # Where each id was first seen, packed in one int (source << 40 | line): a few
    # dozen bytes an id beside the id itself, so millions of ids fit.
    first_seen: dict[str, int] = {}
    shown: list[str] = []  # source number -> its name in messages
    for name, records in streams:
        shown.append(name)
        for line, item in records:
            if isinstance(item, Document):
                here = (len(shown) - 1) << 40 | line
                first = first_seen.setdefault(item.id, here)
                if first == here:
                    yield item
                    continue
                item = duplicate_id_error(item.id, shown[first >> 40], first & _LINE_MASK, name, line)
            if not skip_bad:
                raise item
            if on_skip is not None:
                on_skip(item)


def duplicate_id_error(doc_id: str, first_shown: str, first_line: int, shown: str, line: int) -> InputError:
    """The error of a document whose id an earlier one (``first_shown:first_line``) has."""
    where = first_shown + (f":{first_line}" if first_line else "")
    return InputError(f"duplicate id {doc_id!r}; first at {where}", path=shown, line=line or None)


def _sources(path: str, format: str | None) -> Iterator[_Source]:
    """The files to read for one input, in order."""
    if path == "-":
        if format == "parquet":
            raise InputError("cannot read Parquet from standard input; pass the file", path=_STDIN)
        yield _Source(None, _STDIN, _STDIN, format or "jsonl")
    elif os.path.isdir(path):
        found = False
        for rel in _walk(path, "", set()):
            found = True
            full = os.path.join(path, rel)
            fmt = _BY_EXTENSION[os.path.splitext(rel)[1]]
            yield _Source(full, full, rel.replace(os.sep, "/"), fmt)
        if not found:
            raise InputError(
                "no .txt, .jsonl, .csv or .parquet files (nor .ndjson or .tsv); "
                "hidden files and directories are skipped",
                path=path,
            )
    else:
        fmt = format or _BY_EXTENSION.get(os.path.splitext(path)[1].lower())
        if fmt is None:
            raise InputError(
                "cannot tell the format from the extension: expected .txt, .jsonl, .ndjson, .json, "
                ".csv, .tsv or .parquet; pass --format",
                path=path,
            )
        yield _Source(path, path, path.replace(os.sep, "/"), fmt)


def _walk(root: str, rel: str, visited: set) -> Iterator[str]:
    """Paths relative to ``root`` of the files to read under ``root/rel``, sorted."""
    here = os.path.join(root, rel)
    try:
        st = os.stat(here)
        if (st.st_dev, st.st_ino) in visited:  # a symbolic link back up the tree
            return
        visited.add((st.st_dev, st.st_ino))
        with os.scandir(here) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        raise InputError(f"cannot list directory: {exc.strerror or exc}", path=here) from None
    for entry in entries:
        if entry.name.startswith("."):
            continue
        child = os.path.join(rel, entry.name)
        if entry.is_dir():
            yield from _walk(root, child, visited)
        elif os.path.splitext(entry.name)[1] in _IN_DIRECTORIES and entry.is_file():
            yield child


def _records(source: _Source, *, id_field, text_field, encoding) -> Iterator[tuple[int, _Record]]:
    """(line, Document or the InputError of a bad record) for every record of one source."""
    fields = (id_field, text_field)
    if source.format == "txt":
        yield from _txt(source, encoding)
    elif source.format in ("json", "manifest") and (manifest := _manifest_of(source, encoding)) is not None:
        yield from _manifest(manifest, source, fields, encoding)
    elif source.format == "parquet":
        yield from _parquet(source, fields)
    else:
        with _open(source, encoding) as raw:
            lines = _decoded_lines(raw, encoding, source.shown)
            if source.format == "csv":
                yield from _csv(lines, source, fields, "excel")
            elif source.format == "tsv":
                yield from _csv(lines, source, fields, "excel-tab")
            else:
                yield from _jsonl(lines, source, fields, must_start_with_object=source.format == "json")


def _open(source: _Source, encoding: str):
    if source.path is None:
        return contextlib.nullcontext(sys.stdin.buffer)  # left open
    try:
        raw = open(source.path, "rb")  # noqa: SIM115 - closed by the caller's with
    except FileNotFoundError:
        raise InputError("no such file", path=source.shown) from None
    except PermissionError:
        raise InputError("permission denied", path=source.shown) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=source.shown) from None
    # No text has NUL bytes, unless in UTF-16/32: refuse a binary file before its first line.
    if _bytes_per_line(encoding) and b"\x00" in raw.peek(_SNIFF)[:_SNIFF]:
        raw.close()
        raise InputError(
            f"looks like a binary file (NUL bytes), expected {source.format.upper()} text", path=source.shown
        )
    return raw


def _bytes_per_line(encoding: str) -> bool:
    """True when lines can be split on the byte 0x0A before decoding (UTF-8, Latin-1, ...)."""
    return encoding == AUTO or "\n".encode(encoding) == b"\n"


def _decoded_lines(raw, encoding: str, shown: str, first: int = 1) -> Iterator[tuple[int, str, InputError | None]]:
    """(line number, text, decoding error or None) for every line of a binary stream
    whose first line is line ``first`` of its file (a block of a file split for Dask).

    Lines keep their line ending (what ``csv`` wants). In an encoding where
    ``\\n`` is the byte 0x0A (UTF-8, Latin-1, ...), a line with invalid bytes is
    decoded with replacement characters and comes with its error, so the reader
    can skip that record and go on; in UTF-16/32 the first invalid byte raises.
    """
    if encoding == AUTO:
        for number, data in enumerate(raw, first):
            try:
                yield number, data.decode("utf-8-sig" if number == 1 else "utf-8"), None
            except UnicodeDecodeError:
                yield number, data.decode("cp1252", errors="replace"), None
        return
    name = codecs.lookup(encoding).name
    if _bytes_per_line(encoding):
        on_line_1 = "utf-8-sig" if name == "utf-8" else encoding
        for number, data in enumerate(raw, first):
            try:
                yield number, data.decode(on_line_1 if number == 1 else encoding), None
            except UnicodeDecodeError as exc:
                error = InputError(
                    f"not valid {name} at byte {exc.start} of the line "
                    f"({data[exc.start:exc.start + 4]!r}); pass the right encoding, e.g. --encoding latin-1",
                    path=shown,
                    line=number,
                )
                yield number, data.decode(encoding, errors="replace"), error
        return
    text = io.TextIOWrapper(raw, encoding=encoding, newline="")
    number = 0
    try:
        for number, line in enumerate(text, 1):
            yield number, line, None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {name} ({exc.reason}); pass the right encoding, e.g. --encoding utf-8",
            path=shown,
            line=number + 1,
        ) from None
    finally:
        text.detach()


def _txt(source: _Source, encoding: str) -> Iterator[tuple[int, _Record]]:
    try:
        text = read_text(source.path if source.path is not None else "-", encoding=encoding)
    except InputError as exc:
        # A file that is there and readable but binary or in another encoding is a bad
        # record; a file that vanished or cannot be opened is not.
        path = source.path
        if path is not None and not (os.path.isfile(path) and os.access(path, os.R_OK)):
            raise
        yield 0, exc
        return
    yield 0, Document(source.name, text, {})


def _manifest_of(source: _Source, encoding: str) -> dict | None:
    """The parsed manifest in ``source``, or None when it is not one (then it is JSON lines).

    With ``format="manifest"`` (and for a file too large to be one) anything but
    a manifest raises.
    """
    forced = source.format == "manifest"
    if source.path is None or (not forced and os.path.getsize(source.path) > MANIFEST_MAX_BYTES):
        if forced:
            raise InputError("a manifest must be a file", path=source.shown)
        return None
    text = read_text(source.path, encoding=encoding)
    try:
        manifest = json.loads(text)
    except json.JSONDecodeError as exc:
        if forced:
            raise InputError(f"not a manifest: invalid JSON ({exc.msg} at line {exc.lineno})",
                             path=source.shown, line=exc.lineno) from None
        return None
    if isinstance(manifest, dict) and "documents" in manifest:
        if not isinstance(manifest["documents"], list):
            raise InputError(f"expected \"documents\" to be a list of objects, got a JSON "
                             f"{_json_type(manifest['documents'])}", path=source.shown)
        return {"documents": manifest["documents"], "lines": _item_lines(text)}
    if forced:
        raise InputError(f"expected a manifest: a JSON object with a \"documents\" list; got a JSON "
                         f"{_json_type(manifest)}" + (" without \"documents\"" if isinstance(manifest, dict) else ""),
                         path=source.shown)
    return None


def _item_lines(text: str) -> list[int]:
    """The 1-based line on which each item of the top-level ``"documents"`` list
    starts, in a text that is valid JSON (the last ``"documents"`` wins, as in
    ``json.loads``)."""
    decoder = json.JSONDecoder()
    space = re.compile(r"[ \t\n\r]*")

    def skip(i: int) -> int:
        return space.match(text, i).end()

    lines: list[int] = []
    i = skip(text.index("{") + 1)
    while text[i] != "}":
        key, i = decoder.raw_decode(text, i)
        i = skip(skip(i) + 1)  # the colon
        if key == "documents":
            lines, i = [], skip(i + 1)
            while text[i] != "]":
                lines.append(text.count("\n", 0, i) + 1)
                _, i = decoder.raw_decode(text, i)
                i = skip(i)
                i = skip(i + 1) if text[i] == "," else i
            i += 1
        else:
            _, i = decoder.raw_decode(text, i)
        i = skip(i)
        i = skip(i + 1) if text[i] == "," else i
    return lines


def _manifest(manifest: dict, source: _Source, fields, encoding: str) -> Iterator[tuple[int, _Record]]:
    """One document per item of a manifest's ``documents``: the file its ``path`` names."""
    id_field, _ = fields
    base = os.path.dirname(source.path)
    for index, (item, line) in enumerate(zip(manifest["documents"], manifest["lines"])):
        where = f"documents[{index}]"

        def bad(message: str) -> InputError:
            return InputError(f"{where}: {message}", path=source.shown, line=line)

        if not isinstance(item, dict):
            yield line, bad(f"expected an object with a string field 'path'; got a JSON {_json_type(item)}")
            continue
        rel = item.get("path")
        if not isinstance(rel, str) or not rel.strip():
            got = "no 'path'" if "path" not in item else f"'path' = {json.dumps(rel)}"
            yield line, bad(f"expected a string field 'path' naming a text file; got {got}")
            continue
        full = os.path.join(base, rel)
        try:
            text = read_text(full, encoding=encoding)
        except InputError as exc:  # the message names the file; say which item pointed there
            yield line, bad(str(exc))
            continue
        raw_id = item.get(id_field)
        if isinstance(raw_id, (dict, list)):
            yield line, bad(f"expected {id_field!r} to be a string or a number; got a JSON {_json_type(raw_id)}")
            continue
        doc_id = rel if raw_id is None or raw_id == "" else raw_id if isinstance(raw_id, str) else json.dumps(raw_id)
        yield line, Document(doc_id, text, {k: v for k, v in item.items() if k not in (id_field, "path")})


def _jsonl(lines, source: _Source, fields, *, must_start_with_object: bool):
    first = True
    for number, line, error in lines:
        if error is not None:
            yield number, error
            first = False
            continue
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            record = exc
        if first and must_start_with_object and not isinstance(record, dict):
            got = f"a JSON {_json_type(record)}"
            if isinstance(record, json.JSONDecodeError):
                got = "invalid JSON"
            raise InputError(
                f"expected JSON lines (one JSON object per line); got {got} on line 1. "
                "A .json file holding one array or one pretty-printed object cannot be streamed "
                "(unless it is a manifest: an object with a \"documents\" list): "
                "convert it with  jq -c '.[]' FILE > FILE.jsonl",
                path=source.shown,
                line=number,
            )
        first = False
        if isinstance(record, json.JSONDecodeError):
            snippet = line.strip()
            snippet = snippet[:40] + ("..." if len(snippet) > 40 else "")
            got = f"got invalid JSON ({record.msg} at column {record.colno}): {snippet!r}"
            yield number, InputError(f"{_expected(fields, source)}; {got}", path=source.shown, line=number)
            continue
        yield number, _document(record, fields, source, number)


def _csv(lines, source: _Source, fields, dialect: str):
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # news bodies exceed the default 128 KB
    bad: dict[int, InputError] = {}  # undecodable lines, until the row holding them is read

    def texts():
        for number, line, error in lines:
            if error is not None:
                bad[number] = error
            yield line

    reader = csv.reader(texts(), dialect)
    header: list[str] = []
    try:
        while not header:
            header = next(reader)
    except StopIteration:
        raise InputError("empty file, expected a header row naming the fields", path=source.shown) from None
    except csv.Error as exc:
        raise InputError(f"malformed header row: {exc}", path=source.shown, line=reader.line_num) from None
    if bad:
        raise min(bad.items())[1]
    _, text_field = fields
    if text_field not in header:
        raise InputError(
            f"no column {text_field!r} in the header; got {_names(header)} (name the text field, "
            "e.g. --text-field body)",
            path=source.shown,
            line=reader.line_num,
        )
    twice = sorted({h for h in header if header.count(h) > 1})
    if twice:
        raise InputError(
            f"column {twice[0]!r} appears twice in the header", path=source.shown, line=reader.line_num
        )
    end = reader.line_num
    while True:
        start = end + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            end = reader.line_num
            why = str(exc)
            if why.startswith("new-line character seen in unquoted field"):
                why = "a carriage return inside an unquoted field (quote the field)"
            yield start, InputError(f"malformed row: {why}", path=source.shown, line=start)
            continue
        end = reader.line_num
        errors = [bad.pop(n) for n in range(start, end + 1) if n in bad]
        if not row:  # a blank line
            continue
        if errors:
            yield start, errors[0]
        elif len(row) != len(header):
            got = f"expected {len(header)} fields as in the header, got {len(row)}"
            yield start, InputError(got, path=source.shown, line=start)
        else:
            yield start, _document(dict(zip(header, row)), fields, source, start)


def _parquet(source: _Source, fields, *, file=None, row_groups=None, first_row: int = 0):
    """Records of a Parquet file, or (Dask partitions) of the ``row_groups`` of an
    open ``file`` whose first row is row ``first_row + 1`` of the file."""
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise InputError(
            "reading Parquet needs pyarrow: pip install 'simcompare[parquet]'", path=source.shown
        ) from None
    _, text_field = fields
    try:
        parquet = pyarrow.parquet.ParquetFile(source.path if file is None else file)
        schema = parquet.schema_arrow
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"not a readable Parquet file: {exc}", path=source.shown) from None
    if text_field not in schema.names:
        raise InputError(
            f"no column {text_field!r}; got {_names(schema.names)} "
            "(name the text field, e.g. --text-field body)",
            path=source.shown,
        )
    kind = schema.field(text_field).type
    pa_types = pyarrow.types
    if pa_types.is_dictionary(kind):
        kind = kind.value_type
    if not (pa_types.is_string(kind) or pa_types.is_large_string(kind) or str(kind) == "string_view"):
        raise InputError(f"column {text_field!r} must hold strings; got {kind}", path=source.shown)
    row = first_row
    try:
        with contextlib.closing(parquet):
            for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=schema.names,
                                              row_groups=row_groups):
                for record in batch.to_pylist():
                    row += 1
                    yield row, _document(record, fields, source, row)
    except (pyarrow.ArrowException, OSError) as exc:
        raise InputError(f"cannot read past row {row}: {exc}", path=source.shown) from None


def _document(record, fields, source: _Source, line: int) -> _Record:
    """The Document of one parsed record, or the InputError saying what is wrong with it."""
    id_field, text_field = fields

    def bad(got: str) -> InputError:
        return InputError(f"{_expected(fields, source)}; got {got}", path=source.shown, line=line)

    if not isinstance(record, dict):
        return bad(f"a JSON {_json_type(record)}")
    if text_field not in record:
        return bad(f"an object without it (fields: {_names(record) or 'none'})")
    text = record[text_field]
    if not isinstance(text, str):
        return bad(f"{text_field!r} = {_json_type(text)}")
    raw_id = record.get(id_field)
    if raw_id is None or raw_id == "":
        doc_id = f"{source.name}:{line}"
    elif isinstance(raw_id, str):
        doc_id = raw_id
    elif isinstance(raw_id, (bool, int, float)):
        doc_id = json.dumps(raw_id)  # 7 -> "7", True -> "true", as written in the file
    elif isinstance(raw_id, (dict, list, tuple)):
        return InputError(
            f"expected {id_field!r} to be a string or a number; got a JSON {_json_type(raw_id)}",
            path=source.shown,
            line=line,
        )
    else:  # Parquet scalars such as dates and decimals
        doc_id = str(raw_id)
    meta = {k: v for k, v in record.items() if k != id_field and k != text_field}
    return Document(doc_id, text, meta)


def _names(names) -> str:
    names = list(names)
    return ", ".join(repr(n) for n in names[:10]) + (", ..." if len(names) > 10 else "")


def _expected(fields, source: _Source) -> str:
    if source.format in ("jsonl", "json"):
        return f"expected a JSON object with a string field {fields[1]!r}"
    return f"expected a string in column {fields[1]!r}"


def _json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__
