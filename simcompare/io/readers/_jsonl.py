"""JSON lines: one JSON object per line."""

from __future__ import annotations

import codecs
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from functools import lru_cache

import msgspec
import numpy as np

from ..._core import JsonTexts, flat_json_records
from ...errors import InputError
from ..documents import Document
from ._lines import AUTO, bytes_per_line, decoded_lines
from ._record import DATE_FIELD, DocumentBlock, Record, Source, document_of, expected_text, json_type

__all__ = ["jsonl_records", "jsonl_byte_records", "jsonl_stream_records", "jsonl_line_record",
           "jsonl_lines_records", "parse_line",
           "read_errors", "BLOCK"]

#: Bytes read at a time by :func:`jsonl_stream_records` (more when one line is longer).
BLOCK = 1 << 20
#: With ``blocks=True``, the blocks are read one after another into buffers of this many bytes, kept as
#: they are: the texts of a buffer's blocks are one :class:`~simcompare._core.JsonTexts` without a copy.
KEPT_BUFFER = 32 << 20
_OPEN_BRACE = ord("{")
_NEWLINE = ord("\n")

# msgspec parses a news record about 2-3x faster than json.loads (benchmarks/bench_reading.py); into a plain
# dict, because the fields besides id and text pass through as the document's meta.
_DECODE = msgspec.json.Decoder().decode
_DECODE_LINES = msgspec.json.Decoder().decode_lines


def parse_line(line: str | bytes):
    """One JSON value, or the ``json.JSONDecodeError`` saying why the line is none.

    msgspec parses the line; what it refuses (bad JSON, but also what ``json``
    accepts and msgspec does not: ``NaN``, integers beyond 64 bits, lone
    surrogates) goes to ``json.loads``, so the result and the messages are
    those of ``json`` either way.

    Parameters
    ----------
    line:
        The line, decoded or as UTF-8 bytes.

    Returns
    -------
    The parsed value, or the ``json.JSONDecodeError`` (returned, not raised).

    Examples
    --------
    >>> parse_line('{"id": "a", "n": NaN}')
    {'id': 'a', 'n': nan}
    >>> parse_line("oops").msg
    'Expecting value'
    """
    try:
        return _DECODE(line)
    except (msgspec.DecodeError, ValueError):
        pass
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        return exc


def jsonl_records(lines: Iterable[tuple[int, str, InputError | None]], source: Source, fields: tuple[str, str],
                  *, must_start_with_object: bool) -> Iterator[tuple[int, Record]]:
    """(line, Document or the InputError of a bad record) for every non-blank line.

    Parameters
    ----------
    lines:
        Numbered, decoded lines, as :func:`~simcompare.io.readers._lines.decoded_lines` gives them.
    source:
        Where they come from (names ids and messages).
    fields:
        ``(id_field, text_field)``.
    must_start_with_object:
        Refuse the whole file unless its first record is a JSON object (for a
        ``.json`` file, which may hold an array or a pretty-printed object instead).

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]

    Raises
    ------
    InputError
        With ``must_start_with_object``, when the first record is not a JSON object.

    Examples
    --------
    >>> lines = [(1, '{"id": "a", "text": "one"}\\n', None), (2, "\\n", None), (3, "oops\\n", None)]
    >>> for line, record in jsonl_records(lines, Source(None, "-", "-", "jsonl"), ("id", "text"),
    ...                                   must_start_with_object=False):
    ...     print(line, record)
    1 Document(id='a', text='one', meta={})
    3 -:3: expected a JSON object with a string field 'text'; got invalid JSON (Expecting value at column 1): 'oops'
    """
    first = True
    for number, line, error in lines:
        if error is not None:
            yield number, error
            first = False
            continue
        if not line.strip():
            continue
        record = parse_line(line)
        if first and must_start_with_object and not isinstance(record, dict):
            _refuse(record, source, number)
        first = False
        if isinstance(record, json.JSONDecodeError):
            snippet = line.strip()
            snippet = snippet[:40] + ("..." if len(snippet) > 40 else "")
            # json's messages may end in "at" ("Unterminated string starting at"): one "at" before the column.
            got = f"got invalid JSON ({record.msg.removesuffix(' at')} at column {record.colno}): {snippet!r}"
            yield number, InputError(f"{expected_text(fields, source)}; {got}", path=source.shown, line=number)
            continue
        yield number, document_of(record, fields, source, number)


