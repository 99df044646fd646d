"""JSON lines: one JSON object per line."""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterable, Iterator

import msgspec

from ...errors import InputError
from ._lines import decoded_lines
from ._record import Record, Source, document_of, expected_text, json_type

__all__ = ["jsonl_records", "jsonl_byte_records", "parse_line"]

# msgspec parses a news record about 2-3x faster than json.loads (benchmarks/bench_reading.py); into a plain
# dict, because the fields besides id and text pass through as the document's meta.
_DECODE = msgspec.json.Decoder().decode


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
                       *, must_start_with_object: bool) -> Iterator[tuple[int, Record]]:
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
        yield from jsonl_records(decoded_lines(raw, encoding, source.shown), source, fields,
                                 must_start_with_object=must_start_with_object)
        return
    first = True
    for number, data in enumerate(raw, 1):
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