def jsonl_byte_records(raw: Iterable[bytes], source: Source, fields: tuple[str, str], encoding: str,
                       *, must_start_with_object: bool, first: int = 1) -> Iterator[tuple[int, Record]]:
    """As :func:`jsonl_records`, from the lines as bytes: in UTF-8, each parsed straight from its bytes.

    msgspec checks the UTF-8 as it parses, so a well-formed line is never
    decoded to ``str`` first (about a third of the parsing time saved); any line
    it refuses (a byte-order mark, bytes not valid UTF-8, bad JSON, a blank
    line, what only ``json`` accepts) goes through :func:`decoded_lines` and
    :func:`jsonl_records` alone, so the records and the errors are the same.

    Parameters
    ----------
    raw:
        A binary stream (or any iterable of lines as bytes).
    source, fields, must_start_with_object:
        As for :func:`jsonl_records`.
    encoding:
        A checked encoding; other than UTF-8, the lines are decoded first.
    first:
        The number of the first line.

    Returns
    -------
    Iterator[tuple[int, Document | InputError]]

    Raises
    ------
    InputError
        As :func:`jsonl_records`.

    Examples
    --------
    >>> lines = [b'{"id": "a", "text": "caf\\xc3\\xa9"}\\n', b'{"text": "caf\\xe9"}\\n']
    >>> for line, record in jsonl_byte_records(lines, Source(None, "-", "-", "jsonl"), ("id", "text"), "utf-8",
    ...                                        must_start_with_object=False):
    ...     print(line, record)
    1 Document(id='a', text='café', meta={})
    2 -:2: not valid utf-8 at byte 13 of the line (b'\\xe9"}\\n'); pass the right encoding, e.g. --encoding latin-1
    """
    if encoding == "auto" or codecs.lookup(encoding).name != "utf-8":
        yield from jsonl_records(decoded_lines(raw, encoding, source.shown, first), source, fields,
                                 must_start_with_object=must_start_with_object)
        return
    start = first
    first = True
    for number, data in enumerate(raw, start):
        try:
            record = _DECODE(data)
        except (msgspec.DecodeError, ValueError):
            lines = decoded_lines([data], encoding, source.shown, number)
            for found in jsonl_records(lines, source, fields, must_start_with_object=must_start_with_object and first):
                first = False
                yield found
            continue
        if first and must_start_with_object and not isinstance(record, dict):
            _refuse(record, source, number)
        first = False
        yield number, document_of(record, fields, source, number)


def _refuse(record, source: Source, number: int):
    """Raise: a ``.json`` file that does not start with an object is not JSON lines."""
    got = "invalid JSON" if isinstance(record, json.JSONDecodeError) else f"a JSON {json_type(record)}"
    raise InputError(
        f"expected JSON lines (one JSON object per line); got {got} on line 1. "
        "A .json file holding one array or one pretty-printed object cannot be streamed "
        "(unless it is a manifest: an object with a \"documents\" list): "
        "convert it with  jq -c '.[]' FILE > FILE.jsonl",
        path=source.shown,
        line=number,
    )


@lru_cache(maxsize=32)
def _typed(fields: tuple[str, str]) -> tuple | None:
    """The decoders (of one line, of many) of a record holding only the id, the text and the date, or None
    when the fields collide. Unknown fields are refused, so a record with others takes the dict path."""
    id_field, text_field = fields
    if id_field == text_field:
        return None
    spec = [("text", str), ("id", object, None)]
    rename = {"text": text_field, "id": id_field}
    if DATE_FIELD not in fields:
        spec.append(("date", object, msgspec.UNSET))
        rename["date"] = DATE_FIELD
    struct = msgspec.defstruct("Record", spec, rename=rename, forbid_unknown_fields=True)
    decoder = msgspec.json.Decoder(struct)
    return (decoder.decode, decoder.decode_lines) + (("date",) if len(spec) == 3 else ())


def _typed_document(record, fields: tuple[str, str], source: Source, number: int) -> Record:
    """The Document of a typed record (see :func:`_typed`), as :func:`document_of` makes it of the dict."""
    raw_id, date = record.id, getattr(record, "date", msgspec.UNSET)
    if raw_id.__class__ is str and raw_id:
        return Document(raw_id, record.text, {} if date is msgspec.UNSET else {DATE_FIELD: date})
    as_dict = {fields[1]: record.text} if raw_id is None else {fields[0]: raw_id, fields[1]: record.text}
    if date is not msgspec.UNSET:
        as_dict[DATE_FIELD] = date
    return document_of(as_dict, fields, source, number)


def jsonl_line_record(data: bytes, number: int, source: Source, fields: tuple[str, str],
                      encoding: str) -> Record | None:
    """The record of one line of a JSON lines file (its bytes), as a whole reading of the file makes it.

    Parameters
    ----------
    data:
        The line's bytes, with its line ending.
    number:
        Its line number, for ids and messages.
    source, fields:
        As for :func:`jsonl_records`.
    encoding:
        A checked encoding in which ``\\n`` is the byte 0x0A.

    Returns
    -------
    Document, InputError or None
        None for a blank line.

    Examples
    --------
    >>> source = Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl")
    >>> jsonl_line_record(b'{"id": "a", "text": "one", "date": "3 July"}\\n', 4, source, ("id", "text"), "utf-8")
    Document(id='a', text='one', meta={'date': '3 July'})
    >>> print(jsonl_line_record(b'{"text": 1}\\n', 5, source, ("id", "text"), "utf-8"))
    a.jsonl:5: expected a JSON object with a string field 'text'; got 'text' = number
    """
    typed = _typed(fields) if encoding == AUTO or codecs.lookup(encoding).name == "utf-8" else None
    if typed is not None:
        try:
            return _typed_document(typed[0](data), fields, source, number)
        except (msgspec.DecodeError, ValueError):
            pass
    for _, record in jsonl_byte_records([data], source, fields, encoding, must_start_with_object=False,
                                        first=number):
        return record
    return None


def read_errors(source: Source):
    """A context manager turning errors of reading ``source`` (a corrupt or truncated gzip stream) into one
    :class:`InputError` naming it.

    Parameters
    ----------
    source:
        The file read.

    Returns
    -------
    A context manager.

    Raises
    ------
    InputError
        On leaving it by an ``OSError``, ``EOFError`` or ``zlib.error``.

    Examples
    --------
    >>> with read_errors(Source("a.jsonl.gz", "a.jsonl.gz", "a.jsonl.gz", "jsonl")):
    ...     raise EOFError("Compressed file ended")
    Traceback (most recent call last):
    ...
    simcompare.errors.InputError: a.jsonl.gz: cannot read to the end (Compressed file ended); expected a whole, ...
    """
    return _ReadErrors(source)


class _ReadErrors:
    def __init__(self, source: Source):
        self.source = source

    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        if kind is not None and issubclass(kind, (OSError, EOFError, zlib.error)) and not isinstance(exc, InputError):
            raise InputError(f"cannot read to the end ({exc}); expected a whole, uncorrupted file",
                             path=self.source.shown) from None
        return False


def _blocks(readinto, source: Source) -> Iterator[memoryview]:
    """What ``readinto`` gives, in blocks of about :data:`BLOCK` bytes, each ending with a whole line (the
    last one may not). Each block is a view of one buffer, overwritten by the next: read into it, not copied."""
    buf = bytearray(BLOCK)
    view = memoryview(buf)
    held = 0
    with read_errors(source):
        while True:
            if held == len(buf):  # a line longer than the buffer: a new one, twice the size
                buf = bytearray(2 * held)
                buf[:held] = view
                view = memoryview(buf)
            got = readinto(view[held:])
            if not got:
                if held:
                    yield view[:held]
                return
            end = held + got
            cut = buf.rfind(b"\n", held, end) + 1
            if cut == 0:
                held = end
                continue
            yield view[:cut]
            held = end - cut
            buf[:held] = buf[cut:end]


def _kept_blocks(readinto, source: Source) -> Iterator[memoryview]:
    """As :func:`_blocks`, but no block is overwritten: blocks are read one after another into buffers of
    :data:`KEPT_BUFFER` bytes (a new one, the unfinished line moved over, when less than a block of room is
    left), so their bytes are kept without a copy; a block's ``obj`` is its buffer."""
    buf = np.empty(KEPT_BUFFER, dtype=np.uint8)  # not zeroed: every byte given out is read into first
    view = memoryview(buf)
    start = filled = 0  # buf[start:filled]: read, not given out yet
    with read_errors(source):
        while True:
            if len(buf) - filled < BLOCK:
                held = filled - start
                old, buf = buf, np.empty(max(KEPT_BUFFER, 2 * held + BLOCK), dtype=np.uint8)
                buf[:held] = old[start:filled]
                view, start, filled = memoryview(buf), 0, held
            got = readinto(view[filled:filled + BLOCK])
            if not got:
                if filled > start:
                    yield view[start:filled]
                return
            cut = _after_last_newline(view, filled, filled + got)
            filled += got
            if cut > start:
                yield view[start:cut]
                start = cut


def _after_last_newline(view: memoryview, lo: int, hi: int) -> int:
    """Where the bytes after the last newline of ``view[lo:hi]`` start, or -1; looked for from the end."""
    at = hi
    while at > lo:
        window = max(lo, at - 16384)
        found = bytes(view[window:at]).rfind(b"\n")
        if found >= 0:
            return window + found + 1
        at = window
    return -1


def jsonl_stream_records(raw, source: Source, fields: tuple[str, str], encoding: str, *,
                         must_start_with_object: bool, offsets: list | None = None,
                         first: int = 1, blocks: bool = False) -> Iterator[tuple[int, Record | DocumentBlock]]:
    """As :func:`jsonl_byte_records`, read from a binary stream in blocks of :data:`BLOCK` bytes.

    A block whose every line starts with ``{`` is parsed whole with msgspec
    (``decode_lines``), into a typed record of the id, the text and the date
    when a record holds no other field, else into dicts. A block that does not
    parse so (a bad line, a blank one, a byte-order mark, bytes not valid UTF-8,
    what only ``json`` accepts) is read line by line as
    :func:`jsonl_byte_records` reads it, so the records and the errors are the same.

    Parameters
    ----------
    raw:
        A binary stream (its ``read``).
    source, fields, encoding, must_start_with_object:
        As for :func:`jsonl_byte_records`.
    offsets:
        When given, ``numpy`` arrays are appended to it: first ``[0]``, then per
        block the byte offset in the stream of the end of each of its lines, so
        that joined they hold the start of line ``n`` at ``n - 1`` and its end
        at ``n``, for every line read so far (offsets from the stream's start).
    first:
        The number of the stream's first line (a byte range of a file, for Dask).
    blocks:
        Give a block whose every line holds only the id (a non-empty string),
        the text and the date, plainly written (what
        :func:`simcompare._core.flat_json_records` takes), as one
        :class:`DocumentBlock` numbered by its first line, the texts left as
        their JSON string literals: no ``str`` is built for them.

    Returns
    -------
    Iterator[tuple[int, Document | InputError | DocumentBlock]]

    Raises
    ------
    InputError
        As :func:`jsonl_records`, and for a stream that cannot be read to the end.

    Examples
    --------
    >>> data = io.BytesIO(b'{"id": "a", "text": "one"}\\n\\n{"text": "two", "outlet": "Wire"}\\n')
    >>> for line, record in jsonl_stream_records(data, Source(None, "-", "-", "jsonl"), ("id", "text"), "utf-8",
    ...                                          must_start_with_object=False):
    ...     print(line, record)
    1 Document(id='a', text='one', meta={})
    3 Document(id='-:3', text='two', meta={'outlet': 'Wire'})
    """
    if not bytes_per_line(encoding):
        yield from jsonl_records(decoded_lines(raw, encoding, source.shown, first), source, fields,
                                 must_start_with_object=must_start_with_object)
        return
    utf8 = encoding == AUTO or codecs.lookup(encoding).name == "utf-8"
    typed = _typed(fields) if utf8 else None
    state = {"base": 0, "number": first - 1, "records": 0, "dicts": False, "blocks": utf8 and blocks}
    if offsets is not None:
        offsets.append(np.zeros(1, dtype=np.int64))
    # Standard input: what has arrived, rather than wait for a whole block.
    for block in (_kept_blocks if state["blocks"] else _blocks)(
            raw.readinto1 if source.path is None else raw.readinto, source):
        yield from _block_records(block, state, source, fields, encoding, typed,
                                  must_start_with_object and not state["records"], offsets)


def _block_records(block: memoryview, state: dict, source: Source, fields: tuple[str, str], encoding: str,
                   typed: tuple | None, must_start_with_object: bool, offsets: list | None) -> list:
    """The records of one block of whole lines; ``state`` carries the offset, line and records before it.
    A list, not a generator: one layer less for each record to pass through."""
    view = np.frombuffer(block, dtype=np.uint8)
    if state["blocks"] and typed is not None and not state["dicts"]:
        whole = _literal_block(view, fields, len(typed) == 3)
        if whole is not None:
            found, line_ends = whole
            if offsets is not None:
                offsets.append(line_ends + state["base"])
            first = state["number"] + 1
            state["base"] += len(block)
            state["number"] += len(line_ends)
            state["records"] += len(line_ends)
            return [(first, found)]
    ends = np.flatnonzero(view == _NEWLINE) + 1
    if not len(ends) or ends[-1] != len(block):  # the last line of the stream, without a newline
        ends = np.append(ends, len(block))
    starts = np.concatenate(([0], ends[:-1]))
    if offsets is not None:
        offsets.append(ends + state["base"])
    number, lines = state["number"], len(starts)
    state["base"] += len(block)
    state["number"] += lines
    found = None
    if typed is not None and bool((view[starts] == _OPEN_BRACE).all()):
        found = _whole_block(block, typed, state, lines)
    if found is None:
        records = list(jsonl_byte_records(io.BytesIO(block), source, fields, encoding,
                                          must_start_with_object=must_start_with_object, first=number + 1))
        state["records"] += len(records)
        return records
    state["records"] += lines
    return _documents(found, range(number + 1, number + 1 + lines), typed, fields, source)


def _documents(found: tuple[bool, list], numbers: Iterable[int], typed: tuple, fields: tuple[str, str],
               source: Source) -> list[tuple[int, Record]]:
    """(line, record) of each parsed record (:func:`_whole_block`), numbered by ``numbers``."""
    if not found[0]:
        return [(n, document_of(record, fields, source, n)) for n, record in zip(numbers, found[1])]
    if len(typed) == 2:  # no date field in the record type: the date is the id or the text
        return [(n, Document(r.id, r.text, {}) if r.id.__class__ is str and r.id else
                 _typed_document(r, fields, source, n)) for n, r in zip(numbers, found[1])]
    unset = msgspec.UNSET
    return [(n, Document(r.id, r.text, {}) if r.id.__class__ is str and r.id and r.date is unset else
             _typed_document(r, fields, source, n)) for n, r in zip(numbers, found[1])]


def jsonl_lines_records(pieces: list[bytes], numbers: list[int], source: Source, fields: tuple[str, str],
                        encoding: str) -> list[Record | None]:
    """The records of some lines of a JSON lines file (their bytes), as a whole reading of the file makes them.

    Parsed together when they are all objects of the usual fields, else one by one
    (:func:`jsonl_line_record`).

    Parameters
    ----------
    pieces:
        The lines' bytes.
    numbers:
        Their line numbers.
    source, fields, encoding:
        As for :func:`jsonl_line_record`.

    Returns
    -------
    list[Document | InputError | None]
        None for a blank line.

    Examples
    --------
    >>> source = Source("a.jsonl", "a.jsonl", "a.jsonl", "jsonl")
    >>> jsonl_lines_records([b'{"text": "one"}\\n', b'{"id": 2, "text": "two"}\\n'], [4, 9], source, ("id", "text"),
    ...                     "utf-8")
    [Document(id='a.jsonl:4', text='one', meta={}), Document(id='2', text='two', meta={})]
    """
    typed = _typed(fields) if encoding == AUTO or codecs.lookup(encoding).name == "utf-8" else None
    if typed is not None and all(piece[:1] == b"{" for piece in pieces):
        found = _whole_block(b"\n".join(pieces), typed, {"dicts": False}, len(pieces))
        if found is not None:
            return [record for _, record in _documents(found, numbers, typed, fields, source)]
    return [jsonl_line_record(piece, number, source, fields, encoding) for piece, number in zip(pieces, numbers)]


def _literal_block(view: np.ndarray, fields: tuple[str, str], dated: bool) -> tuple[DocumentBlock, np.ndarray] | None:
    """The block as one :class:`DocumentBlock` and the end of each of its lines, or None when it must be read
    as Documents (:func:`simcompare._core.flat_json_records` does not take it: a blank line, a record with
    other fields or other values, bad JSON or UTF-8, ...)."""
    found = flat_json_records(view, id_key=fields[0], text_key=fields[1], date_key=DATE_FIELD if dated else None)
    if found is None:
        return None
    dates = found.dates
    if dates is not None:  # a record without a date has none; one of null has the date None
        dates = [msgspec.UNSET if kind == 0 else d for kind, d in zip(found.date_kinds.tolist(), dates)]
    base = view.base.obj if isinstance(view.base, memoryview) else None
    if isinstance(base, np.ndarray):  # a buffer no later block overwrites (_kept_blocks): kept, not copied
        owner, at = base, view.ctypes.data - base.ctypes.data
    else:  # a buffer the next block overwrites
        owner, at = view.tobytes(), 0
    texts = JsonTexts(owner, found.text_starts + at, found.text_ends + at, found.text_lengths)
    return DocumentBlock(found.ids, texts, dates), found.line_ends


def _whole_block(block: bytes, typed: tuple, state: dict, lines: int) -> tuple[bool, list] | None:
    """(typed?, one record per line) of a block parsed whole, or None when it must be read line by line."""
    if not state["dicts"]:
        try:
            records = typed[1](block)
        except msgspec.ValidationError as exc:
            # Fields besides id, text and date: once seen, later blocks go straight to dicts.
            state["dicts"] = "unknown field" in str(exc)
        except (msgspec.DecodeError, ValueError):
            return None
        else:
            return (True, records) if len(records) == lines else None
    try:
        records = _DECODE_LINES(block)
    except (msgspec.DecodeError, ValueError):
        return None
    return (False, records) if len(records) == lines else None
